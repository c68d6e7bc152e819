import path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../shared/findingModel';
import type { CurrentReport } from './currentReport';
import { notifyFixApplied } from './fixAppliedCommand';
import { FixDiffDocuments } from './fixDiffDocuments';
import type { ServerApi } from './serverApi';

export interface FixOutcome {
  ok: boolean;
  message: string;
}

const showFixDiff = 'Show Fix Diff';

/** Apply fix, Show fix diff and Dismiss for the current report's findings (quick fixes, the report's buttons, the view). */
export class FindingCommands {
  constructor(
    private readonly server: ServerApi,
    private readonly current: CurrentReport,
    private readonly documents: FixDiffDocuments,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** "Apply Fix" from the palette or the view: the finding given or picked, with the outcome shown. */
  async applyFixCommand(findingId?: unknown): Promise<void> {
    const finding = await this.findingArgument(findingId, 'Apply the fix of which finding?', (candidate) => candidate.fix !== null);
    if (!finding) return;
    const outcome = await this.applyFix(finding.id);
    if (outcome.ok) void vscode.window.setStatusBarMessage(`Deep Review: ${outcome.message}`, 5000);
  }

  /** Applies the fix as one undoable workspace edit, planned by the server against the current text. */
  async applyFix(findingId: string): Promise<FixOutcome> {
    const result = await this.server.fixEdit(findingId);
    if (result.kind !== 'ready') {
      const message = result.kind === 'already-applied' ? `The fix for ${findingId} is already applied.` : result.reason;
      void vscode.window.showWarningMessage(`Deep Review: ${message}`, ...(result.kind === 'refused' ? [showFixDiff] : [])).then((choice) => {
        if (choice === showFixDiff) void this.showFixDiff(findingId);
      });
      return { ok: false, message };
    }
    // Edits annotated as needing confirmation open VS Code's refactor preview, every file listed, before anything is written.
    const edit = await this.server.client.protocol2CodeConverter.asWorkspaceEdit({ documentChanges: result.documentChanges, ...(result.changeAnnotations ? { changeAnnotations: result.changeAnnotations } : {}) });
    const applied = await vscode.workspace.applyEdit(edit);
    if (applied) await notifyFixApplied(this.server.client, this.log, findingId);
    if (applied) return { ok: true, message: `Applied the fix for ${findingId}. Undo with Ctrl+Z in the edited file.` };
    // A fix that needs confirmation opens the refactor preview; closing it without applying is not an error.
    if (result.changeAnnotations) return { ok: false, message: `The fix for ${findingId} was not applied: its preview was closed without applying it.` };
    return { ok: false, message: `The fix for ${findingId} could not be applied: the file changed meanwhile.` };
  }

  /** VS Code's diff editor: the file as it is now against the file with the fix; the fix itself when it no longer fits. */
  async showFixDiff(findingId?: unknown): Promise<void> {
    const finding = await this.findingArgument(findingId, 'Show the fix of which finding?', (candidate) => candidate.fix !== null);
    if (!finding) return;
    const preview = await this.server.fixPreview(finding.id);
    if (preview.kind === 'already-applied') {
      void vscode.window.showInformationMessage(`Deep Review: the fix for ${finding.id} is already applied.`);
      return;
    }
    if (preview.kind === 'refused') {
      if (preview.diff === '') {
        void vscode.window.showWarningMessage(`Deep Review: ${preview.reason}`);
        return;
      }
      const uri = this.documents.put(finding.id, `${finding.id}.diff`, preview.diff);
      const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'diff');
      await vscode.window.showTextDocument(document, { preview: true });
      void vscode.window.showWarningMessage(`Deep Review: the fix for ${finding.id} is shown as the reviewer wrote it. ${preview.reason}`);
      return;
    }
    const pairs = preview.files.map((file) => {
      const current = vscode.Uri.parse(file.uri);
      const fixed = this.documents.put(finding.id, file.path, file.fixed);
      return { path: file.path, current, fixed };
    });
    const [only] = pairs;
    if (pairs.length === 1 && only) {
      await vscode.commands.executeCommand('vscode.diff', only.current, only.fixed, `${path.basename(only.path)} ↔ with fix ${finding.id}`, { preview: true });
      return;
    }
    await vscode.commands.executeCommand('vscode.changes', `Deep Review fix ${finding.id}`, pairs.map((pair) => [pair.current, pair.current, pair.fixed]));
  }

  /** Asks for the reason and records it in the branch's ledger: the finding stays out of later rounds until its code changes. */
  async dismiss(findingId?: unknown): Promise<void> {
    const finding = await this.findingArgument(findingId, 'Dismiss which finding?', () => true);
    if (!finding) return;
    const reason = await vscode.window.showInputBox({
      title: `Dismiss ${finding.id}: ${finding.title}`,
      prompt: 'Why is this not a problem? Recorded with the branch; the finding stays dismissed in later rounds until its code changes.',
      placeHolder: 'e.g. intended: prices are validated by the caller',
      validateInput: (value) => (value.trim() === '' ? 'A dismissal needs a reason.' : null),
    });
    if (reason === undefined) return;
    try {
      this.current.setStatuses(await this.server.dismiss(finding.id, reason.trim()));
      this.log.info(`Dismissed ${finding.id} (${finding.title}): ${reason.trim()}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`Dismissing ${finding.id} failed: ${message}`);
      void vscode.window.showErrorMessage(`Deep Review: ${message}`);
    }
  }

  /** The finding a command was given (by id), or the one the user picks among the current report's active findings. */
  private async findingArgument(argument: unknown, placeHolder: string, eligible: (finding: Finding) => boolean): Promise<Finding | undefined> {
    const report = this.current.report;
    if (!report) {
      void vscode.window.showInformationMessage('There is no Deep Review report yet. Run "Deep Review: Review Branch" first.');
      return undefined;
    }
    const id = typeof argument === 'string' ? argument : findingIdOf(argument);
    if (id !== undefined) {
      const finding = report.findings.find((candidate) => candidate.id === id);
      if (!finding) void vscode.window.showWarningMessage(`Deep Review: ${id} is not a finding of the current report.`);
      return finding;
    }
    const candidates = this.current.activeFindings().filter(eligible);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('Deep Review: no open finding to act on.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      candidates.map((finding) => ({ label: `${finding.id}: ${finding.title}`, description: `${finding.location.path}:${finding.location.startLine}`, finding })),
      { placeHolder, matchOnDescription: true },
    );
    return picked?.finding;
  }
}

/** Commands run from the Deep Review view get its tree item; those carry the finding id. */
function findingIdOf(argument: unknown): string | undefined {
  if (typeof argument !== 'object' || argument === null || !('findingId' in argument)) return undefined;
  const { findingId } = argument;
  return typeof findingId === 'string' ? findingId : undefined;
}
