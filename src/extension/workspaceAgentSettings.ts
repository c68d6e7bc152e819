import * as vscode from 'vscode';
import {
  describeProgramValue,
  setByWorkspace,
  userConsolidator,
  userReviewers,
  withoutIgnoredValues,
  workspaceProgramValues,
  type WorkspaceProgramValue,
} from '../shared/agentSettingsTrust';
import { consolidatorId } from '../shared/reviewerConfig';
import type { DeepReviewSettings } from './settings';

const allowedKey = 'deepReview.allowedWorkspaceAgentSettings';
const refusedKey = 'deepReview.refusedWorkspaceAgentSettings';
const allowForFolder = 'Allow for this Folder…';
const keepIgnoring = 'Keep Ignoring';
const allow = 'Allow';

/** Values whose warning is on screen: Review Branch with… reads the settings twice, and warns once. */
const warningShown = new Set<string>();

/**
 * The settings with the reviewers' and consolidator's program, flags, endpoint and key taken from the
 * user's own settings only: a value the workspace sets (which the reviewed branch can change) is ignored
 * — with a warning offering a modal consent for this folder and that exact value — unless the user
 * allowed it before. Refusals are remembered too, and then only logged.
 */
export function withTrustedAgentSettings(folder: vscode.WorkspaceFolder, settings: DeepReviewSettings, memory: vscode.Memento, log: vscode.LogOutputChannel): DeepReviewSettings {
  const config = vscode.workspace.getConfiguration('deepReview', folder.uri);
  const reviewersInspected = config.inspect<unknown>('reviewers');
  const consolidatorInspected = config.inspect<unknown>('consolidator');
  const values = [
    ...workspaceProgramValues(settings.reviewers, userReviewers(reviewersInspected), setByWorkspace(reviewersInspected)),
    ...workspaceProgramValues([settings.consolidator], userConsolidator(consolidatorInspected), setByWorkspace(consolidatorInspected)),
  ].map((value) => ({ ...value, key: `${folder.uri.toString()}\n${value.key}` }));
  if (values.length === 0) return settings;
  const allowed = new Set(memory.get<string[]>(allowedKey, []));
  const refused = new Set(memory.get<string[]>(refusedKey, []));
  const ignored = values.filter((value) => !allowed.has(value.key));
  if (ignored.length > 0) {
    log.warn(`Ignored settings from ${folder.name}'s workspace that choose what Deep Review runs: ${ignored.map(describeProgramValue).join('; ')}.`);
    const unanswered = ignored.filter((value) => !refused.has(value.key));
    const shownKey = unanswered.map((value) => value.key).join('\n');
    if (unanswered.length > 0 && !warningShown.has(shownKey)) {
      warningShown.add(shownKey);
      void offerConsent(folder, unanswered, memory).finally(() => warningShown.delete(shownKey));
    }
  }
  const [consolidator] = withoutIgnoredValues([settings.consolidator], values.filter((value) => value.agentId === consolidatorId), allowed);
  return {
    ...settings,
    reviewers: withoutIgnoredValues(settings.reviewers, values.filter((value) => value.agentId !== consolidatorId), allowed),
    consolidator: consolidator ?? settings.consolidator,
  };
}

async function offerConsent(folder: vscode.WorkspaceFolder, values: readonly WorkspaceProgramValue[], memory: vscode.Memento): Promise<void> {
  const listed = values.map(describeProgramValue).join('; ');
  const choice = await vscode.window.showWarningMessage(
    `Deep Review ignored settings from this workspace that choose which program a reviewer runs, its flags, or where your code and keys go: ${listed}. A branch can set them. Reviewers run without them (a reviewer whose baseUrl is ignored is left out).`,
    allowForFolder,
    keepIgnoring,
  );
  if (choice === keepIgnoring) await remember(memory, refusedKey, values);
  if (choice !== allowForFolder) return;
  const consent = await vscode.window.showWarningMessage(
    `Allow these settings from ${folder.name}'s workspace? ${listed}`,
    {
      modal: true,
      detail: 'Deep Review would run that program with those flags, and send the branch and the named key to that endpoint. Only allow values you would set yourself. Your choice is remembered for this folder and these exact values.',
    },
    allow,
  );
  await remember(memory, consent === allow ? allowedKey : refusedKey, values);
}

async function remember(memory: vscode.Memento, key: string, values: readonly WorkspaceProgramValue[]): Promise<void> {
  const known = memory.get<string[]>(key, []);
  await memory.update(key, [...new Set([...known, ...values.map((value) => value.key)])]);
}
