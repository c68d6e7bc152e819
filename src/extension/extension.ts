import '../shared/zodSetup';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { dismissCommandId, fixAppliedCommandId, showFixDiffCommandId } from '../shared/protocol';
import { checkReviewersCommand } from './checkReviewersCommand';
import { CurrentReport } from './currentReport';
import { exportReportCommand } from './exportReportCommand';
import { FindingCommands } from './findingCommands';
import { FindingsView } from './findingsView';
import { fixAppliedCommand } from './fixAppliedCommand';
import { FixDiffDocuments } from './fixDiffDocuments';
import { createLanguageClient } from './languageClient';
import { ReportHistoryCommands } from './reportHistoryCommands';
import { ReportPanel } from './reportPanel';
import { ReviewCommands } from './reviewCommand';
import { ReviewStatusBar } from './reviewStatusBar';
import { ServerApi } from './serverApi';
import { FindingLinkHandler } from './findingLinkHandler';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Deep Review', { log: true });
  context.subscriptions.push(log);
  client = createLanguageClient(context, log);
  const server = new ServerApi(client);
  const current = new CurrentReport(client, log);
  const panel = new ReportPanel(context.extensionUri, server, current, log);
  const statusBar = new ReviewStatusBar(current);
  const fixDocuments = new FixDiffDocuments();
  const findings = new FindingCommands(server, current, fixDocuments, log);
  panel.useFindingCommands(findings);
  const reviews = new ReviewCommands(server, current, panel, statusBar, log);
  const history = new ReportHistoryCommands(server, current, panel, log, context.workspaceState);
  const view = new FindingsView(server, current, log);
  const languageClient = client;

  context.subscriptions.push(
    current,
    panel,
    statusBar,
    fixDocuments,
    view,
    vscode.workspace.registerTextDocumentContentProvider(FixDiffDocuments.scheme, fixDocuments),
    vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, panel),
    vscode.window.registerTreeDataProvider(FindingsView.viewId, view),
    vscode.window.registerUriHandler(new FindingLinkHandler(current, panel, history)),
    vscode.commands.registerCommand('deepReview.reviewBranch', () => reviews.reviewBranch()),
    vscode.commands.registerCommand('deepReview.reviewBranchWith', () => reviews.reviewBranchWith()),
    vscode.commands.registerCommand('deepReview.cancelReview', () => { reviews.cancel(); }),
    vscode.commands.registerCommand('deepReview.openLastReport', () => history.openLastReport()),
    vscode.commands.registerCommand('deepReview.openReportFromHistory', () => history.openFromHistory()),
    vscode.commands.registerCommand('deepReview.openRoundReport', (node?: Parameters<ReportHistoryCommands['openRound']>[0]) => history.openRound(node)),
    vscode.commands.registerCommand('deepReview.clearFindings', () => history.clearFindings()),
    vscode.commands.registerCommand('deepReview.refreshView', () => { view.refresh(); }),
    vscode.commands.registerCommand('deepReview.checkReviewers', () => checkReviewersCommand(languageClient, log)),
    vscode.commands.registerCommand('deepReview.exportReport', () => exportReportCommand(languageClient, log, current.report)),
    vscode.commands.registerCommand('deepReview.applyFix', (finding?: unknown) => findings.applyFixCommand(finding)),
    vscode.commands.registerCommand(showFixDiffCommandId, (finding?: unknown) => findings.showFixDiff(finding)),
    vscode.commands.registerCommand(dismissCommandId, (finding?: unknown) => findings.dismiss(finding)),
    vscode.commands.registerCommand(fixAppliedCommandId, (...args: unknown[]) => fixAppliedCommand(languageClient, log, ...args)),
    vscode.commands.registerCommand('deepReview.showLog', () => { log.show(); }),
  );

  // Not awaited: activation stays quick. Requests wait for the server themselves. Each time the server
  // (re)starts — at start-up, or after the client restarted it following a crash — the branch's last
  // report comes back from storage, with its diagnostics, so nothing the user saw is lost.
  context.subscriptions.push(
    client.onDidChangeState((event) => {
      if (event.newState !== State.Running) return;
      void history.restore().then(() => { view.refresh(); });
    }),
  );
  client.start().catch((error: unknown) => {
    log.error(`The Deep Review language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
