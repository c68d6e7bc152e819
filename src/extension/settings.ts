import * as vscode from 'vscode';
import type { ReviewBudget } from '../shared/reviewBudget';
import { defaultReviewers, describeConfigError, parseConsolidator, parseReviewers, type ReviewerConfig } from '../shared/reviewerConfig';

export interface DeepReviewSettings {
  reviewers: ReviewerConfig[];
  /** Its `enabled` is false when the user turned consolidation off. */
  consolidator: ReviewerConfig;
  baseBranch: string | null;
  /** Review only the commits since the branch's last round when it can (deepReview.incrementalReviews). */
  incrementalReviews: boolean;
}

/** Reads and validates the deepReview.* settings for a folder; throws with the setting named on bad input. */
export function readSettings(scope: vscode.Uri | undefined): DeepReviewSettings {
  const config = vscode.workspace.getConfiguration('deepReview', scope);
  const rawReviewers = config.get<unknown>('reviewers');
  let reviewers: ReviewerConfig[];
  try {
    reviewers = rawReviewers === undefined || (Array.isArray(rawReviewers) && rawReviewers.length === 0) ? [...defaultReviewers] : parseReviewers(rawReviewers);
  } catch (error) {
    throw new Error(`deepReview.reviewers is not valid: ${describeConfigError(error)}`);
  }
  let consolidator: ReviewerConfig;
  try {
    consolidator = parseConsolidator(config.get<unknown>('consolidator'));
  } catch (error) {
    throw new Error(`deepReview.consolidator is not valid: ${describeConfigError(error)}`);
  }
  const base = config.get<string>('baseBranch', '').trim();
  return { reviewers, consolidator, baseBranch: base === '' ? null : base, incrementalReviews: config.get<unknown>('incrementalReviews', true) !== false };
}

/** deepReview.report.contextLines for a folder: lines of code shown around each finding (0–30, default 5). */
export function readContextLines(scope: vscode.Uri | undefined): number {
  const value = vscode.workspace.getConfiguration('deepReview', scope).get<unknown>('report.contextLines');
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 30 ? value : 5;
}

/** deepReview.budgetMinutes / budgetUsd for a folder; 0 (the default) or an invalid value means no limit. */
export function readBudget(scope: vscode.Uri | undefined): ReviewBudget {
  const config = vscode.workspace.getConfiguration('deepReview', scope);
  const limit = (name: string): number | null => {
    const value = config.get<unknown>(name);
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
  };
  return { minutes: limit('budgetMinutes'), usd: limit('budgetUsd') };
}
