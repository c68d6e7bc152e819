import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { describeProgramValue, setByWorkspace, userConsolidator, userReviewers, withoutIgnoredValues, workspaceProgramValues, type InspectedValue } from '../shared/agentSettingsTrust';
import { defaultVerifyTimeoutSeconds, verifyCommandSchema, type VerifyCommand } from '../shared/fixVerification';
import type { ReviewParams } from '../shared/protocol';
import type { ReviewBudget } from '../shared/reviewBudget';
import { defaultReviewers, describeConfigError, parseConsolidator, parseReviewers, type ReviewerConfig } from '../shared/reviewerConfig';

/**
 * The `deepReview` settings an LSP client other than VS Code sends (same names as the extension's settings,
 * without the `deepReview.` prefix). Unknown keys are ignored; a wrong type is an error naming the setting.
 */
const settingsSectionSchema = z.object({
  reviewers: z.unknown().optional(),
  consolidator: z.unknown().optional(),
  baseBranch: z.string().optional(),
  incrementalReviews: z.boolean().optional(),
  budgetMinutes: z.number().min(0).optional(),
  budgetUsd: z.number().min(0).optional(),
  verifyCommand: z.string().optional(),
  verifyTimeoutSeconds: z.number().int().optional(),
  verifyNetwork: z.boolean().optional(),
});
type SettingsSection = z.infer<typeof settingsSectionSchema>;

/**
 * The client's answer for the settings section, twice: `user` for no scope (the user's own settings — or
 * the initialization options, which come from the user's editor configuration), `workspace` for the folder
 * under review. A value only the folder's answer has is the repository's: it may not choose a program.
 */
export interface ClientSettingsAnswers {
  user: unknown;
  workspace: unknown;
}

export type ReviewSettings = Pick<ReviewParams, 'baseBranch' | 'reviewers' | 'consolidator' | 'budget' | 'verifyCommand' | 'scope'>;

export class SettingsError extends Error {}

/** The review's parameters from the client's settings, under the extension's trust rules, with what was left out and why. */
export function reviewSettings(answers: ClientSettingsAnswers): { settings: ReviewSettings; warnings: string[] } {
  const user = parseSection(answers.user, 'user');
  const folder = parseSection(answers.workspace, 'workspace folder');
  const inspect = (key: keyof SettingsSection): InspectedValue => {
    const folderValue = folder[key];
    // The client answered the folder's scope with the user's own value: nothing is set by the workspace.
    const fromWorkspace = folderValue !== undefined && !isDeepStrictEqual(folderValue, user[key]);
    return { globalValue: user[key], ...(fromWorkspace ? { workspaceFolderValue: folderValue } : {}) };
  };
  const inEffect = <K extends keyof SettingsSection>(key: K): SettingsSection[K] => {
    const inspected = inspect(key);
    return (setByWorkspace(inspected) ? inspected.workspaceFolderValue : inspected.globalValue) as SettingsSection[K];
  };

  const warnings: string[] = [];
  const reviewersInspected = inspect('reviewers');
  const reviewerAgents = parseOrThrow('reviewers', () => {
    const value = inEffect('reviewers');
    return value === undefined || value === null ? [...defaultReviewers] : parseReviewers(value);
  });
  const reviewers = trusted(reviewerAgents, userReviewers(reviewersInspected), setByWorkspace(reviewersInspected), warnings);
  const consolidatorInspected = inspect('consolidator');
  const consolidatorAgent = parseOrThrow('consolidator', () => parseConsolidator(inEffect('consolidator')));
  const [consolidator] = trusted([consolidatorAgent], userConsolidator(consolidatorInspected), setByWorkspace(consolidatorInspected), warnings);

  return {
    settings: {
      baseBranch: inEffect('baseBranch')?.trim() || null,
      reviewers,
      consolidator: consolidator?.enabled ? consolidator : null,
      budget: budgetOf(inEffect('budgetMinutes'), inEffect('budgetUsd')),
      verifyCommand: verifyCommandOf(user, inspect('verifyCommand'), warnings),
      scope: inEffect('incrementalReviews') === false ? 'full' : 'auto',
    },
    warnings,
  };
}

function parseSection(value: unknown, scope: string): SettingsSection {
  if (value === undefined || value === null) return {};
  const parsed = settingsSectionSchema.safeParse(value);
  if (!parsed.success) throw new SettingsError(`The deepReview settings of the ${scope} scope are not valid: ${describeConfigError(parsed.error)}`);
  return parsed.data;
}

function parseOrThrow<T>(setting: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new SettingsError(`deepReview.${setting} is not valid: ${describeConfigError(error)}`);
  }
}

/** There is no consent prompt over LSP: every program-choosing value the workspace set is left out, and said so. */
function trusted(agents: ReviewerConfig[], usersOwn: ReviewerConfig[], fromWorkspace: boolean, warnings: string[]): ReviewerConfig[] {
  const values = workspaceProgramValues(agents, usersOwn, fromWorkspace);
  for (const value of values) {
    warnings.push(`Ignored ${describeProgramValue(value)}: the workspace set it, and only your own (user-level) settings may choose the program an agent runs, its flags, its endpoint or its key.`);
  }
  return withoutIgnoredValues(agents, values, new Set());
}

function budgetOf(minutes: number | undefined, usd: number | undefined): ReviewBudget | null {
  const budget = { minutes: minutes ? minutes : null, usd: usd ? usd : null };
  return budget.minutes === null && budget.usd === null ? null : budget;
}

/** The verify command runs the branch's code: only the user's own settings choose it (and give it the network). */
function verifyCommandOf(user: SettingsSection, inspected: InspectedValue, warnings: string[]): VerifyCommand | null {
  if (setByWorkspace(inspected)) {
    warnings.push(`Fixes are not verified: the workspace set deepReview.verifyCommand to ${JSON.stringify(inspected.workspaceFolderValue)}, and only your own settings may choose a command to run.`);
    return null;
  }
  const command = user.verifyCommand?.trim();
  if (!command) return null;
  const parsed = verifyCommandSchema.safeParse({ command, timeoutSeconds: user.verifyTimeoutSeconds ?? defaultVerifyTimeoutSeconds, ...(user.verifyNetwork === true ? { network: true } : {}) });
  if (!parsed.success) throw new SettingsError('deepReview.verifyTimeoutSeconds must be a whole number of seconds from 1 to 86400.');
  return parsed.data;
}
