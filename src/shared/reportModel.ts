import { z } from 'zod';
import { findingIdSchema, findingSchema, severitySchema } from './findingModel';
import { riskSchema, verdictDecisionSchema } from './consolidatorAnswer';
import { priorFindingSchema, resolutionRowSchema, reviewerTrackSchema } from './ledgerModel';
import { pullRequestContextSchema } from './pullRequestModel';
import { designObservationSchema } from './reviewerAnswer';
import { agentCliSchema } from './reviewerConfig';
import { reviewScopeSchema } from './reviewScope';
import { verificationRunSchema } from './fixVerification';
import { budgetUseSchema } from './reviewBudget';

export const commitSchema = z.strictObject({
  hash: z.string(),
  subject: z.string(),
  /** The message after the subject line (may be empty). */
  body: z.string(),
  /** The commit's author name (absent in reports made before it was recorded). */
  author: z.string().optional(),
});
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
  /** Changed files it opened: its tool calls name them (read, searched or diffed by path); null when not recorded. */
  filesRead: z.array(z.string()).nullable(),
  /** Changed files whose diff was in a prompt it answered; absent in reports written before this was recorded. */
  filesGiven: z.array(z.string()).optional(),
  /** How this reviewer did, in the consolidator's words; null without a consolidator. */
  narrative: z.string().nullable(),
  /** Why the run is partial: it was stopped at its share of the budget and its findings are those it had announced. */
  partial: z.string().optional(),
});
export type ReviewerRun = z.infer<typeof reviewerRunSchema>;

/** The consolidator's run: a reviewer run without findings of its own. */
export const consolidatorRunSchema = reviewerRunSchema.omit({ findingCount: true, narrative: true, filesRead: true, filesGiven: true });
export type ConsolidatorRun = z.infer<typeof consolidatorRunSchema>;

export const severityChangeSchema = z.strictObject({
  findingId: findingIdSchema,
  /** The highest severity a reviewer gave. */
  from: severitySchema,
  to: severitySchema,
  rationale: z.string(),
});
export type SeverityChange = z.infer<typeof severityChangeSchema>;

/** A reviewers' finding the consolidator rejected as a false positive. */
export const rejectedFindingSchema = z.strictObject({
  title: z.string(),
  path: z.string(),
  startLine: z.number().int().min(1),
  severity: severitySchema,
  reviewerIds: z.array(z.string()),
  reason: z.string(),
});
export type RejectedFinding = z.infer<typeof rejectedFindingSchema>;

export const consolidationSchema = z.strictObject({
  /**
   * agent: a consolidator agent reconciled the findings; deterministic: merged by location and concern
   * only (no consolidator, or it failed — see fallbackReason); single-reviewer: one reviewer's list as is.
   */
  mode: z.enum(['agent', 'deterministic', 'single-reviewer']),
  consolidator: consolidatorRunSchema.nullable(),
  /** Why the report was made without the consolidator, when one was configured. */
  fallbackReason: z.string().nullable(),
  severityChanges: z.array(severityChangeSchema),
  rejected: z.array(rejectedFindingSchema),
});
export type Consolidation = z.infer<typeof consolidationSchema>;

export const attributedObservationSchema = designObservationSchema.extend({ reviewerIds: z.array(z.string()) });
export type AttributedObservation = z.infer<typeof attributedObservationSchema>;

export const attributedTextSchema = z.strictObject({ reviewerId: z.string(), text: z.string() });

/** An assessment in the consolidator's words (when it ran) and each reviewer's own. */
export const assessmentSchema = z.strictObject({
  consolidated: z.string().nullable(),
  byReviewer: z.array(attributedTextSchema),
});
export const testingGapSchema = z.strictObject({ risk: riskSchema, gap: z.string() });

export const acknowledgedLimitationSchema = z.strictObject({
  quote: z.string(),
  /** "commit abc1234" or "pull request". */
  source: z.string(),
});

/**
 * A reviewer's track record in the repository: what became of the findings it reported, across every
 * recorded round of every branch. Kept per reviewer id and the CLI and model it reported with (from the
 * rounds that recorded who reviewed); older rounds' findings have a record under the id alone.
 */
export const reviewerTrackRecordSchema = reviewerTrackSchema.extend({
  /** Rounds it ran in (for older rounds, which do not say who ran: each branch's rounds since its first finding there). */
  rounds: z.number().int().min(0),
});
export type ReviewerTrackRecord = z.infer<typeof reviewerTrackRecordSchema>;

/** Where secrets were taken out of the report before it left the engine: what they were, never their values. */
export const redactionSchema = z.strictObject({
  /** "C1 title", "C2 fix", "reviewer codex narrative", "notes". */
  where: z.string(),
  /** The secrets' sources or shapes: "OPENAI_API_KEY", "gh hosts.yml", "GitHub token". */
  found: z.array(z.string()),
  /** A fix that contained a secret is left out rather than altered: an altered fix would not apply. */
  fixDropped: z.literal(true).optional(),
});
export type Redaction = z.infer<typeof redactionSchema>;

export const reviewReportSchema = z.strictObject({
  version: z.literal(2),
  createdAt: z.string(),
  round: z.number().int().min(1),
  branch: branchSummarySchema,
  /** The branch's pull request from `gh`, or why it is not known. */
  pullRequest: pullRequestContextSchema,
  reviewers: z.array(reviewerRunSchema),
  verdictDecision: verdictDecisionSchema,
  /** "Merge with fixes — …", as shown. */
  verdict: z.string(),
  summary: z.string(),
  findings: z.array(findingSchema),
  designObservations: z.array(attributedObservationSchema),
  testing: assessmentSchema.extend({ gaps: z.array(testingGapSchema) }),
  documentation: assessmentSchema,
  /** The consolidator's view of how the commits are cut; null without one. */
  commitAssessment: z.string().nullable(),
  acknowledgedLimitations: z.array(acknowledgedLimitationSchema),
  wallClockMs: z.number().int().min(0),
  consolidation: consolidationSchema,
  /** The round before this one on the branch (its reviewed commit), when there is one. */
  previousRound: z.strictObject({ round: z.number().int().min(1), head: z.string() }).nullable(),
  /** What the reviewers were told of earlier rounds' findings. */
  priorFindings: z.array(priorFindingSchema),
  /** Every change of status of the branch's findings across rounds, oldest first (from the ledger). */
  resolution: z.array(resolutionRowSchema),
  /** How the review went: failures, merges, unlocated findings, the consolidator's process notes. */
  notes: z.array(z.string()),
  /**
   * Each reviewer's track record in the repository, this round included; absent when the round was not
   * recorded and in reports stored before track records existed.
   */
  trackRecords: z.array(reviewerTrackRecordSchema).optional(),
  /** Whether the reviewers had the whole branch or only the commits since the last round; absent in reports stored before rounds could be incremental. */
  scope: reviewScopeSchema.optional(),
  /** The fix-verification phase, when deepReview.verifyCommand (or --verify-command) was set. */
  fixVerification: verificationRunSchema.optional(),
  /** The review's budget and what it used, when it had one. */
  budget: budgetUseSchema.optional(),
  /** Secrets redacted from the report's texts; absent when there were none. */
  redactions: z.array(redactionSchema).optional(),
});
export type ReviewReport = z.infer<typeof reviewReportSchema>;
