import { z } from 'zod';
import { fixVerificationSchema } from './fixVerification';

export const severities = ['critical', 'important', 'suggestion'] as const;
export const severitySchema = z.enum(severities);
export type Severity = z.infer<typeof severitySchema>;

export const severityIdPrefix: Record<Severity, 'C' | 'I' | 'S'> = { critical: 'C', important: 'I', suggestion: 'S' };

/** A path relative to the repository root, forward slashes, never escaping it. */
export const repoPathSchema = z
  .string()
  .min(1)
  .refine((value) => isSafeRepoPath(value), { message: 'must be a repository-relative path without ".." segments' });

export function isSafeRepoPath(value: string): boolean {
  if (value.startsWith('/') || value.startsWith('\\') || /^[a-zA-Z]:/.test(value) || value.includes('\0')) return false;
  return !value.split(/[\\/]/).some((segment) => segment === '..');
}

export const fixEditSchema = z.strictObject({
  path: repoPathSchema,
  original: z.string(),
  replacement: z.string(),
});
export type FixEdit = z.infer<typeof fixEditSchema>;

export const fixSchema = z.strictObject({
  description: z.string(),
  edits: z.array(fixEditSchema).min(1),
});
export type Fix = z.infer<typeof fixSchema>;

export const anchorStatuses = ['exact', 'whitespace', 'unanchored'] as const;
export const anchorSchema = z.strictObject({
  status: z.enum(anchorStatuses),
  /** 1-based lines at the reviewed HEAD where the snippet was found; the reviewer's lines when unanchored. */
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
});
export type Anchor = z.infer<typeof anchorSchema>;

export const locationSchema = z.strictObject({
  path: repoPathSchema,
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  /** Code quoted by the reviewer; it anchors the finding when lines move. */
  snippet: z.string(),
});
export type Location = z.infer<typeof locationSchema>;

export const reporterSchema = z.strictObject({
  reviewerId: z.string().min(1),
  severity: severitySchema,
  /** The reviewer was stopped at its budget: it reported this before it finished. */
  partial: z.literal(true).optional(),
});
export type Reporter = z.infer<typeof reporterSchema>;

export const findingIdSchema = z.string().regex(/^[CIS]\d+$/);

export const findingSchema = z.strictObject({
  id: findingIdSchema,
  severity: severitySchema,
  title: z.string().min(1),
  /** Markdown written by an agent: untrusted, rendered escaped. */
  body: z.string(),
  location: locationSchema,
  anchor: anchorSchema,
  extraLocations: z.array(locationSchema),
  fix: fixSchema.nullable(),
  tags: z.array(z.string()),
  reporters: z.array(reporterSchema).min(1),
  fingerprint: z.string().min(1),
  /** Set when the fix was run through the repository's check (deepReview.verifyCommand) in a scratch worktree. */
  fixVerification: fixVerificationSchema.optional(),
  /**
   * Set on a finding of an earlier round that is still open and that this round's incremental review did not
   * re-report: copied into this report (re-anchored at its HEAD) from the round that last reported it, where it had `findingId`.
   */
  carriedFrom: z.strictObject({ round: z.number().int().min(1), findingId: findingIdSchema }).optional(),
});
export type Finding = z.infer<typeof findingSchema>;
