import { z } from 'zod';
import { findingIdSchema } from './findingModel';
import { reviewReportSchema } from './reportModel';
import { reviewerCheckSchema } from './reviewerCheck';
import { reviewerConfigSchema } from './reviewerConfig';

// Custom LSP requests between the extension (client) and the language server. Both sides import
// these names and validate params/results with the schemas.

export const reviewRequestMethod = 'deepReview/review';
export const reviewParamsSchema = z.strictObject({
  /** Folder inside the repository to review (a file-system path). */
  cwd: z.string().min(1),
  /** Empty or null: resolve the remote default branch, else main/master. */
  baseBranch: z.string().nullable(),
  reviewers: z.array(reviewerConfigSchema),
  /** Reconciles the reviewers' findings; null or disabled: the report is made from the clusters alone. */
  consolidator: reviewerConfigSchema.nullable(),
  /** Where to write Markdown/JSON copies of the report; null to skip. */
  outDir: z.string().nullable(),
  workDoneToken: z.union([z.string(), z.number()]).optional(),
});
export type ReviewParams = z.infer<typeof reviewParamsSchema>;
export const reviewResultSchema = z.strictObject({
  report: reviewReportSchema,
  reportFiles: z.array(z.string()),
});
export type ReviewResult = z.infer<typeof reviewResultSchema>;

/** A quick fix for one finding, planned against the current text of its files. */
export const fixRequestMethod = 'deepReview/fixEdit';
export const fixParamsSchema = z.strictObject({ findingId: findingIdSchema });
export type FixParams = z.infer<typeof fixParamsSchema>;
export const textEditSchema = z.strictObject({
  range: z.strictObject({
    start: z.strictObject({ line: z.number().int(), character: z.number().int() }),
    end: z.strictObject({ line: z.number().int(), character: z.number().int() }),
  }),
  newText: z.string(),
});
export const fixResultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ready'),
    /** Versioned edits per file URI; version null for files not open in the editor. */
    documentChanges: z.array(
      z.strictObject({
        textDocument: z.strictObject({ uri: z.string(), version: z.number().int().nullable() }),
        edits: z.array(textEditSchema),
      }),
    ),
  }),
  z.strictObject({ kind: z.literal('already-applied') }),
  z.strictObject({ kind: z.literal('refused'), reason: z.string() }),
]);
export type FixResult = z.infer<typeof fixResultSchema>;

/** Installation and login state of each reviewer's CLI, as the server's environment sees it. */
export const checkReviewersRequestMethod = 'deepReview/checkReviewers';
export const checkReviewersParamsSchema = z.strictObject({ reviewers: z.array(reviewerConfigSchema) });
export const checkReviewersResultSchema = z.strictObject({ checks: z.array(reviewerCheckSchema) });

export const diagnosticSource = 'Deep Review';
export const applyFixTitle = (findingId: string): string => `Apply Deep Review fix (${findingId})`;

/** Writes the server's current report to `outDir` in each format; refused when there is no report yet. */
export const exportReportRequestMethod = 'deepReview/exportReport';
export const exportFormatSchema = z.enum(['md', 'json', 'sarif']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;
export const exportReportParamsSchema = z.strictObject({
  formats: z.array(exportFormatSchema).min(1),
  /** An absolute file-system path; created when missing. */
  outDir: z.string().min(1),
});
export type ExportReportParams = z.infer<typeof exportReportParamsSchema>;
export const exportReportResultSchema = z.strictObject({ files: z.array(z.string().min(1)).min(1) });
export type ExportReportResult = z.infer<typeof exportReportResultSchema>;
export const noReportToExportMessage = 'There is no Deep Review report to export yet. Run "Deep Review: Review Branch" first.';

/**
 * Sent by the extension after the user applied a finding's fix (quick fix or the report's Apply button):
 * the server records it in the branch's resolution ledger. A notification: the fix is done either way.
 */
export const fixAppliedNotificationMethod = 'deepReview/fixApplied';
export const fixAppliedParamsSchema = z.strictObject({ findingId: findingIdSchema });
export type FixAppliedParams = z.infer<typeof fixAppliedParamsSchema>;
/** The client-side command a quick fix runs after its edit; it sends deepReview/fixApplied. */
export const fixAppliedCommandId = 'deepReview.fixApplied';
