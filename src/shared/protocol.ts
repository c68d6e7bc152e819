import { z } from 'zod';
import { findingIdSchema, repoPathSchema } from './findingModel';
import { findingStatusesSchema } from './findingStatus';
import { fixVerificationLabel, verifyCommandSchema, type FixVerification } from './fixVerification';
import { roundSummarySchema } from './ledgerModel';
import { reviewReportSchema } from './reportModel';
import { reviewBudgetSchema } from './reviewBudget';
import { reviewerCheckSchema } from './reviewerCheck';
import { reviewerConfigSchema } from './reviewerConfig';
import { scopeRequestSchema } from './reviewScope';
import { storedApiKeysSchema } from './storedApiKeys';

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
  /** The review's time and spend limits; absent or null: each agent's own timeout only. */
  budget: reviewBudgetSchema.nullable().optional(),
  /** Verify each fix with this check in a scratch worktree; absent or null: fixes are not verified. */
  verifyCommand: verifyCommandSchema.nullable().optional(),
  /** full: the whole branch; auto (or absent): only the commits since the branch's last round when it can. */
  scope: scopeRequestSchema.optional(),
  /** Keys from "Set API key…", each passed only to its own CLI. */
  apiKeys: storedApiKeysSchema.optional(),
  workDoneToken: z.union([z.string(), z.number()]).optional(),
});
export type ReviewParams = z.infer<typeof reviewParamsSchema>;
export const reviewResultSchema = z.strictObject({
  report: reviewReportSchema,
  /** Findings that come back regressed; none are dismissed or fixed yet. */
  statuses: findingStatusesSchema,
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
  /** Set when the edit's file needs the user's confirmation in a preview (see changeAnnotations). */
  annotationId: z.string().optional(),
});
/** LSP change annotations: VS Code shows edits whose annotation needs confirmation in its refactor preview, every file listed. */
export const changeAnnotationSchema = z.strictObject({ label: z.string(), needsConfirmation: z.boolean(), description: z.string() });
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
    /** Present when the fix may only be applied through a preview (it edits tool configuration or other files). */
    changeAnnotations: z.record(z.string(), changeAnnotationSchema).optional(),
  }),
  z.strictObject({ kind: z.literal('already-applied') }),
  z.strictObject({ kind: z.literal('refused'), reason: z.string() }),
]);
export type FixResult = z.infer<typeof fixResultSchema>;

/** Installation and login state of each reviewer's CLI, as the server's environment sees it. */
export const checkReviewersRequestMethod = 'deepReview/checkReviewers';
export const checkReviewersParamsSchema = z.strictObject({
  reviewers: z.array(reviewerConfigSchema),
  /** A folder of the repository whose review history gives each reviewer's track record. */
  cwd: z.string().min(1).optional(),
  /** Keys from "Set API key…", each passed only to its own CLI. */
  apiKeys: storedApiKeysSchema.optional(),
});
export const checkReviewersResultSchema = z.strictObject({ checks: z.array(reviewerCheckSchema) });

export const diagnosticSource = 'Deep Review';
/** With the verification's label when the fix was run through the repository's check. */
export const applyFixTitle = (findingId: string, verification?: FixVerification): string =>
  `Apply Deep Review fix (${findingId})${verification ? ` — ${fixVerificationLabel(verification)}` : ''}`;
/** A fix applied only through the preview: the title names every file it edits. */
export const previewFixTitle = (findingId: string, paths: readonly string[], verification?: FixVerification): string =>
  `Preview Deep Review fix (${findingId}) — edits ${paths.join(', ')}${verification ? ` — ${fixVerificationLabel(verification)}` : ''}`;
export const showFixDiffTitle = (findingId: string): string => `Show Deep Review fix diff (${findingId})`;
export const dismissTitle = (findingId: string): string => `Dismiss Deep Review finding (${findingId})…`;
export { dismissCommandId, fixAppliedCommandId, showFixDiffCommandId } from './contributionIds';

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

/**
 * The latest stored round of the branch checked out at `cwd`, made the current report: its findings
 * back in the Problems panel with their ledger statuses. For a window reload, a language server
 * restart and "Open Last Report" — no agent runs. `report` null when the branch has no stored round.
 */
