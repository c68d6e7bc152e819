import * as vscode from 'vscode';

/** The workspace folder to review: the only one, the active editor's, or the one the user picks. */
export async function pickRepositoryFolder(): Promise<vscode.WorkspaceFolder | undefined> {
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
