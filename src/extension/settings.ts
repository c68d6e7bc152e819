import * as vscode from 'vscode';
import { defaultReviewers, parseReviewers, type ReviewerConfig } from '../shared/reviewerConfig';

export interface DeepReviewSettings {
  reviewers: ReviewerConfig[];
  baseBranch: string | null;
}

/** Reads and validates the deepReview.* settings for a folder; throws with the setting named on bad input. */
export function readSettings(scope: vscode.Uri | undefined): DeepReviewSettings {
  const config = vscode.workspace.getConfiguration('deepReview', scope);
  const rawReviewers = config.get<unknown>('reviewers');
  let reviewers: ReviewerConfig[];
  try {
    reviewers = rawReviewers === undefined || (Array.isArray(rawReviewers) && rawReviewers.length === 0) ? [...defaultReviewers] : parseReviewers(rawReviewers);
  } catch (error) {
    throw new Error(`deepReview.reviewers is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
  const base = config.get<string>('baseBranch', '').trim();
  return { reviewers, baseBranch: base === '' ? null : base };
}
