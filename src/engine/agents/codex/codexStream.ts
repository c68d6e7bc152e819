import type { AgentStats } from '../../../shared/reportModel';
import { parseJsonLine, shortenDetail } from '../agentOutputText';
import { emptyStats, type AgentEvent } from '../agentRunner';
import { shellToolCallName, unwrapShellCommand } from './codexShellCommand';
import {
  agentMessageItemSchema,
  anyItemSchema,
  commandItemSchema,
  errorLineSchema,
  itemLineSchema,
  otherToolItemSchema,
  threadStartedLineSchema,
  turnCompletedLineSchema,
  turnFailedLineSchema,
} from './codexStreamLines';

// "Reconnecting... 2/5 (stream disconnected …)" and "Reconnecting... waiting for network (Connection failed …)".
const reconnecting = /^Reconnecting\.\.\.\s*(?:(\d+)\/\d+|(waiting for network))\s*(?:\((.*)\))?\s*$/s;

/**
 * Reads `codex exec --json` output line by line: events for progress, running stats, the agent's
 * messages, and how the turn ended. Turns count model responses, which Codex does not report (its
 * "turn" is the whole prompt), so they are inferred from the items: the first output after the
 * tool calls of the previous response have finished starts a new one. Parallel calls that Codex
 * runs one after another count as separate responses, and commands the sandbox refused are not
 * reported by Codex 0.169 at all, so the count is approximate.
 */
export class CodexStreamParser {
  private readonly statsSoFar: AgentStats = emptyStats();
  private readonly seenTools = new Set<string>();
  private readonly runningTools = new Set<string>();
  private awaitingResponse = true;
  private readonly messages: string[] = [];
  private readonly errorMessages: string[] = [];
  private completed = false;
  private failure: string | null = null;
  private started = false;
  private networkWaitsInARow = 0;
  private networkErrorText: string | null = null;

  constructor(private readonly startedAt: number = Date.now()) {}

  /** Parses one stdout line and returns the events it describes; lines that are not JSON are ignored. */
  push(line: string): AgentEvent[] {
    const json = parseJsonLine(line);
    if (json === undefined) return [];
    this.statsSoFar.durationMs = Math.max(0, Date.now() - this.startedAt);

    const item = itemLineSchema.safeParse(json);
    if (item.success) {
      this.networkWaitsInARow = 0;
      return this.onItem(item.data.type, item.data.item);
    }
    const error = errorLineSchema.safeParse(json);
    if (error.success) return this.onError(error.data.message);

    if (threadStartedLineSchema.safeParse(json).success) this.started = true;
    const completed = turnCompletedLineSchema.safeParse(json);
    if (completed.success) {
      this.completed = true;
      const usage = completed.data.usage;
      if (usage?.input_tokens !== undefined) this.statsSoFar.inputTokens = (this.statsSoFar.inputTokens ?? 0) + Math.round(usage.input_tokens);
      if (usage?.output_tokens !== undefined) this.statsSoFar.outputTokens = (this.statsSoFar.outputTokens ?? 0) + Math.round(usage.output_tokens);
    }
    const failed = turnFailedLineSchema.safeParse(json);
    if (failed.success) this.failure = failed.data.error?.message ?? this.errorMessages.at(-1) ?? 'the turn failed';
    return [];
  }

  get stats(): AgentStats {
    return { ...this.statsSoFar, toolCalls: { ...this.statsSoFar.toolCalls } };
  }

  /** Whether the CLI started a session (printed `thread.started`). */
  get sessionStarted(): boolean {
    return this.started;
  }

  /** Whether the turn ended normally (`turn.completed`). */
  get turnCompleted(): boolean {
    return this.completed;
  }

  /** The `turn.failed` message, or null. */
  get turnFailure(): string | null {
    return this.failure;
  }

  /** Error events that were not retries, in order. */
  get errors(): readonly string[] {
    return this.errorMessages;
  }

  /** The agent's messages in order; the last one is its answer. */
  get agentMessages(): readonly string[] {
    return this.messages;
  }

  /** How many "waiting for network" reconnects happened since the last sign of progress. */
  get consecutiveNetworkWaits(): number {
    return this.networkWaitsInARow;
  }

  /** The reason given by the last "waiting for network" reconnect. */
  get lastNetworkError(): string | null {
    return this.networkErrorText;
  }

  private onItem(lineType: string, raw: unknown): AgentEvent[] {
    const item = anyItemSchema.safeParse(raw);
    if (!item.success) return [];
    const { id, type } = item.data;
    if (type === 'error' || type === 'todo_list') return [];
    const events: AgentEvent[] = [];
    const tool = this.toolCall(raw);
    if (tool !== null) {
      if (!this.seenTools.has(id)) {
        this.noteModelOutput();
        this.seenTools.add(id);
        this.statsSoFar.toolCalls[tool.name] = (this.statsSoFar.toolCalls[tool.name] ?? 0) + 1;
        events.push({ type: 'tool-call', ...tool });
      }
      if (lineType === 'item.completed') {
        this.runningTools.delete(id);
        // Its output goes back to the model: once no call of this response runs, a new request follows.
        if (this.runningTools.size === 0) this.awaitingResponse = true;
      } else {
        this.runningTools.add(id);
      }
      return events;
    }
    if (lineType !== 'item.completed') return events;
    this.noteModelOutput();
    const message = agentMessageItemSchema.safeParse(raw);
    if (message.success) {
      this.messages.push(message.data.text);
      events.push({ type: 'text', text: message.data.text });
    }
    return events;
  }

  private noteModelOutput(): void {
    if (!this.awaitingResponse || this.runningTools.size > 0) return;
    this.awaitingResponse = false;
    this.statsSoFar.turns += 1;
  }

  private toolCall(raw: unknown): { name: string; detail: string } | null {
    const command = commandItemSchema.safeParse(raw);
    if (command.success) return { name: shellToolCallName(command.data.command), detail: shortenDetail(unwrapShellCommand(command.data.command)) };
    const other = otherToolItemSchema.safeParse(raw);
    if (!other.success) return null;
    const item = other.data;
    switch (item.type) {
      case 'mcp_tool_call':
        return { name: `mcp(${item.server}.${item.tool})`, detail: '' };
      case 'web_search':
        return { name: 'web_search', detail: shortenDetail(item.query) };
      case 'file_change':
        return { name: 'apply_patch', detail: shortenDetail(item.changes.map((change) => change.path).join(', ')) };
    }
  }

  private onError(message: string): AgentEvent[] {
    const retry = reconnecting.exec(message.trim());
    if (retry === null) {
      this.errorMessages.push(message);
      return [];
    }
    const reason = retry[3]?.trim() ?? 'connection to the model API failed';
    if (retry[2] !== undefined) {
      this.networkWaitsInARow += 1;
      this.networkErrorText = reason;
      return [{ type: 'retry', attempt: this.networkWaitsInARow, reason: `waiting for network: ${reason}` }];
    }
    return [{ type: 'retry', attempt: Number(retry[1]), reason }];
  }
}


