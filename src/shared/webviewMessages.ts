import { z } from 'zod';
import { findingIdSchema, repoPathSchema } from './findingModel';
import { findingLocationsSchema } from './findingLocations';
import { findingStatusesSchema } from './findingStatus';
import { reviewReportSchema } from './reportModel';

// Messages between the report webview and the extension host. Both sides validate what they receive.

export const hostToWebviewMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('showReport'),
    report: reviewReportSchema,
    /** Where each finding stands now (dismissed, fix applied…); missing ids are open. */
    statuses: findingStatusesSchema,
    /**
     * True for the report whose findings are in the Problems panel (the latest round of the branch):
     * its findings get Apply fix / Show diff / Dismiss. A report of an earlier round is read-only.
     */
    live: z.boolean(),
    /** The editor's tab width (editor.tabSize), for code in the report; absent: 4. */
    tabSize: z.number().int().min(1).max(32).optional(),
  }),
  /** The statuses changed (a dismissal, an applied fix, code edited away) while the report is shown. */
  z.strictObject({ type: z.literal('findingStatuses'), statuses: findingStatusesSchema }),
  z.strictObject({ type: z.literal('fixResult'), findingId: findingIdSchema, ok: z.boolean(), message: z.string() }),
  /** Where the live report's findings are now (edits, applied fixes moved them): the location links say so. */
  z.strictObject({ type: z.literal('findingLocations'), locations: findingLocationsSchema }),
  /** Scroll to a finding and focus it (a finding link in the Problems panel was followed). */
  z.strictObject({ type: z.literal('revealFinding'), findingId: findingIdSchema }),
]);
export type HostToWebviewMessage = z.infer<typeof hostToWebviewMessageSchema>;

/** The id of the report page's data block (`<script type="application/json">`) holding the message it handles first. */
export const initialMessageElementId = 'initial-message';

export const webviewToHostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('openLocation'), path: repoPathSchema, line: z.number().int().min(1) }),
  z.strictObject({ type: z.literal('applyFix'), findingId: findingIdSchema }),
  /** The Export… button: the host runs "Deep Review: Export Report…". */
  z.strictObject({ type: z.literal('exportReport') }),
  /** Opens VS Code's diff editor on the current text vs the text with the finding's fix. */
  z.strictObject({ type: z.literal('showFixDiff'), findingId: findingIdSchema }),
  /** The host asks for the reason and records the dismissal in the branch's ledger. */
  z.strictObject({ type: z.literal('dismissFinding'), findingId: findingIdSchema }),
  /** The host copies the finding as Markdown to the clipboard. */
  z.strictObject({ type: z.literal('copyFinding'), findingId: findingIdSchema }),
]);
export type WebviewToHostMessage = z.infer<typeof webviewToHostMessageSchema>;

/**
 * What the report page keeps with `vscode.setState`, so the panel can be restored after a window reload
 * (the host reads the round back from the branch's stored rounds).
 */
export const reportPanelStateSchema = z.strictObject({
  repoRoot: z.string().min(1),
  branch: z.string().min(1),
  round: z.number().int().min(1),
});
export type ReportPanelState = z.infer<typeof reportPanelStateSchema>;
