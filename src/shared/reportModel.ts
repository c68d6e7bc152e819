import { z } from 'zod';
import { findingSchema } from './findingModel';
import { designObservationSchema } from './reviewerAnswer';
import { agentCliSchema } from './reviewerConfig';

export const commitSchema = z.strictObject({ hash: z.string(), subject: z.string() });
export type Commit = z.infer<typeof commitSchema>;

export const changedFileSchema = z.strictObject({
  path: z.string(),
  /** Null for binary files, where git reports no line counts. */
  additions: z.number().int().nullable(),
  deletions: z.number().int().nullable(),
  /** Set when git detected a rename. */
  previousPath: z.string().nullable(),
});
export type ChangedFile = z.infer<typeof changedFileSchema>;

export const branchSummarySchema = z.strictObject({
  repoRoot: z.string(),
  repoName: z.string(),
  branch: z.string(),
  base: z.string(),
  mergeBase: z.string(),
  head: z.string(),
  commits: z.array(commitSchema),
  files: z.array(changedFileSchema),
  additions: z.number().int(),
  deletions: z.number().int(),
});
export type BranchSummary = z.infer<typeof branchSummarySchema>;

export const agentStatsSchema = z.strictObject({
  durationMs: z.number().int().min(0),
  turns: z.number().int().min(0),
  /** Tool calls by name, e.g. { Read: 12, "Bash(git diff)": 2 }. */
  toolCalls: z.record(z.string(), z.number().int().min(0)),
  inputTokens: z.number().int().min(0).nullable(),
  outputTokens: z.number().int().min(0).nullable(),
  costUsd: z.number().min(0).nullable(),
});
export type AgentStats = z.infer<typeof agentStatsSchema>;

export const reviewerRunSchema = z.strictObject({
  reviewerId: z.string(),
  cli: agentCliSchema,
  model: z.string(),
  effort: z.string(),
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  /** What went wrong and what to do, for a failed or cancelled run. */
  error: z.string().nullable(),
  stats: agentStatsSchema,
  findingCount: z.number().int().min(0),
  /** Problems with the answer that did not fail the run (e.g. a finding dropped as invalid). */
  warnings: z.array(z.string()),
  /** Set when the first run gave no output or an invalid answer and the reviewer was run again. */
  retry: z.strictObject({ reason: z.enum(['no-output', 'invalid-answer']), detail: z.string(), rerunSucceeded: z.boolean() }).nullable(),
});
export type ReviewerRun = z.infer<typeof reviewerRunSchema>;

export const attributedObservationSchema = designObservationSchema.extend({ reviewerIds: z.array(z.string()) });
export type AttributedObservation = z.infer<typeof attributedObservationSchema>;

export const attributedTextSchema = z.strictObject({ reviewerId: z.string(), text: z.string() });

export const reviewReportSchema = z.strictObject({
  version: z.literal(1),
  createdAt: z.string(),
  round: z.number().int().min(1),
  branch: branchSummarySchema,
  reviewers: z.array(reviewerRunSchema),
  verdict: z.string(),
  summary: z.string(),
  findings: z.array(findingSchema),
  designObservations: z.array(attributedObservationSchema),
  testingAssessments: z.array(attributedTextSchema),
  documentationAssessments: z.array(attributedTextSchema),
  wallClockMs: z.number().int().min(0),
  /** How findings were merged: one reviewer's list as is, or clusters of several. */
  consolidation: z.enum(['single-reviewer', 'deterministic']),
  notes: z.array(z.string()),
});
export type ReviewReport = z.infer<typeof reviewReportSchema>;
