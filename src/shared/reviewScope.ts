import { z } from 'zod';

/** What the user asks for: `auto` reviews only the commits since the branch's last round when it can; `full` always the whole branch. */
export const scopeRequests = ['auto', 'full'] as const;
export const scopeRequestSchema = z.enum(scopeRequests);
export type ScopeRequest = z.infer<typeof scopeRequestSchema>;

/**
 * Why a review covered the whole branch:
 * - no-history: no earlier round of the branch is recorded (its first round, or rounds are not recorded);
 * - requested: the user asked for a full review;
 * - unchanged: nothing was committed since the last round;
 * - rewritten: the last round's commit is no longer in the branch's history (rebased, amended, reset);
 * - base-merged: the base branch was merged into the branch since, so the changes since then are not only its own;
 * - report-missing: the last round's report is not stored in this repository (e.g. its history came from a
 *   pull request comment), so the findings still open could not be carried into this report.
 */
export const fullReviewReasons = ['no-history', 'requested', 'unchanged', 'rewritten', 'base-merged', 'report-missing'] as const;
export const fullReviewReasonSchema = z.enum(fullReviewReasons);
export type FullReviewReason = z.infer<typeof fullReviewReasonSchema>;

/** What the reviewers of a round were given: the whole branch, or only the commits since the last round. */
export const reviewScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('full'), reason: fullReviewReasonSchema }),
  z.strictObject({
    kind: z.literal('incremental'),
    /** The round whose reviewed commit this review starts from. */
    sinceRound: z.number().int().min(1),
    sinceHead: z.string().min(1),
    /** Commits and changed files in sinceHead..HEAD. */
    commits: z.number().int().min(0),
    files: z.number().int().min(0),
  }),
]);
export type ReviewScope = z.infer<typeof reviewScopeSchema>;

type PreviousRound = { round: number; head: string } | null;

const fullReasonText: Record<FullReviewReason, (previous: PreviousRound) => string> = {
  'no-history': () => 'no earlier round of this branch is recorded',
  requested: () => 'asked for',
  unchanged: (previous) => `nothing was committed since ${roundAt(previous)}`,
  rewritten: (previous) =>
    previous ? `the branch was rewritten since round ${previous.round}: ${shortHash(previous.head)} is no longer in its history` : 'the branch was rewritten since the last round',
  'base-merged': (previous) => `the base branch was merged in since ${roundAt(previous)}`,
  'report-missing': (previous) => `the report of ${previous ? `round ${previous.round}` : 'the last round'} is not stored in this repository`,
};

/**
 * "Incremental: 2 commits changing 3 files since round 2 (abc1234)" or "Full review — asked for", as the
 * Markdown report, the webview and the CLI say it. `previousRound` is the report's.
 */
export function describeReviewScope(scope: ReviewScope, previousRound: PreviousRound): string {
  if (scope.kind === 'incremental') {
    return `Incremental: ${count(scope.commits, 'commit')} changing ${count(scope.files, 'file')} since round ${scope.sinceRound} (${shortHash(scope.sinceHead)})`;
  }
  return `Full review — ${fullReasonText[scope.reason](previousRound)}`;
}

function roundAt(previous: PreviousRound): string {
  return previous ? `round ${previous.round} (${shortHash(previous.head)})` : 'the last round';
}

function shortHash(hash: string): string {
  return hash.slice(0, 7);
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
