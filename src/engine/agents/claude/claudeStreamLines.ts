import { z } from 'zod';

// The parts of Claude Code's `--output-format stream-json` lines that Deep Review reads
// (verified with 2.1.330). Objects are not strict: the CLI adds fields between versions.

export const toolUseBlockSchema = z.object({
  type: z.literal('tool_use'),
  id: z.string().optional(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()).catch({}),
});

export const textBlockSchema = z.object({ type: z.literal('text'), text: z.string() });

/** The model that marks messages the CLI made up itself (API errors, "Not logged in"). */
export const syntheticModel = '<synthetic>';

export const assistantLineSchema = z.object({
  type: z.literal('assistant'),
  message: z.object({
    id: z.string().optional(),
    model: z.string().optional(),
    content: z.array(z.unknown()),
  }),
  /** Set on synthetic API error messages: authentication_failed, rate_limit, server_error, … */
  error: z.string().optional(),
});

export const retryLineSchema = z.object({
  type: z.literal('system'),
  subtype: z.literal('api_retry'),
  attempt: z.number(),
  max_retries: z.number().optional(),
  retry_delay_ms: z.number().optional(),
  error_status: z.number().nullable().optional(),
  error: z.string().optional(),
});

const usageSchema = z.object({
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  cache_creation_input_tokens: z.number().optional(),
  cache_read_input_tokens: z.number().optional(),
});

export const resultLineSchema = z.object({
  type: z.literal('result'),
  /** "success" even for API errors; "error_max_turns", "error_during_execution", … otherwise. */
  subtype: z.string(),
  is_error: z.boolean(),
  num_turns: z.number().optional(),
  duration_ms: z.number().optional(),
  total_cost_usd: z.number().nullable().optional(),
  usage: usageSchema.optional(),
  result: z.string().nullable().optional(),
  structured_output: z.unknown().optional(),
  api_error_status: z.number().nullable().optional(),
  terminal_reason: z.string().optional(),
  errors: z.array(z.string()).nullable().optional(),
  permission_denials: z
    .array(z.object({ tool_name: z.string(), tool_input: z.unknown().optional() }))
    .optional(),
});
export type ClaudeResultLine = z.infer<typeof resultLineSchema>;
