import path from 'node:path';
import * as vscode from 'vscode';
import { renderFinding } from '../engine/report/findingsMarkdown';
import { isSafeRepoPath } from '../shared/findingModel';
import type { FindingStatuses } from '../shared/findingStatus';
import type { ReviewReport } from '../shared/reportModel';
import { reportPanelStateSchema, webviewToHostMessageSchema, type HostToWebviewMessage, type WebviewToHostMessage } from '../shared/webviewMessages';
import type { CurrentReport } from './currentReport';
import type { FindingCommands } from './findingCommands';
import { newNonce, reportPageHtml } from './reportHtml';
import type { ServerApi } from './serverApi';
import { reportPanelViewType } from '../shared/contributionIds';

interface Shown {
  report: ReviewReport;
  statuses: FindingStatuses;
  live: boolean;
}

/**
 * The report webview: one panel, reused. Its page carries the report in its HTML (shown as soon as its script
 * has loaded); what changed since is posted once the page says it is ready. The
 * current report's panel follows its statuses (dismissals, applied fixes); a report from history is
 * read-only. After a window reload the serializer reopens it from the branch's stored rounds.
 */
export class ReportPanel implements vscode.Disposable, vscode.WebviewPanelSerializer {
  static readonly viewType = reportPanelViewType;
  private panel: vscode.WebviewPanel | undefined;
  private shown: Shown | undefined;
  private ready = false;
  /** What the panel's page carries in its HTML (it shows it before saying 'ready'). */
  private embedded: Shown | undefined;
  private pendingReveal: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private panelDisposables: vscode.Disposable[] = [];
  private findingCommands: FindingCommands | undefined;
  /** The panel was opened for a running review and has shown no report yet. */
  private awaitingReview = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly server: ServerApi,
    private readonly current: CurrentReport,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      current.onDidChange(() => {
        const shown = this.shown;
        const report = current.report;
        if (!shown || !report || !current.isCurrent(shown.report)) return;
        if (!shown.live) {
          // Reopened from history (or restored after a reload) before the server made it current: now it is live.
          this.shown = { report, statuses: current.statuses, live: true };
          if (this.ready) this.post({ type: 'showReport', ...this.shown });
          this.postLocations();
          return;
        }
        this.shown = { ...shown, statuses: current.statuses };
        if (this.ready) this.post({ type: 'findingStatuses', statuses: current.statuses });
        this.postLocations();
      }),
    );
  }

  /** The buttons' actions (set once both exist: they need each other). */
  useFindingCommands(commands: FindingCommands): void {
    this.findingCommands = commands;
  }

  /**
   * Opens the panel, without taking the focus, when a review starts, so its page loads while the agents work:
   * loading a webview (the first of a window also registers VS Code's webview service worker) took longer
   * than the second the report may take once the review ends. It says "Loading the report…" until then.
   */
  prepareForReview(): void {
    if (this.panel) return;
    this.awaitingReview = true;
    const panel = vscode.window.createWebviewPanel(ReportPanel.viewType, 'Deep Review: reviewing…', { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, this.webviewOptions());
    this.adopt(panel);
  }

  /** The review ended without a report: a panel opened for it closes. */
  reviewEndedWithoutReport(): void {
    if (!this.awaitingReview) return;
    this.awaitingReview = false;
    this.panel?.dispose();
  }

  /** Shows the report (reusing the panel); with `revealFindingId`, scrolled to that finding. */
  show(report: ReviewReport, statuses: FindingStatuses, live: boolean, revealFindingId?: string): void {
    this.awaitingReview = false;
    const unchanged = this.panel !== undefined && this.shown?.report === report;
    this.shown = { report, statuses, live };
    this.pendingReveal = revealFindingId;
    if (this.panel) {
      // A hidden panel keeps its page (retainContextWhenHidden): revealing it shows the report at once; a page
      // still loading gets what changed when it says 'ready'.
      this.panel.title = titleOf(report);
      this.panel.reveal(vscode.ViewColumn.Active);
      if (this.ready) {
        if (!unchanged) this.post({ type: 'showReport', report, statuses, live });
        this.postLocations();
        this.revealPending();
      }
      return;
    }
    const panel = vscode.window.createWebviewPanel(ReportPanel.viewType, titleOf(report), vscode.ViewColumn.Active, this.webviewOptions());
    this.adopt(panel);
  }

  /** Posts the pending reveal; it stays pending until a page has taken it (the next 'ready' posts it again). */
  private revealPending(): void {
    const findingId = this.pendingReveal;
    if (!findingId || !this.shown?.report.findings.some((finding) => finding.id === findingId)) {
      this.pendingReveal = undefined;
      return;
    }
    void this.panel?.webview.postMessage({ type: 'revealFinding', findingId } satisfies HostToWebviewMessage).then((delivered) => {
      if (delivered && this.pendingReveal === findingId) this.pendingReveal = undefined;
    });
  }

  /** VS Code reopens the panel after a window reload with the state the page saved: the round is read back from storage. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, rawState: unknown): Promise<void> {
    const state = reportPanelStateSchema.safeParse(rawState);
    if (!state.success) {
      panel.dispose();
      return;
    }
    this.panel?.dispose();
    panel.webview.options = this.webviewOptions();
    this.adopt(panel);
    try {
      const { repoRoot, branch, round } = state.data;
      const result = await this.server.round(repoRoot, branch, round);
      if (this.panel !== panel) return;
      this.shown = { report: result.report, statuses: result.statuses, live: result.live };
      panel.title = titleOf(result.report);
      if (this.ready) this.post({ type: 'showReport', ...this.shown });
    } catch (error) {
      this.log.warn(`The report panel could not be restored: ${error instanceof Error ? error.message : String(error)}`);
      panel.dispose();
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of [...this.disposables.splice(0), ...this.panelDisposables.splice(0)]) disposable.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
      // Kept while hidden: loading the page again (the webview's frames, then the bundle) took over a second under
      // load, every time Open Last Report or a finding link brought the panel back; one page's memory is the price.
      retainContextWhenHidden: true,
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'deep-review.svg');
    this.panel = panel;
    this.loadPage(panel);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.awaitingReview = false;
        this.ready = false;
        for (const disposable of this.panelDisposables.splice(0)) disposable.dispose();
      }),
    );
  }

  /** (Re)loads the panel's page, with the report to show in its HTML. */
  private loadPage(panel: vscode.WebviewPanel): void {
    this.ready = false;
    this.embedded = this.shown;
    const sources = {
      assetUri: (...segments: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString(),
      cspSource: panel.webview.cspSource,
    };
    panel.webview.html = reportPageHtml(sources, newNonce(), this.shown ? showReportMessage(this.shown) : undefined);
  }

  /** The live report's location links follow their findings (edits, applied fixes): where each is now. */
  private postLocations(): void {
    const shown = this.shown;
    if (!this.ready || !shown?.live || !this.current.isCurrent(shown.report)) return;
    this.post({ type: 'findingLocations', locations: this.current.locationsNow });
  }

  private post(message: HostToWebviewMessage): void {
    void this.panel?.webview.postMessage(message.type === 'showReport' ? showReportMessage(message) : message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = webviewToHostMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`Ignored an invalid message from the report webview: ${parsed.error.message}`);
      return;
    }
    const message: WebviewToHostMessage = parsed.data;
    const shown = this.shown;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        // The page already shows what its HTML carried; a report or statuses that changed since are posted.
        if (shown && shown !== this.embedded) this.post({ type: 'showReport', ...shown });
        this.postLocations();
        this.revealPending();
        return;
      case 'openLocation':
        if (shown) await openLocation(shown.report, message.path, this.lineNow(shown, message.path, message.line));
        return;
      case 'exportReport':
        await vscode.commands.executeCommand('deepReview.exportReport');
        return;
      case 'copyFinding': {
        const finding = shown?.report.findings.find((candidate) => candidate.id === message.findingId);
        if (!finding) return;
        await vscode.env.clipboard.writeText(renderFinding(finding));
        void vscode.window.setStatusBarMessage(`Deep Review: copied ${finding.id} as Markdown`, 3000);
        return;
      }
      case 'applyFix':
      case 'showFixDiff':
      case 'dismissFinding':
        await this.onFinding(message.type, message.findingId);
        return;
    }
  }

  /**
   * The page links a finding's reviewed lines; in the current report the finding may have moved since (edits,
   * an applied fix above it): the line the Problems panel shows now is opened.
   */
  private lineNow(shown: Shown, repoPath: string, line: number): number {
    if (!shown.live || !this.current.isCurrent(shown.report)) return line;
    const finding = shown.report.findings.find((candidate) => candidate.location.path === repoPath && candidate.anchor.startLine === line);
    return finding ? this.current.locationOf(finding)?.startLine ?? line : line;
  }

  /** Actions on a finding act on the current report only: a report from history is read-only. */
  private async onFinding(action: 'applyFix' | 'showFixDiff' | 'dismissFinding', findingId: string): Promise<void> {
    const commands = this.findingCommands;
    if (!commands || !this.shown?.live || !this.current.isCurrent(this.shown.report)) {
      void vscode.window.showInformationMessage('This report is not the current review: run "Deep Review: Review Branch" to act on its findings.');
      return;
    }
    if (action === 'showFixDiff') {
      await commands.showFixDiff(findingId);
      return;
    }
    if (action === 'dismissFinding') {
      await commands.dismiss(findingId);
      return;
    }
    const outcome = await commands.applyFix(findingId);
    this.post({ type: 'fixResult', findingId, ok: outcome.ok, message: outcome.message });
  }
}

/** Code in the report shows tabs as wide as the editor does. */
function showReportMessage(shown: Shown): HostToWebviewMessage {
  return { type: 'showReport', report: shown.report, statuses: shown.statuses, live: shown.live, tabSize: editorTabSize() };
}

function titleOf(report: ReviewReport): string {
  return `Deep Review: ${report.branch.branch} (round ${report.round})`;
}

async function openLocation(report: ReviewReport, repoPath: string, line: number): Promise<void> {
  if (!isSafeRepoPath(repoPath)) return;
  const uri = vscode.Uri.file(path.join(report.branch.repoRoot, repoPath));
  const position = new vscode.Position(line - 1, 0);
  try {
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot open ${repoPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** editor.tabSize when it is a number of columns, else 4. */
function editorTabSize(): number {
  const value = vscode.workspace.getConfiguration('editor').get<unknown>('tabSize');
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 32 ? value : 4;
}
