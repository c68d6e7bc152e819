import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCodes, MessageType, ResponseError, ShowMessageNotification, type CancellationToken, type Connection, type ExecuteCommandParams, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { formatSeverityCounts } from '../shared/reportFormat';
import { renderFileDiffs } from '../shared/fixDiff';
import { dismissCommandId, editorCommandIds, editorCommandReviewArgsSchema, fixAppliedCommandId, showFixDiffCommandId, type EditorReviewResult, type FixPreviewResult } from '../shared/protocol';
import type { AppliedFixRecorder } from './appliedFixRecorder';
import { SettingsError, reviewSettings } from './clientSettings';
import type { EditorClient } from './editorClient';
import type { FindingActions } from './findingActions';
import type { FindingStore } from './findingStore';
import { exportReport } from './reportExport';
import type { ReviewHandler } from './reviewHandler';

/** What a client is offered to pick from when it dismisses a finding without giving a reason. */
export const dismissReasons = ['False positive', 'Intended behaviour', "Won't fix"] as const;

/** The commands advertised to every client (executeCommandProvider). */
export const advertisedCommands: string[] = Object.values(editorCommandIds);

/**
 * Serves workspace/executeCommand for LSP clients other than VS Code: the advertised commands, and the
 * commands the code actions carry (VS Code's extension runs those itself; any other client sends them here).
 */
export class EditorCommands {
  constructor(
    private readonly connection: Connection,
    private readonly client: EditorClient,
    private readonly store: FindingStore,
    private readonly reviews: ReviewHandler,
    private readonly actions: FindingActions,
    private readonly appliedFixes: AppliedFixRecorder,
    private readonly previewFix: (findingId: string) => Promise<FixPreviewResult>,
  ) {}

  async execute(params: ExecuteCommandParams, token: CancellationToken): Promise<unknown> {
    const args: unknown[] = params.arguments ?? [];
    switch (params.command) {
      case editorCommandIds.review:
        return this.review(args[0], params.workDoneToken, token);
      case editorCommandIds.cancelReview:
        await this.reviews.cancelRunning();
        return null;
      case editorCommandIds.showReport:
        return this.showReport();
      case editorCommandIds.dismiss:
      case dismissCommandId:
        return this.dismiss(args[0], args[1]);
      case showFixDiffCommandId:
        return this.showFixDiff(args[0]);
      case fixAppliedCommandId:
        await this.appliedFixes.handle({ findingId: args[0] });
        return null;
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `Deep Review has no command "${params.command}".`);
    }
  }

  private async review(rawArgs: unknown, workDoneToken: string | number | undefined, token: CancellationToken): Promise<EditorReviewResult> {
    // Lua clients (Neovim) send an empty table as [].
    const parsed = editorCommandReviewArgsSchema.safeParse(rawArgs === undefined || (Array.isArray(rawArgs) && rawArgs.length === 0) ? {} : rawArgs);
    if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, `${editorCommandIds.review} takes { cwd?, full? }: ${parsed.error.message}`);
    const cwd = parsed.data.cwd ?? this.client.workspaceFolder;
    if (cwd === null) throw new ResponseError(ErrorCodes.InvalidParams, 'No folder to review: the editor sent no workspace folder; pass { cwd } to the command.');
    let resolved;
    try {
      resolved = reviewSettings(await this.client.settings(cwd));
    } catch (error) {
      if (error instanceof SettingsError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
      throw error;
    }
    const { settings, warnings } = resolved;
    for (const warning of warnings) this.notify(MessageType.Warning, `Deep Review: ${warning}`);
    const progress = workDoneToken === undefined ? await this.serverProgress() : undefined;
    // The user cancels it from the editor's progress (window/workDoneProgress/cancel).
    const cancelled = progress?.token.onCancellationRequested(() => void this.reviews.cancelRunning());
    try {
      const params = { ...settings, cwd, outDir: null, ...(parsed.data.full ? { scope: 'full' as const } : {}), ...(workDoneToken === undefined ? {} : { workDoneToken }) };
      const { report } = await this.reviews.handle(params, token, progress);
      const summary = `${report.verdict} — findings: ${formatSeverityCounts(report.findings)}`;
      this.notify(MessageType.Info, `Deep Review round ${report.round}: ${summary}`);
      return { round: report.round, verdict: report.verdict, findings: report.findings.length, warnings };
    } finally {
      cancelled?.dispose();
    }
  }

  /** A client that asked for no progress of its own gets the server's, when it can show one. */
  private async serverProgress(): Promise<WorkDoneProgressServerReporter | undefined> {
    if (!this.client.supportsWorkDoneProgress) return undefined;
    return this.connection.window.createWorkDoneProgress().catch(() => undefined);
  }

  /** The fix as a unified diff in a temporary file, shown like the report. */
  private async showFixDiff(findingId: unknown): Promise<{ file: string; shown: boolean }> {
    if (typeof findingId !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${showFixDiffCommandId} takes [findingId].`);
    const preview = await this.previewFix(findingId);
    if (preview.kind === 'already-applied') throw new ResponseError(ErrorCodes.InvalidRequest, `The fix for ${findingId} is already applied.`);
    if (preview.kind === 'refused') this.notify(MessageType.Warning, `Deep Review: ${preview.reason}`);
    const diff = preview.kind === 'ready' ? renderFileDiffs(preview.files.map((file) => ({ path: file.path, before: file.current, after: file.fixed }))) : preview.diff;
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'deep-review-fix-')), `${findingId}.diff`);
    await fs.writeFile(file, diff);
    return { file, shown: await this.show(file) };
  }

  private async show(file: string): Promise<boolean> {
    if (this.client.supportsShowDocument) {
      const { success } = await this.connection.window.showDocument({ uri: pathToFileURL(file).toString(), takeFocus: true });
      if (success) return true;
    }
    this.notify(MessageType.Info, `Deep Review: ${file}`);
    return false;
  }

  /** The report as Markdown in a new temporary folder, shown by the client when it can show a document. */
  private async showReport(): Promise<{ files: string[]; shown: boolean }> {
    const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'deep-review-report-'));
    const { files } = await exportReport({ formats: ['md'], outDir }, this.store.current);
    const [markdown] = files;
    if (markdown === undefined) throw new ResponseError(ErrorCodes.InternalError, 'The report was not written.');
    return { files, shown: await this.show(markdown) };
  }

  /** A message without choices: a notification, so no client waits for an answer (window/showMessageRequest would). */
  private notify(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  private async dismiss(findingId: unknown, reason: unknown): Promise<unknown> {
    if (typeof reason === 'string' && reason.trim() !== '') return this.actions.dismiss({ findingId, reason });
    if (!this.client.supportsMessageRequests) throw new ResponseError(ErrorCodes.InvalidParams, `Give a reason to dismiss ${String(findingId)}: arguments [findingId, reason].`);
    const choice = await this.connection.window.showInformationMessage(`Dismiss Deep Review finding ${String(findingId)}: why?`, ...dismissReasons.map((title) => ({ title })));
    if (!choice) return null;
    return this.actions.dismiss({ findingId, reason: choice.title });
  }
}
