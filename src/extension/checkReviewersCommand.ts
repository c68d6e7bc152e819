import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { checkReviewersRequestMethod, checkReviewersResultSchema } from '../shared/protocol';
import type { ReviewerCheck } from '../shared/reviewerCheck';
import { cliDisplayName } from '../shared/reviewerConfig';
import { formatTrackRecord } from '../shared/retroFacts';
import { readSettings } from './settings';
import { withTrustedAgentSettings } from './workspaceAgentSettings';

interface CheckItem extends vscode.QuickPickItem {
  check: ReviewerCheck;
}

/** "Deep Review: Check Reviewers": each reviewer's CLI (path, version) and login, with the next step when not ready. */
export async function checkReviewersCommand(client: LanguageClient, log: vscode.LogOutputChannel, approvals: vscode.Memento): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const scope = folder?.uri;
  let reviewers;
  try {
    // A workspace-chosen command is not even asked for its --version unless the user allowed it.
    const settings = folder ? withTrustedAgentSettings(folder, readSettings(scope), approvals, log) : readSettings(scope);
    // The consolidator is an agent CLI like the reviewers: it must be installed and signed in too.
    reviewers = settings.consolidator.enabled ? [...settings.reviewers, settings.consolidator] : settings.reviewers;
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    return;
  }
  const { checks } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Deep Review: checking reviewers…' }, async () =>
    checkReviewersResultSchema.parse(await client.sendRequest(checkReviewersRequestMethod, { reviewers, ...(scope ? { cwd: scope.fsPath } : {}) })),
  );
  for (const check of checks) log.info(`Check ${check.reviewerId}: ${JSON.stringify(check)}`);
  const items: CheckItem[] = checks.map((check) => ({ check, ...describe(check) }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Deep Review: Reviewers', placeHolder: 'Pick a reviewer that is not ready to see what to do', matchOnDetail: true });
  const nextStep = picked ? (picked.check.binary.error ?? picked.check.auth.nextStep) : null;
  if (picked && nextStep) {
    const choice = await vscode.window.showInformationMessage(`${picked.check.reviewerId}: ${nextStep}`, 'Open Settings');
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'deepReview.reviewers');
  }
}

function describe(check: ReviewerCheck): Pick<vscode.QuickPickItem, 'label' | 'description' | 'detail'> {
  const cli = `${cliDisplayName[check.cli]}${check.binary.version ? ` ${check.binary.version}` : ''}`;
  const description = `${cli} · ${check.model}`;
  if (check.binary.path === null || check.binary.error !== null) {
    return { label: `$(error) ${check.reviewerId}: not installed`, description, detail: check.binary.error ?? 'Not found.' };
  }
  if (check.auth.status === 'missing') {
    return { label: `$(error) ${check.reviewerId}: not logged in`, description, detail: `${check.auth.detail} ${check.auth.nextStep ?? ''}`.trim() };
  }
  const icon = check.auth.status === 'ok' ? '$(pass-filled)' : '$(warning)';
  return { label: `${icon} ${check.reviewerId}: ready`, description, detail: `${check.binary.path} · ${check.auth.detail}${sandboxText(check)}${trackText(check)}` };
}

/** " · Sandbox: …", or what the agent can read without one. */
function sandboxText(check: ReviewerCheck): string {
  if (check.sandbox === undefined) return '';
  return check.sandbox.available ? ' · Sandboxed' : ` · Not sandboxed: ${check.sandbox.detail}`;
}

/** " · Track record in this repository: 40 kept (…), 5 rejected as false positives, over 6 rounds", when the check has one. */
function trackText(check: ReviewerCheck): string {
  if (check.track === undefined) return '';
  return ` · Track record in this repository: ${check.track === null ? 'no findings recorded yet' : formatTrackRecord(check.track)}`;
}
