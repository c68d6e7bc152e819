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
  z.strictObject({
    type: z.literal('agent-finished'),
    reviewerId: z.string(),
    findings: z.number().int(),
    durationMs: z.number(),
    /** What the run cost, where the CLI reports it. */
    costUsd: z.number().nullable().optional(),
    /** Stopped at its budget: the findings are those it had reported by then. */
    partial: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('agent-failed'), reviewerId: z.string(), error: z.string() }),
  z.strictObject({ type: z.literal('consolidating') }),
  /** findingId null: the run of the check without any fix (done 0), or the end of the phase (done = total). */
  z.strictObject({ type: z.literal('verifying-fixes'), done: z.number().int().min(0), total: z.number().int().min(0), findingId: z.string().nullable() }),
  z.strictObject({ type: z.literal('report-ready'), report: reviewReportSchema }),
]);
export type ReviewEvent = z.infer<typeof reviewEventSchema>;
