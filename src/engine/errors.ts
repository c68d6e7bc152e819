import type { ReviewerProblem } from '../shared/reviewerProblem';

export const reviewErrorCodes = [
  'not-a-git-repo',
  'detached-head',
  'base-not-found',
  'no-merge-base',
  'no-commits-ahead',
  'git-failed',
  'cli-not-found',
  'agent-failed',
  'agent-timeout',
  'cancelled',
  'invalid-answer',
  'no-reviewer-succeeded',
  'invalid-config',
  'report-write-failed',
  'storage-failed',
] as const;
export type ReviewErrorCode = (typeof reviewErrorCodes)[number];

/** An error the user can act on: what failed and why in `message`, what to do next in `hint`. */
export class ReviewError extends Error {
  constructor(
    readonly code: ReviewErrorCode,
    message: string,
    readonly hint?: string,
    /** For 'no-reviewer-succeeded': what stopped each reviewer. */
    readonly problems?: readonly ReviewerProblem[],
  ) {
    super(message);
    this.name = 'ReviewError';
  }

  /** Message and hint as one line for a notification or stderr. */
  get userMessage(): string {
    return this.hint ? `${this.message} — ${this.hint}` : this.message;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof ReviewError) return error.userMessage;
  if (error instanceof Error) return error.message;
  return String(error);
}
