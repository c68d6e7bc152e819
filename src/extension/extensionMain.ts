import '../shared/zodSetup';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { ApiKeyStore } from './apiKeyStore';
import { checkReviewersCommand } from './checkReviewersCommand';
import { CurrentReport } from './currentReport';
import { exportReportCommand } from './exportReportCommand';
import { FindingCommands } from './findingCommands';
import { FindingLinkHandler } from './findingLinkHandler';
import { FindingsView } from './findingsView';
import { fixAppliedCommand } from './fixAppliedCommand';
import type { FixDiffDocuments } from './fixDiffDocuments';
import { createLanguageClient } from './languageClient';
import { ReportHistoryCommands } from './reportHistoryCommands';
import { ReadinessActions } from './readinessActions';
import { ReportPanel } from './reportPanel';
import { ReviewerChecks } from './reviewerChecks';
import { ReviewCommands } from './reviewCommand';
import { ReviewReadiness } from './reviewReadiness';
import { ReviewerProblemsView } from './reviewerProblems';
import { ReviewStatusBar } from './reviewStatusBar';
import { ServerApi } from './serverApi';

// The extension behind its activation entry (extension.ts, bundled apart as dist/extensionMain.js): the
// language client, the report panel, the view and the work of every command. The entry loads it right after
// activate() has returned; the commands, view, serializer and URI handler it registered forward to these parts.

export interface ExtensionMain {
  readonly reviews: ReviewCommands;
  readonly history: ReportHistoryCommands;
  readonly findings: FindingCommands;
  readonly view: FindingsView;
  readonly panel: ReportPanel;
  readonly links: FindingLinkHandler;
  readonly problems: ReviewerProblemsView;
  checkReviewers(): Promise<void>;
  exportReport(): Promise<void>;
  fixApplied(...args: unknown[]): Promise<void>;
  /** Stops the language server (deactivation). */
  stop(): Promise<void>;
}


/** Creates every part, starts the language client, and brings the branch's last report back once the server runs. */
export function startExtension(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, fixDocuments: FixDiffDocuments): ExtensionMain {
  const client = createLanguageClient(context, log);
  const server = new ServerApi(client);
  const current = new CurrentReport(client, log);
  const panel = new ReportPanel(context.extensionUri, server, current, log);
  const statusBar = new ReviewStatusBar(current);
  const findings = new FindingCommands(server, current, fixDocuments, log);
  panel.useFindingCommands(findings);
  const keys = new ApiKeyStore(context.secrets);
  const checks = new ReviewerChecks(client, keys);
  const actions = new ReadinessActions(keys, () => { void vscode.commands.executeCommand('deepReview.checkReviewers'); });
  const readiness = new ReviewReadiness(checks, actions, log);
  const problems = new ReviewerProblemsView(log);
  const reviews = new ReviewCommands(server, current, panel, statusBar, log, context.workspaceState, readiness, keys, problems);
  const history = new ReportHistoryCommands(server, current, panel, log, context.workspaceState);
  const view = new FindingsView(server, current, log);
  context.subscriptions.push(current, panel, statusBar, view, keys, checks, actions, problems);

  // Requests wait for the server themselves. Each time the server (re)starts — at start-up, or after the
  // client restarted it following a crash — the branch's last report comes back from storage, with its
  // diagnostics, so nothing the user saw is lost.
  context.subscriptions.push(
    client.onDidChangeState((event) => {
      if (event.newState !== State.Running) return;
      void history.restore().then(() => { view.refresh(); });
    }),
  );
  client.start().catch((error: unknown) => {
    log.error(`The Deep Review language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });

  return {
    reviews,
    history,
    findings,
    view,
    panel,
    links: new FindingLinkHandler(current, panel, history),
    problems,
    checkReviewers: () => checkReviewersCommand(checks, actions, log, context.workspaceState),
    exportReport: () => exportReportCommand(client, log, current.report),
    fixApplied: (...args) => fixAppliedCommand(client, log, ...args),
    stop: () => client.stop(),
  };
}
