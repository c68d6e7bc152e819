import { z } from 'zod';
import { reviewerTrackRecordSchema } from './reportModel';
import { agentCliSchema } from './reviewerConfig';

/** What "Deep Review: Check Reviewers" reports for one reviewer. */
export const reviewerCheckSchema = z.strictObject({
  reviewerId: z.string(),
  cli: agentCliSchema,
  model: z.string(),
  binary: z.strictObject({
    /** The command as configured or defaulted, e.g. "claude" or "/opt/bin/codex". */
    command: z.string(),
    /** Absolute path it resolves to on PATH; null when not found. */
    path: z.string().nullable(),
    version: z.string().nullable(),
    /** Why it could not be found or run. */
    error: z.string().nullable(),
  }),
  auth: z.strictObject({
    status: z.enum(['ok', 'missing', 'unknown']),
    /** How it authenticates (e.g. "ANTHROPIC_API_KEY is set") or what is missing. */
    detail: z.string(),
    /** The exact next step when it cannot authenticate. */
    nextStep: z.string().nullable(),
  }),
  /**
   * What became of its findings in this repository's recorded reviews: null when it has none; absent
   * when the check was not given a repository (or its history could not be read).
   */
  track: reviewerTrackRecordSchema.nullable().optional(),
  /** Whether its runs are sandboxed on this machine (see docs/sandbox.md); absent when not checked. */
  sandbox: z.strictObject({ available: z.boolean(), detail: z.string() }).optional(),
});
export type ReviewerCheck = z.infer<typeof reviewerCheckSchema>;
export type AuthCheck = ReviewerCheck['auth'];
