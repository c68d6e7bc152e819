import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { exportFolderRequestMethod, exportFolderResultSchema, exportReportRequestMethod, exportReportResultSchema, noReportToExportMessage, type ExportFormat, type ExportReportParams } from '../shared/protocol';
import type { ReviewReport } from '../shared/reportModel';

interface FormatItem extends vscode.QuickPickItem {
  format: ExportFormat;
}

const formatItems: readonly FormatItem[] = [
  { format: 'md', label: 'Markdown', description: '.md', detail: 'The whole report, every section, for reading or a pull request', picked: true },
  { format: 'json', label: 'JSON', description: '.json', detail: 'The versioned report model, for scripts', picked: true },
  { format: 'sarif', label: 'SARIF', description: '.sarif', detail: 'SARIF 2.1.0 with fixes, for code-scanning tools', picked: true },
];

const openMarkdown = 'Open Markdown';

/**
 * "Deep Review: Export Report…": the formats (all picked by default), then the folder — by default the
 * review's storage folder under the git directory, outside the work tree, so `git add .` never takes the
 * files; the language server writes them as the report is now (statuses, current lines).
 */
export async function exportReportCommand(client: LanguageClient, log: vscode.LogOutputChannel, report: ReviewReport | undefined): Promise<void> {
  if (!report) {
    void vscode.window.showInformationMessage(noReportToExportMessage, 'Review Branch').then((choice) => {
      if (choice) void vscode.commands.executeCommand('deepReview.reviewBranch');
    });
    return;
  }
  const picked = await vscode.window.showQuickPick(formatItems.map((item) => ({ ...item })), {
    title: 'Deep Review: Export Report',
    placeHolder: 'Formats to write',
    canPickMany: true,
  });
  if (!picked || picked.length === 0) return;
  const folders = await vscode.window.showOpenDialog({
    title: 'Deep Review: Export Report To',
    defaultUri: await defaultExportFolder(client, log, report),
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Export Here',
  });
  const folder = folders?.[0];
  if (!folder) return;

  const params: ExportReportParams = { formats: picked.map((item) => item.format), outDir: folder.fsPath };
  let files: string[];
  try {
    ({ files } = exportReportResultSchema.parse(await client.sendRequest(exportReportRequestMethod, params)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Export of the report to ${folder.fsPath} failed: ${message}`);
    void vscode.window.showErrorMessage(`Deep Review: ${message}`);
    return;
  }
  log.info(`Exported the report: ${files.join(', ')}`);
  const markdown = files.find((file) => file.endsWith('.md'));
  const names = files.map((file) => path.basename(file)).join(', ');
  void vscode.window.showInformationMessage(`Deep Review report exported to ${folder.fsPath}: ${names}`, ...(markdown ? [openMarkdown] : [])).then((choice) => {
    if (choice === openMarkdown && markdown) void vscode.window.showTextDocument(vscode.Uri.file(markdown));
  });
}

/**
 * The review's exports folder under the git common dir (created, so the dialog can open in it); when the
 * server cannot say, the folder that holds the repository — never the work tree itself.
 */
async function defaultExportFolder(client: LanguageClient, log: vscode.LogOutputChannel, report: ReviewReport): Promise<vscode.Uri> {
  try {
    const { folder } = exportFolderResultSchema.parse(await client.sendRequest(exportFolderRequestMethod, {}));
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(folder));
    return vscode.Uri.file(folder);
  } catch (error) {
    log.warn(`The review's export folder is not available (${error instanceof Error ? error.message : String(error)}): the dialog opens next to the repository.`);
    return vscode.Uri.file(path.dirname(report.branch.repoRoot));
  }
}
