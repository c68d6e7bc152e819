import { commandToolCallName, parseJsonLine, toolCallDetail } from '../agentOutputText';
import type { AgentStats } from '../../../shared/reportModel';
import { emptyStats, type AgentEvent } from '../agentRunner';
import {
  assistantLineSchema,
  resultLineSchema,
  retryLineSchema,
  syntheticModel,
  textBlockSchema,
  toolUseBlockSchema,
  type ClaudeResultLine,
} from './claudeStreamLines';

/** The tool Claude Code adds for `--json-schema`; calling it is the answer, not exploration. */
export const structuredOutputTool = 'StructuredOutput';

const detailKeys = ['command', 'file_path', 'pattern', 'path'];

/**
 * Reads Claude Code's stream-json output line by line: events for progress, running stats, the
 * assistant's text, the API error kind of a synthetic error message, and the final `result` line.
 */
export class ClaudeStreamParser {
  private readonly statsSoFar: AgentStats = emptyStats();
  private readonly messageIds = new Set<string>();
  private readonly texts: string[] = [];
  private resultLine: ClaudeResultLine | null = null;
  private apiError: string | null = null;

  /** `cwd`: the folder the agent runs in, so file paths in events can be shown relative to it. */
  constructor(
    private readonly cwd: string,
    private readonly startedAt: number = Date.now(),
  ) {}

  /** Parses one stdout line and returns the events it describes; lines that are not JSON are ignored. */
  push(line: string): AgentEvent[] {
    const json = parseJsonLine(line);
    if (json === undefined) return [];
    this.statsSoFar.durationMs = Math.max(0, Date.now() - this.startedAt);

    const assistant = assistantLineSchema.safeParse(json);
    if (assistant.success) return this.onAssistant(assistant.data);

    const retry = retryLineSchema.safeParse(json);
    if (retry.success) {
      const { attempt, error_status: status, error } = retry.data;
      const reason = [status === null || status === undefined ? null : `HTTP ${status}`, error ?? null].filter(Boolean).join(' ');
      return [{ type: 'retry', attempt, reason: reason === '' ? 'API request failed' : reason }];
    }

    const result = resultLineSchema.safeParse(json);
    if (result.success) this.onResult(result.data);
    return [];
  }

  get stats(): AgentStats {
    return { ...this.statsSoFar, toolCalls: { ...this.statsSoFar.toolCalls } };
  }

  /** The final `result` line, or null when the CLI ended without one. */
  get result(): ClaudeResultLine | null {
    return this.resultLine;
  }

  /** Everything the model wrote as text, in order (excluding the CLI's synthetic messages). */
  get assistantText(): string {
    return this.texts.join('\n\n');
  }

  /** The CLI's error kind from a synthetic API error message, e.g. "authentication_failed". */
  get apiErrorKind(): string | null {
    return this.apiError;
  }

  private onAssistant(line: ReturnType<typeof assistantLineSchema.parse>): AgentEvent[] {
    const synthetic = line.message.model === syntheticModel;
    if (synthetic && line.error !== undefined) this.apiError = line.error;
    const id = line.message.id;
    if (!synthetic && id !== undefined && !this.messageIds.has(id)) {
      this.messageIds.add(id);
      this.statsSoFar.turns += 1;
    }
    const events: AgentEvent[] = [];
    for (const block of line.message.content) {
      const text = textBlockSchema.safeParse(block);
      if (text.success) {
        if (!synthetic) this.texts.push(text.data.text);
        events.push({ type: 'text', text: text.data.text });
        continue;
      }
      const toolUse = toolUseBlockSchema.safeParse(block);
      if (!toolUse.success || toolUse.data.name === structuredOutputTool) continue;
      const name = toolCallName(toolUse.data.name, toolUse.data.input);
      this.statsSoFar.toolCalls[name] = (this.statsSoFar.toolCalls[name] ?? 0) + 1;
      events.push({ type: 'tool-call', name, detail: toolCallDetail(this.cwd, toolUse.data.input, detailKeys) });
    }
    return events;
  }

  private onResult(line: ClaudeResultLine): void {
    this.resultLine = line;
    const usage = line.usage;
    if (usage) {
      // Cached input is still input the model read; the report shows the total.
      const input = (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
      this.statsSoFar.inputTokens = Math.round(input);
      this.statsSoFar.outputTokens = usage.output_tokens === undefined ? null : Math.round(usage.output_tokens);
    }
    if (typeof line.total_cost_usd === 'number' && line.total_cost_usd >= 0) this.statsSoFar.costUsd = line.total_cost_usd;
  }

}

/** "Bash(git diff)" for shell commands (first two words), the tool's own name otherwise. */
export function toolCallName(tool: string, input: Record<string, unknown>): string {
  return tool === 'Bash' && typeof input.command === 'string' ? commandToolCallName(tool, input.command) : tool;
}


