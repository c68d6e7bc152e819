import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import type { ReviewReport } from '../shared/reportModel';
import { reviewRequestMethod, reviewResultSchema, type ReviewParams } from '../shared/protocol';
import type { ReviewStatusBar } from './reviewStatusBar';
import { readSettings } from './settings';

/** "Deep Review: Review Branch": runs a review in the language server with a cancellable progress notification. */
export interface ReviewUi {
  showReport(report: ReviewReport): void;
  statusBar: ReviewStatusBar;
}

export async function reviewBranch(client: LanguageClient, log: vscode.LogOutputChannel, ui: ReviewUi): Promise<void> {
  const folder = await pickRepositoryFolder();
  if (!folder) return;
  let settings;
  try {
    settings = readSettings(folder.uri);
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error), 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'deepReview.reviewers');
    });
    return;
  }
  const workDoneToken = randomUUID();
  const params: ReviewParams = {
    cwd: folder.uri.fsPath,
    baseBranch: settings.baseBranch,
    reviewers: settings.reviewers,
    consolidator: settings.consolidator,
    outDir: null,
    workDoneToken,
  };
  log.info(`Reviewing ${folder.uri.fsPath} with ${settings.reviewers.filter((r) => r.enabled).map((r) => `${r.id} (${r.model}, ${r.effort})`).join(', ')}`);

  ui.statusBar.running('collecting the branch…');
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Deep Review', cancellable: true },
      async (progress, token) => {
        const cancel = new vscode.CancellationTokenSource();
        const onCancel = token.onCancellationRequested(() => { cancel.cancel(); });
        const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind === 'end' || !value.message) return;
          progress.report({ message: value.message });
          ui.statusBar.running(value.message);
        });
        try {
          return reviewResultSchema.parse(await client.sendRequest(reviewRequestMethod, params, cancel.token));
        } finally {
          listener.dispose();
          onCancel.dispose();
          cancel.dispose();
        }
      },
    );
    const counts = result.report.findings.reduce<Record<string, number>>((all, f) => ({ ...all, [f.severity]: (all[f.severity] ?? 0) + 1 }), {});
    log.info(`Review finished: ${result.report.verdict} (${JSON.stringify(counts)})`);
    ui.statusBar.finished(result.report);
    ui.showReport(result.report);
  } catch (error) {
    if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) {
      log.info('Review cancelled.');
      ui.statusBar.hide();
      void vscode.window.showInformationMessage('Deep Review cancelled. Your files were not changed.');
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Review failed: ${message}`);
    ui.statusBar.failed(message);
    void vscode.window.showErrorMessage(`Deep Review failed: ${message}`, 'Show Log').then((choice) => {
      if (choice) log.show();
    });
  }
}

async function pickRepositoryFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Deep Review needs a folder: open the repository you want to review (File › Open Folder…).');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (activeFolder) return activeFolder;
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which repository should Deep Review review?' });
}
