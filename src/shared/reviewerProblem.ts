import { z } from 'zod';
import { agentCliSchema } from './reviewerConfig';

/** What kind of problem stopped a reviewer, in the terms a user acts on. */
export const reviewerProblemCategories = ['auth', 'network', 'quota', 'model-not-found', 'other'] as const;
export const reviewerProblemCategorySchema = z.enum(reviewerProblemCategories);
export type ReviewerProblemCategory = z.infer<typeof reviewerProblemCategorySchema>;

/** One reviewer that did not finish: a one-line summary for a notification, the full text for the log and the problems view. */
export const reviewerProblemSchema = z.strictObject({
  reviewerId: z.string(),
  cli: agentCliSchema,
  model: z.string(),
  category: reviewerProblemCategorySchema,
  /** "Codex: not signed in — run `codex login` or set CODEX_API_KEY": one line, no paths. */
  summary: z.string(),
  /** The full error, with what the CLI said. */
  detail: z.string(),
});
export type ReviewerProblem = z.infer<typeof reviewerProblemSchema>;

/** The data a failed review request carries to the editor (LSP error data). */
export const reviewFailureDataSchema = z.object({
  code: z.string(),
  problems: z.array(reviewerProblemSchema).optional(),
});
export type ReviewFailureData = z.infer<typeof reviewFailureDataSchema>;
