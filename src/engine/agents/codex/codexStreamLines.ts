import { z } from 'zod';

// The parts of `codex exec --json` lines that Deep Review reads (verified with Codex 0.169.0).
// Objects are not strict: the CLI adds fields between versions.

export const commandItemSchema = z.object({
  id: z.string(),
  type: z.literal('command_execution'),
  /** The shell wrapper and the model's command, e.g. `/bin/bash -lc 'git diff main...HEAD'`. */
  command: z.string(),
  aggregated_output: z.string().optional(),
  exit_code: z.number().nullable().optional(),
  status: z.string().optional(),
});

export const agentMessageItemSchema = z.object({ id: z.string(), type: z.literal('agent_message'), text: z.string() });

/** Other tools the model might call; none is expected in a read-only review, but each counts as a call. */
export const otherToolItemSchema = z.discriminatedUnion('type', [
  z.object({ id: z.string(), type: z.literal('mcp_tool_call'), server: z.string().catch('mcp'), tool: z.string().catch('tool') }),
  z.object({ id: z.string(), type: z.literal('web_search'), query: z.string().catch('') }),
  z.object({ id: z.string(), type: z.literal('file_change'), changes: z.array(z.object({ path: z.string() })).catch([]) }),
]);

/** Any item: its id and type are enough to see that the model produced output. */
export const anyItemSchema = z.object({ id: z.string(), type: z.string() });

export const itemLineSchema = z.object({
  type: z.enum(['item.started', 'item.updated', 'item.completed']),
  item: z.unknown(),
});

const usageSchema = z.object({
  /** Includes cached input (OpenAI reports the cached part separately as a subset). */
  input_tokens: z.number().optional(),
  cached_input_tokens: z.number().optional(),
  /** Includes reasoning tokens. */
  output_tokens: z.number().optional(),
  reasoning_output_tokens: z.number().optional(),
});

export const turnCompletedLineSchema = z.object({ type: z.literal('turn.completed'), usage: usageSchema.optional() });

export const turnFailedLineSchema = z.object({ type: z.literal('turn.failed'), error: z.object({ message: z.string() }).optional() });

/** Errors and retries ("Reconnecting... 2/5 (…)", "Reconnecting... waiting for network (…)"). */
export const errorLineSchema = z.object({ type: z.literal('error'), message: z.string() });

export const threadStartedLineSchema = z.object({ type: z.literal('thread.started'), thread_id: z.string().optional() });
