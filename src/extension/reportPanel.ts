import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isSafeRepoPath } from '../shared/findingModel';
import { fixRequestMethod, fixResultSchema } from '../shared/protocol';
import type { ReviewReport } from '../shared/reportModel';
import { webviewToHostMessageSchema, type HostToWebviewMessage, type WebviewToHostMessage } from '../shared/webviewMessages';
import { notifyFixApplied } from './fixAppliedCommand';
import { reportPageHtml } from './reportHtml';

/** The report webview: one panel, reused, fed the report model only after the page says it is ready. */
export class ReportPanel implements vscode.Disposable {
  static readonly viewType = 'deepReview.report';
  private panel: vscode.WebviewPanel | undefined;
  private report: ReviewReport | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  show(report: ReviewReport): void {
    this.report = report;
    const title = `Deep Review: ${report.branch.branch}`;
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Active);
      if (this.ready) this.post({ type: 'showReport', report });
      return;
    }
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')];
    const panel = vscode.window.createWebviewPanel(ReportPanel.viewType, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: roots,
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'deep-review.svg');
    this.panel = panel;
    this.ready = false;
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message), undefined, this.disposables);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    }, undefined, this.disposables);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private post(message: HostToWebviewMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = webviewToHostMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`Ignored an invalid message from the report webview: ${parsed.error.message}`);
      return;
    }
    const message: WebviewToHostMessage = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.report) this.post({ type: 'showReport', report: this.report });
        return;
      case 'openLocation':
        await this.openLocation(message.path, message.line);
        return;
      case 'applyFix':
        await this.applyFix(message.findingId);
        return;
      case 'exportReport':
        await vscode.commands.executeCommand('deepReview.exportReport');
        return;
    }
  }

  private async openLocation(repoPath: string, line: number): Promise<void> {
    if (!this.report || !isSafeRepoPath(repoPath)) return;
    const uri = vscode.Uri.file(path.join(this.report.branch.repoRoot, repoPath));
    const position = new vscode.Position(line - 1, 0);
    try {
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot open ${repoPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async applyFix(findingId: string): Promise<void> {
    const result = fixResultSchema.parse(await this.client.sendRequest(fixRequestMethod, { findingId }));
    if (result.kind !== 'ready') {
      const message = result.kind === 'already-applied' ? `The fix for ${findingId} is already applied.` : result.reason;
      this.post({ type: 'fixResult', findingId, ok: false, message });
      void vscode.window.showWarningMessage(`Deep Review: ${message}`);
      return;
    }
    const edit = await this.client.protocol2CodeConverter.asWorkspaceEdit({ documentChanges: result.documentChanges });
    const applied = await vscode.workspace.applyEdit(edit);
    if (applied) await notifyFixApplied(this.client, this.log, findingId);
    const message = applied ? `Applied the fix for ${findingId}. Undo with Ctrl+Z in the edited file.` : `The fix for ${findingId} could not be applied: the file changed meanwhile.`;
    this.post({ type: 'fixResult', findingId, ok: applied, message });
  }

  private html(webview: vscode.Webview): string {
    return reportPageHtml({
      assetUri: (...segments) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments)).toString(),
      cspSource: webview.cspSource,
    });
  }
}
