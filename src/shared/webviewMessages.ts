import { z } from 'zod';
import { findingIdSchema, repoPathSchema } from './findingModel';
import { reviewReportSchema } from './reportModel';

// Messages between the report webview and the extension host. Both sides validate what they receive.

export const hostToWebviewMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('showReport'), report: reviewReportSchema }),
  z.strictObject({ type: z.literal('fixResult'), findingId: findingIdSchema, ok: z.boolean(), message: z.string() }),
]);
export type HostToWebviewMessage = z.infer<typeof hostToWebviewMessageSchema>;

export const webviewToHostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('openLocation'), path: repoPathSchema, line: z.number().int().min(1) }),
  z.strictObject({ type: z.literal('applyFix'), findingId: findingIdSchema }),
  /** The Export… button: the host runs "Deep Review: Export Report…". */
  z.strictObject({ type: z.literal('exportReport') }),
]);
export type WebviewToHostMessage = z.infer<typeof webviewToHostMessageSchema>;