export const restoreRequestMethod = 'deepReview/restore';
export const restoreParamsSchema = z.strictObject({ cwd: z.string().min(1) });
export const restoreResultSchema = z.strictObject({
  report: reviewReportSchema.nullable(),
  statuses: findingStatusesSchema,
  /** The branch has commits the report has not reviewed (its HEAD moved since). */
  headMoved: z.boolean(),
  warnings: z.array(z.string()),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

/** The user dismissed a finding of the current report with a reason: declined in the ledger, gone from the Problems panel. */
export const dismissRequestMethod = 'deepReview/dismiss';
export const dismissParamsSchema = z.strictObject({ findingId: findingIdSchema, reason: z.string().trim().min(1) });

/** The current report's findings and statuses (for the view, the status bar and the report panel); null report when there is none. */
export const currentReportRequestMethod = 'deepReview/currentReport';
export const currentReportResultSchema = z.strictObject({ report: reviewReportSchema.nullable(), statuses: findingStatusesSchema });
export type CurrentReportResult = z.infer<typeof currentReportResultSchema>;

/** Sent by the server whenever the current report or a status in it changes (a review, a restore, a dismissal, a fix, an edit, a clear). */
export const findingStatusesNotificationMethod = 'deepReview/findingStatuses';
export const findingStatusesNotificationSchema = z.strictObject({
  /** `repoRoot#branch#round` of the current report, or null after Clear Findings. */
  reportKey: z.string().nullable(),
  statuses: findingStatusesSchema,
});
export type FindingStatusesNotification = z.infer<typeof findingStatusesNotificationSchema>;

/** Drops the current report's diagnostics (the stored rounds stay). */
export const clearFindingsRequestMethod = 'deepReview/clearFindings';

/** The current text and the text with a finding's fix, per file, for VS Code's diff editor. */
export const fixPreviewRequestMethod = 'deepReview/fixPreview';
export const fixPreviewParamsSchema = fixParamsSchema;
export const fixPreviewResultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ready'),
    files: z.array(z.strictObject({ path: repoPathSchema, uri: z.string(), current: z.string(), fixed: z.string() })).min(1),
  }),
  z.strictObject({ kind: z.literal('already-applied') }),
  /** The fix cannot be planned on the current text: the reason and the fix as the agent wrote it (a unified diff). */
  z.strictObject({ kind: z.literal('refused'), reason: z.string(), diff: z.string() }),
]);
export type FixPreviewResult = z.infer<typeof fixPreviewResultSchema>;

/** Every branch of the repository at `cwd` with stored rounds, for the Deep Review view and "Open Report from History…". */
export const historyRequestMethod = 'deepReview/history';
export const historyParamsSchema = z.strictObject({ cwd: z.string().min(1) });
export const historyResultSchema = z.strictObject({
  repoRoot: z.string(),
  /** The branch checked out at `cwd`; null on a detached HEAD. */
  currentBranch: z.string().nullable(),
  branches: z.array(
    z.strictObject({
      branch: z.string(),
      rounds: z.array(roundSummarySchema),
      unreadable: z.array(z.strictObject({ round: z.number().int(), problem: z.string() })),
    }),
  ),
  warnings: z.array(z.string()),
});
export type HistoryResult = z.infer<typeof historyResultSchema>;

/** One stored round's report with its findings' statuses from the branch's ledger (read-only unless it is the current report). */
export const roundRequestMethod = 'deepReview/round';
export const roundParamsSchema = z.strictObject({ repoRoot: z.string().min(1), branch: z.string().min(1), round: z.number().int().min(1) });
export const roundResultSchema = z.strictObject({ report: reviewReportSchema, statuses: findingStatusesSchema, live: z.boolean() });
export type RoundResult = z.infer<typeof roundResultSchema>;

export function reportKeyOf(report: { branch: { repoRoot: string; branch: string }; round: number }): string {
  return `${report.branch.repoRoot}#${report.branch.branch}#${report.round}`;
}

/** What the client tells the server at start-up (LSP initializationOptions). */
export const initializationOptionsSchema = z.strictObject({
  /** Base of the extension's URI handler (`<uriScheme>://<extension id>`): finding codes in the Problems panel link to the report. */
  findingLinkBase: z.string().nullable().optional(),
  /**
   * The `deepReview` settings, for clients that do not answer workspace/configuration (or answer it with
   * nothing): treated as the user's own settings. Checked when a review starts.
   */
  deepReview: z.unknown().optional(),
});
export type InitializationOptions = z.infer<typeof initializationOptionsSchema>;

/**
 * Commands any LSP client runs with workspace/executeCommand (VS Code's extension has its own commands
 * and sends the requests above). Their arguments are documented in docs/editors.md.
 */
export const editorCommandIds = {
  /** [{ cwd?, full? }?]: reviews the branch (work-done progress, cancellable); the result summarises the report. */
  review: 'deepReview.lsp.review',
  cancelReview: 'deepReview.lsp.cancelReview',
  /** Writes the current report as Markdown and asks the client to show it (window/showDocument). */
  showReport: 'deepReview.lsp.showReport',
  /** [findingId, reason?]: without a reason the client is asked to pick one (window/showMessageRequest). */
  dismiss: 'deepReview.lsp.dismiss',
} as const;
export const editorCommandReviewArgsSchema = z.strictObject({ cwd: z.string().min(1).optional(), full: z.boolean().optional() });
export const editorReviewResultSchema = z.strictObject({
  round: z.number().int(),
  verdict: z.string(),
  findings: z.number().int(),
  warnings: z.array(z.string()),
});
export type EditorReviewResult = z.infer<typeof editorReviewResultSchema>;
