import * as vscode from 'vscode';
import type { ReviewerCheck } from '../shared/reviewerCheck';
import { cliDisplayName } from '../shared/reviewerConfig';
import { actionLabel, readinessOf, type ReadinessAction } from '../shared/reviewerReadiness';
import { formatTrackRecord } from '../shared/retroFacts';
import type { ReadinessActions } from './readinessActions';
import type { ReviewerChecks } from './reviewerChecks';
import { readSettings } from './settings';
import { withTrustedAgentSettings } from './workspaceAgentSettings';

interface CheckItem extends vscode.QuickPickItem {
  check: ReviewerCheck;
}

type ActionButton = vscode.QuickInputButton & { action: ReadinessAction };

const actionIcons: Record<ReadinessAction['kind'], string> = { install: 'cloud-download', 'sign-in': 'sign-in', 'set-api-key': 'key', 'open-settings': 'settings-gear' };

/**
 * "Deep Review: Check Reviewers": the list opens at once (busy while the checks run), then shows each reviewer's
 * CLI, version and sign-in, with a button per fix on the reviewers that are not ready. Picking one shows its
 * full next step (never cut) with the same actions.
 */
export async function checkReviewersCommand(checker: ReviewerChecks, actions: ReadinessActions, log: vscode.LogOutputChannel, approvals: vscode.Memento): Promise<void> {
  const pick = vscode.window.createQuickPick<CheckItem>();
  pick.title = 'Deep Review: Reviewers';
  pick.placeholder = 'Checking the reviewers…';
  pick.busy = true;
  pick.matchOnDetail = true;
  pick.show();
  const folder = vscode.workspace.workspaceFolders?.[0];
  const scope = folder?.uri;
  let checks: ReviewerCheck[];
  try {
    // A workspace-chosen command is not even asked for its --version unless the user allowed it.
    const settings = folder ? withTrustedAgentSettings(folder, readSettings(scope), approvals, log) : readSettings(scope);
    // The consolidator is an agent CLI like the reviewers: it must be installed and signed in too.
    const reviewers = settings.consolidator.enabled ? [...settings.reviewers, settings.consolidator] : settings.reviewers;
    checks = await checker.check(reviewers, scope ? { cwd: scope.fsPath } : { fresh: true });
  } catch (error) {
    pick.dispose();
    void vscode.window.showErrorMessage(`Deep Review could not check the reviewers: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  for (const check of checks) log.info(`Check ${check.reviewerId}: ${JSON.stringify(check)}`);
  const notReady = checks.filter((check) => !readinessOf(check).ready).length;
  pick.items = checks.map((check) => ({ check, ...describe(check), buttons: readinessOf(check).actions.map(button) }));
  pick.placeholder = notReady === 0 ? 'Every reviewer is ready. Pick one for its details.' : `${notReady} of ${checks.length} not ready: use a button, or pick a reviewer for its next step in full`;
  pick.busy = false;
  pick.onDidTriggerItemButton(({ button }) => {
    pick.hide();
    void actions.run((button as ActionButton).action, checks);
  });
  pick.onDidAccept(() => {
    const picked = pick.selectedItems[0];
    pick.hide();
    if (picked) void showDetails(picked.check, checks, actions);
  });
  pick.onDidHide(() => { pick.dispose(); });
}

function button(action: ReadinessAction): ActionButton {
  return { iconPath: new vscode.ThemeIcon(actionIcons[action.kind]), tooltip: actionLabel(action), action };
}

/** The reviewer's whole state and next step in a notification (which wraps instead of cutting), with its fixes as buttons. */
async function showDetails(check: ReviewerCheck, checks: readonly ReviewerCheck[], actions: ReadinessActions): Promise<void> {
  const readiness = readinessOf(check);
  const { label, detail } = describe(check);
  const text = readiness.ready ? `${check.reviewerId} is ready: ${detail ?? ''}` : `${check.reviewerId}: ${readiness.state}. ${readiness.nextStep ?? ''}`;
  const labels = readiness.actions.map(actionLabel);
  const choice = readiness.ready ? await vscode.window.showInformationMessage(text.trim()) : await vscode.window.showWarningMessage(text.trim() || label, ...labels);
  const action = readiness.actions[labels.indexOf(choice ?? '')];
  if (action !== undefined) await actions.run(action, checks);
}

function describe(check: ReviewerCheck): Pick<vscode.QuickPickItem, 'label' | 'description' | 'detail'> {
  const cli = `${cliDisplayName[check.cli]}${check.binary.version ? ` ${check.binary.version}` : ''}`;
  const description = `${cli} · ${check.model}`;
  const readiness = readinessOf(check);
  if (!readiness.ready) return { label: `$(error) ${check.reviewerId}: ${readiness.state}`, description, detail: readiness.nextStep ?? 'Not found.' };
  const icon = check.auth.status === 'ok' ? '$(pass-filled)' : '$(warning)';
  return { label: `${icon} ${check.reviewerId}: ready`, description, detail: `${check.binary.path ?? ''} · ${check.auth.detail}${sandboxText(check)}${trackText(check)}` };
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
