import { cliDisplayName, type ReviewerConfig } from '../../shared/reviewerConfig';
import type { ReviewerProblem, ReviewerProblemCategory } from '../../shared/reviewerProblem';
import { withoutTemporaryPaths } from './agentOutputText';
import type { AgentFailureKind } from './agentRunner';

const categoryOfKind: Record<AgentFailureKind, ReviewerProblemCategory> = {
  auth: 'auth',
  network: 'network',
  'rate-limit': 'quota',
  'model-not-found': 'model-not-found',
  service: 'other',
  timeout: 'other',
  'spend-limit': 'other',
  crash: 'other',
  'turn-limit': 'other',
  'no-output': 'other',
  'invalid-answer': 'other',
  other: 'other',
};

/** The shortest step that signs each CLI in (the full steps are in the detail and in Check Reviewers). */
const signInStep: Record<ReviewerConfig['cli'], string> = {
  claude: 'run `claude`, then /login',
  codex: 'run `codex login` or set CODEX_API_KEY',
  gemini: 'run `gemini` and sign in, or set GEMINI_API_KEY',
  opencode: "run `opencode auth login` or set the provider's API key variable",
};

/** A failed reviewer run as a problem: its category, one short line for a notification, and the full detail. */
export function reviewerProblem(reviewer: Pick<ReviewerConfig, 'id' | 'cli' | 'model'>, kind: AgentFailureKind, error: string): ReviewerProblem {
  const category = categoryOfKind[kind];
  return { reviewerId: reviewer.id, cli: reviewer.cli, model: reviewer.model, category, summary: `${reviewer.id}: ${shortText(reviewer, kind, error)}`, detail: error };
}

function shortText(reviewer: Pick<ReviewerConfig, 'cli' | 'model'>, kind: AgentFailureKind, error: string): string {
  const http = /\(HTTP (\d{3})\)/.exec(error)?.[1];
  const status = http === undefined ? '' : ` (HTTP ${http})`;
  const name = cliDisplayName[reviewer.cli];
  switch (kind) {
    case 'auth':
      return `${name} is not signed in or its key was rejected${status} — ${signInStep[reviewer.cli]}`;
    case 'network':
      return `${name} cannot reach the model API — check the network, proxy or endpoint`;
    case 'rate-limit':
      return `usage or rate limit reached${status} — wait, then review again`;
    case 'model-not-found':
      return `model "${reviewer.model}" not found or not available to this account — change it in deepReview.reviewers`;
    case 'service':
      return `the model service failed${status}, usually for a short while — review again later`;
    default:
      // Timeouts, budget stops, crashes, a CLI not found: the error's first sentence says it best.
      return firstSentence(error);
  }
}

const maxSummaryLength = 160;

function firstSentence(text: string): string {
  const sentence = (/^.*?[.!?](?=\s|$)/s.exec(withoutTemporaryPaths(text).trim())?.[0] ?? text).replace(/\s+/g, ' ').trim();
  return sentence.length > maxSummaryLength ? `${sentence.slice(0, maxSummaryLength - 1)}…` : sentence;
}
