import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress } from 'vscode-languageclient/node';
import type { ReviewParams } from '../shared/protocol';
import type { ReviewerConfig } from '../shared/reviewerConfig';
import type { ApiKeyStore } from './apiKeyStore';
import type { CurrentReport } from './currentReport';
import type { ReportPanel } from './reportPanel';
import { pickRepositoryFolder } from './repositoryFolder';
import { reviewerProblemsOf, type ReviewerProblemsView } from './reviewerProblems';
import type { PendingCheck, ReviewReadiness } from './reviewReadiness';
import type { ReviewStatusBar } from './reviewStatusBar';
import type { ServerApi } from './serverApi';
import { readBudget, readContextLines, readSettings, type DeepReviewSettings } from './settings';
import { resolveVerifyCommand } from './verifyCommandSetting';
import { withTrustedAgentSettings } from './workspaceAgentSettings';

export interface ReviewRequest {
  /** Run the agents even when the branch has not changed since its last stored round. */
  force?: boolean;
  /** Instead of the settings' enabled reviewers / base branch ("Review Branch with…"). */
  reviewers?: ReviewerConfig[];
  baseBranch?: string | null;
  /** Review the whole branch, also when only the commits since its last round could be reviewed. */
  fullReview?: boolean;
}

/** An entry of the "Review Branch with…" list: a reviewer, or (without one) the full-review choice. */
type ReviewWithItem = vscode.QuickPickItem & { reviewer?: ReviewerConfig };

const reviewAgain = 'Review Again';

