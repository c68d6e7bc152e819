import * as vscode from 'vscode';
import { reportKeyOf } from '../shared/protocol';
import type { CurrentReport } from './currentReport';
import type { RoundNode } from './findingsView';
import type { ReportPanel } from './reportPanel';
import { pickRepositoryFolder } from './repositoryFolder';
import type { ServerApi } from './serverApi';

const clearedReportKey = 'deepReview.clearedReport';

/** Open Last Report, Open Report from History…, Clear Findings, and bringing the last report back after a reload or a server restart. */
export class ReportHistoryCommands {
  constructor(
    private readonly server: ServerApi,
    private readonly current: CurrentReport,
    private readonly panel: ReportPanel,
    private readonly log: vscode.LogOutputChannel,
    /** Remembers the report the user cleared, so a window reload does not bring it back. */
    private readonly workspaceState: vscode.Memento,
  ) {}

  /**
   * Makes the latest stored round of the workspace's branch the current report again (diagnostics in the
   * Problems panel) without running any agent. Quiet: at start-up there may be nothing to restore.
   */
  async restore(options: { evenIfCleared?: boolean } = {}): Promise<boolean> {
    const cleared = options.evenIfCleared ? undefined : this.workspaceState.get<string>(clearedReportKey);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      try {
        const restored = await this.server.restore(folder.uri.fsPath);
        for (const warning of restored.warnings) this.log.warn(warning);
        if (!restored.report) continue;
        if (reportKeyOf(restored.report) === cleared) {
          await this.server.clearFindings();
          continue;
        }
        this.current.set(restored.report, restored.statuses);
        this.log.info(`Restored round ${restored.report.round} of ${restored.report.branch.branch}${restored.headMoved ? ' (the branch has new commits since)' : ''}.`);
        return true;
      } catch (error) {
        this.log.debug(`Nothing to restore in ${folder.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return false;
  }

  async openLastReport(): Promise<void> {
    if (!this.current.report) await this.restore({ evenIfCleared: true });
    const report = this.current.report;
    if (!report) {
      void vscode.window.showInformationMessage('No Deep Review report for this branch yet. Run "Deep Review: Review Branch" first.', 'Review Branch').then((choice) => {
        if (choice) void vscode.commands.executeCommand('deepReview.reviewBranch');
      });
      return;
    }
    this.panel.show(report, this.current.statuses, true);
  }

  async openRound(node?: RoundNode): Promise<void> {
    if (!node) {
      await this.openFromHistory();
      return;
    }
    await this.showRound(node.repoRoot, node.branch, node.summary.round);
  }

  /** "Open Report from History…": every stored round of every branch of the repository. */
  async openFromHistory(): Promise<void> {
    const folder = await pickRepositoryFolder();
    if (!folder) return;
    let history;
    try {
      history = await this.server.history(folder.uri.fsPath);
    } catch (error) {
      void vscode.window.showErrorMessage(`Deep Review: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const items = history.branches.flatMap((branch) =>
      [...branch.rounds].reverse().map((summary) => ({
        label: `${branch.branch} — round ${summary.round}`,
        description: `${summary.verdict} · ${new Date(summary.createdAt).toLocaleString()}`,
        detail: `${summary.counts.critical} critical, ${summary.counts.important} important, ${summary.counts.suggestion} suggestions · commit ${summary.head.slice(0, 8)}`,
        branch: branch.branch,
        round: summary.round,
      })),
    );
    if (items.length === 0) {
      void vscode.window.showInformationMessage('Deep Review has no stored reports in this repository yet.');
      return;
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Deep Review: Open Report from History', placeHolder: 'Branch and round', matchOnDescription: true });
    if (picked) await this.showRound(history.repoRoot, picked.branch, picked.round);
  }

  /** "Clear Findings": the current report's diagnostics leave the Problems panel; the stored rounds stay. */
  async clearFindings(): Promise<void> {
    const report = this.current.report;
    if (report) await this.workspaceState.update(clearedReportKey, reportKeyOf(report));
    await this.server.clearFindings();
    this.current.clear();
    void vscode.window.setStatusBarMessage('Deep Review: findings cleared (the stored reports are kept).', 4000);
  }

  private async showRound(repoRoot: string, branch: string, round: number): Promise<void> {
    try {
      const result = await this.server.round(repoRoot, branch, round);
      this.panel.show(result.report, result.statuses, result.live);
    } catch (error) {
      void vscode.window.showErrorMessage(`Deep Review: round ${round} of ${branch} cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
