import { z } from 'zod';

// The lines of Gemini CLI's `--output-format stream-json` that Deep Review reads (verified with 0.61).
// Objects are not strict: the CLI adds fields between versions.

export const initLineSchema = z.object({ type: z.literal('init'), session_id: z.string().optional(), model: z.string().optional() });

export const messageLineSchema = z.object({
  type: z.literal('message'),
  role: z.string(),
  content: z.string(),
  /** Assistant text comes as deltas to be joined. */
  delta: z.boolean().optional(),
});

export const toolUseLineSchema = z.object({
  type: z.literal('tool_use'),
  tool_name: z.string(),
  tool_id: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).catch({}),
});

export const toolResultLineSchema = z.object({
  type: z.literal('tool_result'),
  tool_id: z.string().optional(),
  status: z.string(),
  output: z.string().optional(),
  /** `type` is e.g. policy_violation or tool_not_registered for refused calls. */
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).optional(),
});

/** Non-fatal problems during the run: warnings, or e.g. "The model returned an empty response". */
export const errorLineSchema = z.object({ type: z.literal('error'), severity: z.string().optional(), message: z.string() });

const statsSchema = z.object({
  total_tokens: z.number().optional(),
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  cached: z.number().optional(),
  duration_ms: z.number().optional(),
  tool_calls: z.number().optional(),
});

export const resultLineSchema = z.object({
  type: z.literal('result'),
  /** "success" or "error"; the CLI may still exit 0 with "error" (e.g. an empty model reply). */
  status: z.string(),
  /** `type` names the CLI's error class, e.g. FatalTurnLimitedError; `message` holds "[API Error: …]" for HTTP errors. */
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).optional(),
  stats: statsSchema.optional(),
});
export type GeminiResultLine = z.infer<typeof resultLineSchema>;
