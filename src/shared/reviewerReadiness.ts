import type { ReviewerCheck } from './reviewerCheck';
import type { AgentCli } from './reviewerConfig';
import { cliSignIn, loginCommand } from './signInSteps';

/** Something a button can do about a reviewer that is not ready. */
export type ReadinessAction =
  | { kind: 'install'; cli: AgentCli }
  | { kind: 'sign-in'; cli: AgentCli }
  | { kind: 'set-api-key'; cli: AgentCli }
  | { kind: 'open-settings' };

export interface ReviewerReadiness {
  reviewerId: string;
  cli: AgentCli;
  ready: boolean;
  /** Short, for the one-line message: "not installed", "not signed in". */
  state: string;
  /** The full next step (never cut): the check's own words. */
  nextStep: string | null;
  actions: ReadinessAction[];
}

/** What a reviewer's check means for a review: can it run, and what would fix it. */
export function readinessOf(check: ReviewerCheck): ReviewerReadiness {
  const base = { reviewerId: check.reviewerId, cli: check.cli };
  const name = cliSignIn[check.cli].name;
  if (check.binary.path === null) {
    // A command that is not on PATH is a missing install; anything else refused before running (args) is a setting.
    const notFound = check.binary.error === null || check.binary.error.includes('was not found on PATH');
    return notFound
      ? { ...base, ready: false, state: `${name} is not installed`, nextStep: check.binary.error, actions: [{ kind: 'install', cli: check.cli }, { kind: 'open-settings' }] }
      : { ...base, ready: false, state: 'its settings are refused', nextStep: check.binary.error, actions: [{ kind: 'open-settings' }] };
  }
  if (check.binary.error !== null) {
    return { ...base, ready: false, state: `${name} does not start`, nextStep: check.binary.error, actions: [{ kind: 'install', cli: check.cli }, { kind: 'open-settings' }] };
  }
  if (check.auth.status === 'missing') {
    return { ...base, ready: false, state: `${name} is not signed in`, nextStep: `${check.auth.detail} ${check.auth.nextStep ?? ''}`.trim(), actions: signInActions(check) };
  }
  return { ...base, ready: true, state: check.auth.status === 'ok' ? 'ready' : 'sign-in not checked', nextStep: null, actions: [] };
}

/**
 * The CLI's own login and a stored key fix a missing sign-in when the check's next step is that login;
 * a custom endpoint's missing key variable is a setting instead.
 */
function signInActions(check: ReviewerCheck): ReadinessAction[] {
  const ownLogin = check.auth.nextStep?.includes(loginCommand(check.cli)) ?? false;
  if (!ownLogin) return [{ kind: 'open-settings' }];
  return [{ kind: 'sign-in', cli: check.cli }, { kind: 'set-api-key', cli: check.cli }];
}

export interface ReadinessPlan {
  ready: ReviewerReadiness[];
  leftOut: ReviewerReadiness[];
}

export function planReadiness(checks: readonly ReviewerCheck[]): ReadinessPlan {
  const all = checks.map(readinessOf);
  return { ready: all.filter((entry) => entry.ready), leftOut: all.filter((entry) => !entry.ready) };
}

/** "claude: Claude Code is not signed in; gemini: Gemini CLI is not installed" */
export function readinessSummary(entries: readonly ReviewerReadiness[]): string {
  return entries.map((entry) => `${entry.reviewerId}: ${entry.state}`).join('; ');
}

/** The buttons for these reviewers, each once (one "Set API key…" whatever the CLIs), settings last. */
export function readinessActions(entries: readonly ReviewerReadiness[]): ReadinessAction[] {
  const seen = new Set<string>();
  const actions: ReadinessAction[] = [];
  for (const action of entries.flatMap((entry) => entry.actions)) {
    const key = action.kind === 'install' || action.kind === 'sign-in' ? `${action.kind}:${action.cli}` : action.kind;
    if (seen.has(key)) continue;
    seen.add(key);
    actions.push(action);
  }
  return [...actions.filter((action) => action.kind !== 'open-settings'), ...actions.filter((action) => action.kind === 'open-settings')];
}

export function actionLabel(action: ReadinessAction): string {
  switch (action.kind) {
    case 'install':
      return `Install ${cliSignIn[action.cli].name}…`;
    case 'sign-in':
      return `Sign in to ${cliSignIn[action.cli].name}`;
    case 'set-api-key':
      return 'Set API key…';
    case 'open-settings':
      return 'Open Settings';
  }
}
