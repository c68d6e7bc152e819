import { z } from 'zod';

// Verified fixes: each suggested fix is applied in a scratch worktree of the reviewed commit and the
// repository's own check (deepReview.verifyCommand) is run there; the user's working tree is never touched.

export const verifyCommandSchema = z.strictObject({
  /** A shell command line, run in the root of the scratch worktree. */
  command: z.string().trim().min(1),
  /** Each run of the command is stopped after this long. */
  timeoutSeconds: z.number().int().min(1).max(24 * 60 * 60),
  /** The check may use the network (deepReview.verifyNetwork, a user setting); otherwise its sandbox has none. */
  network: z.boolean().optional(),
});
export type VerifyCommand = z.infer<typeof verifyCommandSchema>;

export const defaultVerifyTimeoutSeconds = 300;
/** Fixes beyond this many (in severity order) are not verified: each one is a full run of the check. */
export const maxVerifiedFixes = 20;

export const checkRunStatuses = ['passed', 'failed', 'timed-out'] as const;
export const checkRunSchema = z.strictObject({
  status: z.enum(checkRunStatuses),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().int().min(0),
  /** The lines of the command's output that say what went wrong (empty when it passed). */
  excerpt: z.string(),
});
export type CheckRun = z.infer<typeof checkRunSchema>;

export const fixVerificationStatuses = ['passed', 'failed', 'timed-out', 'not-applied', 'skipped'] as const;
export type FixVerificationStatus = (typeof fixVerificationStatuses)[number];

/**
 * What became of one finding's fix: passed/failed/timed-out are runs of the check with the fix applied;
 * not-applied: the fix does not apply to the reviewed commit; skipped: not run (limit, cancelled).
 */
export const fixVerificationSchema = z.strictObject({
  status: z.enum(fixVerificationStatuses),
  /** The output excerpt of a failed or timed-out run, or why the fix was not applied or not run; null when it passed. */
  detail: z.string().nullable(),
  durationMs: z.number().int().min(0),
});
export type FixVerification = z.infer<typeof fixVerificationSchema>;

/** The verification phase of a review: the command, and the run at the reviewed commit without any fix. */
export const verificationRunSchema = z.strictObject({
  command: z.string(),
  timeoutSeconds: z.number().int().min(1),
  baseline: checkRunSchema,
  /** Findings whose fix was run through the check (not counting not-applied or skipped ones). */
  verifiedFixes: z.number().int().min(0),
  durationMs: z.number().int().min(0),
});
export type VerificationRun = z.infer<typeof verificationRunSchema>;

/** The heading of a verification shown with its detail (the reason a fix was not verified says the rest). */
export function fixVerificationHeading(verification: FixVerification): string {
  const label = verification.status === 'not-applied' || verification.status === 'skipped' ? 'fix not verified' : fixVerificationLabel(verification);
  return `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
}

/** The short label a finding's fix gets in the editor and the report. */
export function fixVerificationLabel(verification: FixVerification): string {
  switch (verification.status) {
    case 'passed':
      return 'fix verified';
    case 'failed':
      return 'fix breaks the check';
    case 'timed-out':
      return 'check timed out with the fix';
    case 'not-applied':
      return 'fix not verified: it does not apply';
    case 'skipped':
      return 'fix not verified';
  }
}
