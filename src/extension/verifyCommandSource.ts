// No vscode import: unit tests load this module outside the editor.

/** Where the effective deepReview.verifyCommand comes from: the user's own settings, or the workspace's files. */
export type VerifyCommandSource = { command: string; fromWorkspace: boolean } | null;

/** The effective value and whether a workspace or folder setting (which the reviewed branch can change) set it. */
export function verifyCommandSource(inspected: { globalValue?: string | undefined; workspaceValue?: string | undefined; workspaceFolderValue?: string | undefined } | undefined): VerifyCommandSource {
  const folder = inspected?.workspaceFolderValue;
  const workspace = inspected?.workspaceValue;
  const user = inspected?.globalValue;
  const [value, fromWorkspace] = folder !== undefined ? [folder, true] : workspace !== undefined ? [workspace, true] : [user, false];
  const command = value?.trim() ?? '';
  return command === '' ? null : { command, fromWorkspace };
}
