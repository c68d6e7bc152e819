import '../shared/zodSetup';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { checkReviewersCommand } from './checkReviewersCommand';
import { exportReportCommand } from './exportReportCommand';
import { fixAppliedCommand } from './fixAppliedCommand';
import { createLanguageClient } from './languageClient';
import { ReportPanel } from './reportPanel';
import { fixAppliedCommandId } from '../shared/protocol';
import type { ReviewReport } from '../shared/reportModel';
import { reviewBranch } from './reviewCommand';
import { ReviewStatusBar } from './reviewStatusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Deep Review', { log: true });
  context.subscriptions.push(log);
  client = createLanguageClient(context, log);
  const languageClient = client;
  const reportPanel = new ReportPanel(context.extensionUri, languageClient, log);
  const statusBar = new ReviewStatusBar();
  let lastReport: ReviewReport | undefined;
  const ui = {
    statusBar,
    showReport: (report: ReviewReport) => {
      lastReport = report;
      reportPanel.show(report);
    },
  };
  context.subscriptions.push(
    reportPanel,
    statusBar,
    vscode.commands.registerCommand('deepReview.reviewBranch', () => reviewBranch(languageClient, log, ui)),
    vscode.commands.registerCommand('deepReview.openLastReport', () => {
      if (lastReport) reportPanel.show(lastReport);
      else void vscode.window.showInformationMessage('No Deep Review report yet in this window. Run "Deep Review: Review Branch" first.');
    }),
    vscode.commands.registerCommand('deepReview.checkReviewers', () => checkReviewersCommand(languageClient, log)),
    vscode.commands.registerCommand('deepReview.exportReport', () => exportReportCommand(languageClient, log, lastReport)),
    vscode.commands.registerCommand(fixAppliedCommandId, (...args: unknown[]) => fixAppliedCommand(languageClient, log, ...args)),
  );
  await languageClient.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
