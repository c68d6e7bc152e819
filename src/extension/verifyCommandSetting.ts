import * as vscode from 'vscode';
import { defaultVerifyTimeoutSeconds, verifyCommandSchema, type VerifyCommand } from '../shared/fixVerification';
import { verifyCommandSource } from './verifyCommandSource';

const approvalsKey = 'deepReview.approvedVerifyCommands';
const refusalsKey = 'deepReview.refusedVerifyCommands';
const allow = 'Allow and Run';
const skip = 'Review without Verifying';

/**
 * The check to verify fixes with, for this review. A command from the workspace's settings is part of the
 * repository — a branch can set it — so it runs only once the user has allowed that exact command for this
 * folder (remembered, and so is a refusal: the user is not asked again); the user's own settings are theirs
 * and run as they are.
 */
export async function resolveVerifyCommand(folder: vscode.WorkspaceFolder, approvals: vscode.Memento): Promise<VerifyCommand | null> {
  const config = vscode.workspace.getConfiguration('deepReview', folder.uri);
  const source = verifyCommandSource(config.inspect<string>('verifyCommand'));
  if (!source) return null;
  const timeoutSeconds = config.get<number>('verifyTimeoutSeconds', defaultVerifyTimeoutSeconds);
  // Network access is the user's own choice: only their settings (not the workspace's) can give it.
  const network = config.inspect<boolean>('verifyNetwork')?.globalValue === true;
  const parsed = verifyCommandSchema.safeParse({ command: source.command, timeoutSeconds, ...(network ? { network } : {}) });
  if (!parsed.success) {
    void vscode.window.showWarningMessage(`Deep Review: deepReview.verifyTimeoutSeconds must be a whole number of seconds from 1 to 86400; fixes are not verified in this review.`);
    return null;
  }
  if (!source.fromWorkspace) return parsed.data;
  const key = approvalKey(folder, source.command);
  const approved = approvals.get<string[]>(approvalsKey, []);
  if (approved.includes(key)) return parsed.data;
  const refused = approvals.get<string[]>(refusalsKey, []);
  if (refused.includes(key)) return null;
  const choice = await vscode.window.showWarningMessage(
    `This workspace's settings set deepReview.verifyCommand to “${source.command}”. Deep Review would run it — the branch's own code — in a scratch worktree, once per suggested fix. Allow it for ${folder.name}?`,
    { modal: true, detail: 'Only allow a command you would run yourself on this branch. Your choice is remembered for this folder and this exact command.' },
    allow,
    skip,
  );
  // Dismissing the dialog (Escape) decides nothing; "Review without Verifying" is remembered.
  if (choice === skip) await approvals.update(refusalsKey, [...refused, key]);
  if (choice !== allow) return null;
  await approvals.update(approvalsKey, [...approved, key]);
  return parsed.data;
}

function approvalKey(folder: vscode.WorkspaceFolder, command: string): string {
  return `${folder.uri.toString()}\n${command}`;
}