/** Review Branch, Review Branch with…, Cancel Review: one review at a time, with a cancellable progress notification. */
export class ReviewCommands {
  private running: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly server: ServerApi,
    private readonly current: CurrentReport,
    private readonly panel: ReportPanel,
    private readonly statusBar: ReviewStatusBar,
    private readonly log: vscode.LogOutputChannel,
    /** Where the user's answers about this workspace's verify command and agent programs are kept. */
    private readonly approvals: vscode.Memento,
    private readonly readiness: ReviewReadiness,
    private readonly keys: ApiKeyStore,
    private readonly problems: ReviewerProblemsView,
  ) {}

  async reviewBranch(request: ReviewRequest = {}): Promise<void> {
    if (this.running) {
      void vscode.window.showInformationMessage('A Deep Review is already running. Cancel it first ("Deep Review: Cancel Review") to start another.', 'Cancel Review').then((choice) => {
        if (choice) this.cancel();
      });
      return;
    }
    const folder = await pickRepositoryFolder();
    if (!folder) return;
    const settings = this.settingsFor(folder);
    if (!settings) return;
    // Checked while the branch's last round is looked up: an unchanged branch shows its report without agents.
    const checking = this.readiness.start(request.reviewers ?? settings.reviewers, settings.consolidator);
    if (!request.force && (await this.showUnchangedRound(folder))) return;
    const verifyCommand = await resolveVerifyCommand(folder, this.approvals);
    await this.run(folder, checking, {
      cwd: folder.uri.fsPath,
      baseBranch: request.baseBranch === undefined ? settings.baseBranch : request.baseBranch,
      reviewers: request.reviewers ?? settings.reviewers,
      consolidator: settings.consolidator,
      apiKeys: await this.keys.all(),
      outDir: null,
      verifyCommand,
      budget: readBudget(folder.uri),
      contextLines: readContextLines(folder.uri),
      scope: request.fullReview === true || !settings.incrementalReviews ? 'full' : 'auto',
      workDoneToken: randomUUID(),
    });
  }

  /** "Review Branch with…": pick the reviewers, a full review, and the base branch for this run only. */
  async reviewBranchWith(): Promise<void> {
    const folder = await pickRepositoryFolder();
    if (!folder) return;
    const settings = this.settingsFor(folder);
    if (!settings) return;
    const fullReview: ReviewWithItem = {
      label: 'Full review',
      description: 'the whole branch, not only the commits since its last review',
      picked: !settings.incrementalReviews,
    };
    const items: ReviewWithItem[] = [
      ...settings.reviewers.map((reviewer) => ({ label: reviewer.id, description: `${reviewer.cli} · ${reviewer.model} · ${reviewer.effort}`, picked: reviewer.enabled, reviewer })),
      { label: 'Scope', kind: vscode.QuickPickItemKind.Separator },
      fullReview,
    ];
    const pickedItems = await vscode.window.showQuickPick(items, { title: 'Deep Review: Review Branch with…', placeHolder: 'Reviewers for this review', canPickMany: true });
    if (!pickedItems) return;
    const picked = pickedItems.flatMap((item) => (item.reviewer ? [item.reviewer] : []));
    if (picked.length === 0) {
      void vscode.window.showWarningMessage('Deep Review needs at least one reviewer.');
      return;
    }
    const base = await vscode.window.showInputBox({
      title: 'Deep Review: Review Branch with…',
      prompt: 'Base branch to compare with (empty: the remote’s default branch, else main or master)',
      value: settings.baseBranch ?? '',
    });
    if (base === undefined) return;
    const chosen = new Set(picked.map((reviewer) => reviewer.id));
    await this.reviewBranch({
      force: true,
      reviewers: settings.reviewers.map((reviewer) => ({ ...reviewer, enabled: chosen.has(reviewer.id) })),
      baseBranch: base.trim() === '' ? null : base.trim(),
      fullReview: pickedItems.includes(fullReview),
    });
  }

  cancel(): void {
    if (!this.running) {
      void vscode.window.showInformationMessage('No Deep Review is running.');
      return;
    }
    this.running.cancel();
  }

  private settingsFor(folder: vscode.WorkspaceFolder): DeepReviewSettings | undefined {
    try {
      return withTrustedAgentSettings(folder, readSettings(folder.uri), this.approvals, this.log);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error), 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'deepReview.reviewers');
      });
      return undefined;
    }
  }

  /** When HEAD is the commit the latest stored round reviewed, shows that report instead of paying the agents again. */
  private async showUnchangedRound(folder: vscode.WorkspaceFolder): Promise<boolean> {
    let restored;
    try {
      restored = await this.server.restore(folder.uri.fsPath);
    } catch (error) {
      this.log.warn(`Could not read the branch's earlier rounds: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    if (!restored.report || restored.headMoved) return false;
    const { report } = restored;
    this.current.set(report, restored.statuses);
    this.panel.show(report, restored.statuses, true);
    this.log.info(`${report.branch.branch} has not changed since round ${report.round} (${report.branch.head.slice(0, 8)}): showing its report, no agent run.`);
    void vscode.window
      .showInformationMessage(`Deep Review: ${report.branch.branch} has not changed since round ${report.round}, so its report is shown without running the agents.`, reviewAgain)
      .then((choice) => {
        if (choice === reviewAgain) void this.reviewBranch({ force: true });
      });
    return true;
  }

  /** One progress notification from the readiness check to the report; no review when no reviewer is ready. */
  private async run(folder: vscode.WorkspaceFolder, checking: PendingCheck, requested: ReviewParams): Promise<void> {
    const cancel = new vscode.CancellationTokenSource();
    this.running = cancel;
    void vscode.commands.executeCommand('setContext', 'deepReview.reviewRunning', true);
    this.statusBar.running('checking the reviewers…');
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Deep Review', cancellable: true },
        async (progress, token) => {
          progress.report({ message: 'checking the reviewers…' });
          const ready = await this.readiness.gate(checking);
          if (!ready || token.isCancellationRequested) return null;
          const params = { ...requested, reviewers: ready.reviewers, consolidator: ready.consolidator };
          const enabled = params.reviewers.filter((reviewer) => reviewer.enabled);
          this.log.info(`Reviewing ${folder.uri.fsPath} with ${enabled.map((reviewer) => `${reviewer.id} (${reviewer.model}, ${reviewer.effort})`).join(', ')}`);
          this.statusBar.running('collecting the branch…');
          const onCancel = token.onCancellationRequested(() => { cancel.cancel(); });
          let panelPrepared = false;
          const listener = this.server.client.onProgress(WorkDoneProgress.type, params.workDoneToken ?? '', (value) => {
            if (value.kind === 'end' || !value.message) return;
            // The branch is collected (a review that cannot start has failed by now): the report's page loads
            // while the agents work. Once per review, so a panel the user closes stays closed.
            if (!panelPrepared) {
              panelPrepared = true;
              this.panel.prepareForReview();
            }
            progress.report({ message: value.message });
            this.statusBar.running(value.message);
          });
          try {
            return await this.server.review(params, cancel.token);
          } finally {
            listener.dispose();
            onCancel.dispose();
          }
        },
      );
      if (result === null) {
        this.statusBar.idle();
        return;
      }
      const { report, statuses } = result;
      this.log.info(`Review finished: round ${report.round}, ${report.verdict}, ${report.findings.length} findings`);
      this.current.set(report, statuses);
      this.statusBar.idle();
      this.panel.show(report, statuses, true);
      this.problems.recordReport(report);
    } catch (error) {
      this.panel.reviewEndedWithoutReport();
      if ((error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) || cancel.token.isCancellationRequested) {
        this.log.info('Review cancelled.');
        this.statusBar.idle();
        void vscode.window.showInformationMessage('Deep Review cancelled. Your files were not changed.');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`Review failed: ${message}`);
      this.statusBar.failed(message);
      const problems = reviewerProblemsOf(error);
      if (problems) {
        this.problems.notifyFailure(problems);
        return;
      }
      void vscode.window.showErrorMessage(`Deep Review failed: ${message}`, 'Show Log').then((choice) => {
        if (choice) this.log.show();
      });
    } finally {
      this.running = undefined;
      cancel.dispose();
      void vscode.commands.executeCommand('setContext', 'deepReview.reviewRunning', false);
    }
  }
}
