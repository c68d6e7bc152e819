import { z } from 'zod';
import { reviewReportSchema } from './reportModel';

// Progress of one review, emitted by the engine and carried to the editor (LSP work-done progress)
// and the terminal (CLI stderr).

export const reviewEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('context-collected'), branch: z.string(), base: z.string(), commits: z.number().int(), files: z.number().int() }),
  z.strictObject({ type: z.literal('agent-started'), reviewerId: z.string() }),
  z.strictObject({
    type: z.literal('agent-progress'),
    reviewerId: z.string(),
    elapsedMs: z.number(),
    toolCalls: z.number().int(),
    lastTool: z.string().nullable(),
  }),
  z.strictObject({ type: z.literal('agent-finished'), reviewerId: z.string(), findings: z.number().int(), durationMs: z.number() }),
  z.strictObject({ type: z.literal('agent-failed'), reviewerId: z.string(), error: z.string() }),
  z.strictObject({ type: z.literal('consolidating') }),
  z.strictObject({ type: z.literal('report-ready'), report: reviewReportSchema }),
]);
export type ReviewEvent = z.infer<typeof reviewEventSchema>;
