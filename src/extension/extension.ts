import '../shared/zodSetup';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { ReportPanel } from './reportPanel';
import { reviewBranch } from './reviewCommand';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Deep Review', { log: true });
  context.subscriptions.push(log);
  client = createLanguageClient(context, log);
  const languageClient = client;
  const reportPanel = new ReportPanel(context.extensionUri, languageClient, log);
  context.subscriptions.push(
    reportPanel,
    vscode.commands.registerCommand('deepReview.reviewBranch', () => reviewBranch(languageClient, log, (report) => { reportPanel.show(report); })),
  );
  await languageClient.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
