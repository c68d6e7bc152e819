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

/**
 * How faithfully the quoted code was found: verbatim, with only whitespace, indentation, blank lines or
 * elisions differing, approximately (a clearly best window of similar lines: the diagnostic says so), or not.
 */
/**
 * The fix planned against the file at the reviewed commit: applicable with the exact edits (offsets into
 * the file as git stores it, 1-based lines of the replaced text, the text that replaces it, re-indented
 * to the file), already applied there, or refused with the reason.
 */
export const fixAtHeadSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('applicable'),
    edits: z.array(
      z.strictObject({
        path: repoPathSchema,
        startOffset: z.number().int().min(0),
        endOffset: z.number().int().min(0),
        startLine: z.number().int().min(1),
        endLine: z.number().int().min(1),
        newText: z.string(),
      }),
    ),
  }),
  z.strictObject({ status: z.literal('already-applied') }),
  z.strictObject({ status: z.literal('refused'), reason: z.string() }),
]);
export type FixAtHead = z.infer<typeof fixAtHeadSchema>;

export const anchorStatuses = ['exact', 'whitespace', 'approximate', 'unanchored'] as const;
export type AnchorStatus = (typeof anchorStatuses)[number];
/** Said wherever a finding placed approximately is shown (Problems panel, report, SARIF). */
export const approximateLocationNote = 'location approximate: the quoted code differs from the file';
export const anchorSchema = z.strictObject({
  status: z.enum(anchorStatuses),
  /**
   * 1-based lines at the reviewed HEAD the finding is about: the lines the reviewer named when they lie
   * inside the quoted code where it was found, otherwise the whole quote; the reviewer's lines when unanchored.
   */
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  /**
   * Where the whole quote was found, when the reviewer named fewer lines than it quotes (context around
   * them): the quote finds the finding again after edits, and the named lines keep their offset in it.
   */
  quoteStartLine: z.number().int().min(1).optional(),
  quoteEndLine: z.number().int().min(1).optional(),
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

/** Lines of the file at the reviewed commit around a finding's code: what the report shows with line numbers. */
export const codeContextSchema = z.strictObject({
  /** 1-based line of `lines[0]`. */
  startLine: z.number().int().min(1),
  lines: z.array(z.string()),
});
export type CodeContext = z.infer<typeof codeContextSchema>;

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
  /** The fix at the reviewed commit (set by reviews since fixes were planned tolerantly; absent in older reports). */
  fixAtHead: fixAtHeadSchema.optional(),
  /** The finding's lines with context either side, read from the reviewed commit (absent when unanchored, and in older reports). */
  codeContext: codeContextSchema.optional(),
  /** The fix as a unified diff against the reviewed commit: real line numbers and context (absent when it does not apply there). */
  fixDiff: z.string().optional(),
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
