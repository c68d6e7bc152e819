import { z } from 'zod';

/** A review's limits: wall-clock minutes and US dollars of model spend; null: no limit. */
export const reviewBudgetSchema = z.strictObject({
  minutes: z.number().positive().max(24 * 60).nullable(),
  usd: z.number().positive().max(100_000).nullable(),
});
export type ReviewBudget = z.infer<typeof reviewBudgetSchema>;

export const noBudget: ReviewBudget = { minutes: null, usd: null };

export function hasBudget(budget: ReviewBudget | null | undefined): budget is ReviewBudget {
  return budget !== null && budget !== undefined && (budget.minutes !== null || budget.usd !== null);
}

/** What the report records of the budget: the limits and what the review used of them. */
export const budgetUseSchema = reviewBudgetSchema.extend({
  /** Cost reported by the CLIs that report one (Claude Code), reviewers and consolidator. */
  spentUsd: z.number().min(0).nullable(),
  /** Reviewers stopped at their share, with the findings they had reported by then. */
  partialReviewers: z.array(z.string()),
});
export type BudgetUse = z.infer<typeof budgetUseSchema>;
