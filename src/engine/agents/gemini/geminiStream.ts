import type { AgentStats } from '../../../shared/reportModel';
import { emptyStats, type AgentEvent } from '../agentRunner';
import { errorLineSchema, messageLineSchema, resultLineSchema, toolResultLineSchema, toolUseLineSchema, type GeminiResultLine } from './geminiStreamLines';
import { commandToolCallName, parseJsonLine, toolCallDetail } from '../agentOutputText';

const detailKeys = ['command', 'file_path', 'dir_path', 'pattern', 'path'];

export interface GeminiToolRefusal {
  tool: string;
  /** e.g. policy_violation, tool_not_registered */
  type: string;
  message: string;
}

/**
 * Reads Gemini CLI's stream-json output line by line: events for progress, running stats, the
 * assistant's text (deltas joined), tool refusals, error events and the final `result` line.
 */
export class GeminiStreamParser {
  private readonly statsSoFar: AgentStats = emptyStats();
  /** Assistant text per model response, in order. */
  private readonly responses: string[] = [];
  private readonly toolNames = new Map<string, string>();
  private readonly refusalList: GeminiToolRefusal[] = [];
  private readonly errorMessages: string[] = [];
  private current = '';
  /** True until the model answers after the start or after a tool result: the next output opens a new turn. */
  private awaitingModel = true;
  private resultLine: GeminiResultLine | null = null;

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

    const message = messageLineSchema.safeParse(json);
    if (message.success) {
      if (message.data.role !== 'assistant') return [];
      this.openTurn();
      this.current += message.data.content;
      return [];
    }
    const toolUse = toolUseLineSchema.safeParse(json);
    if (toolUse.success) {
      const events = this.openTurn();
      const { tool_name: tool, parameters, tool_id: id } = toolUse.data;
      const name = geminiToolCallName(tool, parameters);
      if (id !== undefined) this.toolNames.set(id, tool);
      this.statsSoFar.toolCalls[name] = (this.statsSoFar.toolCalls[name] ?? 0) + 1;
      return [...events, { type: 'tool-call', name, detail: toolCallDetail(this.cwd, parameters, detailKeys) }];
    }
    const toolResult = toolResultLineSchema.safeParse(json);
    if (toolResult.success) {
      const { status, error, tool_id: id } = toolResult.data;
      if (status !== 'success' && error !== undefined) {
        this.refusalList.push({ tool: (id === undefined ? undefined : this.toolNames.get(id)) ?? 'unknown', type: error.type ?? 'error', message: error.message ?? '' });
      }
      this.awaitingModel = true;
      return this.closeText();
    }
    const error = errorLineSchema.safeParse(json);
    if (error.success) {
      this.errorMessages.push(error.data.message);
      return [];
    }
    const result = resultLineSchema.safeParse(json);
    if (result.success) {
      this.onResult(result.data);
      return this.closeText();
    }
    return [];
  }

  get stats(): AgentStats {
    return { ...this.statsSoFar, toolCalls: { ...this.statsSoFar.toolCalls } };
  }

  /** The final `result` line, or null when the CLI ended without one. */
  get result(): GeminiResultLine | null {
    return this.resultLine;
  }

  /** Everything the model wrote as text, one paragraph per model response. */
  get assistantText(): string {
    return [...this.responses, this.current].filter((text) => text.trim() !== '').join('\n\n');
  }

  /** Tool calls that were refused or failed (policy violations, unknown tools, tool errors). */
  get refusals(): readonly GeminiToolRefusal[] {
    return this.refusalList;
  }

  /** Messages of `error` events (warnings, empty model replies, …). */
  get errors(): readonly string[] {
    return this.errorMessages;
  }

  /** A model response starts: count the turn. */
  private openTurn(): AgentEvent[] {
    if (!this.awaitingModel) return [];
    this.awaitingModel = false;
    this.statsSoFar.turns += 1;
    return this.closeText();
  }

  /** Ends the current text (before a tool call or at the end) and reports it as one event. */
  private closeText(): AgentEvent[] {
    const text = this.current;
    if (text === '') return [];
    this.responses.push(text);
    this.current = '';
    return text.trim() === '' ? [] : [{ type: 'text', text }];
  }

  private onResult(line: GeminiResultLine): void {
    this.resultLine = line;
    const stats = line.stats;
    if (stats?.input_tokens !== undefined) this.statsSoFar.inputTokens = Math.round(stats.input_tokens);
    if (stats?.output_tokens !== undefined) this.statsSoFar.outputTokens = Math.round(stats.output_tokens);
  }

}

/** "run_shell_command(git diff)" for shell commands (first two words), the tool's own name otherwise. */
export function geminiToolCallName(tool: string, parameters: Record<string, unknown>): string {
  return tool === 'run_shell_command' && typeof parameters.command === 'string' ? commandToolCallName(tool, parameters.command) : tool;
}


