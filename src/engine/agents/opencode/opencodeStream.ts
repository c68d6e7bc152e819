import type { AgentStats } from '../../../shared/reportModel';
import { commandToolCallName, parseJsonLine, toolCallDetail } from '../agentOutputText';
import { emptyStats, type AgentEvent } from '../agentRunner';
import { errorLineSchema, stepFinishLineSchema, textLineSchema, toolUseLineSchema, type OpencodeErrorLine } from './opencodeStreamLines';

const detailKeys = ['command', 'filePath', 'path', 'pattern'];

/** A model request that failed and that opencode will retry (its log's "stream error" line). */
export interface OpencodeStreamError {
  message: string;
  /** The API could not be reached at all (refused, no route, DNS). */
  unreachable: boolean;
}

/**
 * Reads opencode's JSON events (stdout) and its error log (stderr, `--print-logs --log-level ERROR`):
 * progress events, running stats (one turn per model step; tokens and cost as opencode reports them),
 * the assistant's text, refused tool calls, the final error event, and failed model requests, which
 * opencode retries without end and reports only in its log.
 */
export class OpencodeStreamParser {
  private readonly statsSoFar: AgentStats = emptyStats();
  private readonly texts: string[] = [];
  private readonly refusals: string[] = [];
  private readonly streamErrorList: OpencodeStreamError[] = [];
  private errorLine: OpencodeErrorLine | null = null;
  private failedInARow = 0;
  private logErrors: string[] = [];

  constructor(
    private readonly cwd: string,
    private readonly startedAt: number = Date.now(),
  ) {}

  get stats(): AgentStats {
    return this.statsSoFar;
  }

  /** The assistant's text parts, joined: the answer is its last JSON block. */
  get assistantText(): string {
    return this.texts.join('\n');
  }

  get error(): OpencodeErrorLine | null {
    return this.errorLine;
  }

  get refusedToolCalls(): readonly string[] {
    return this.refusals;
  }

  /** Failed model requests since the last one that succeeded. */
  get consecutiveStreamErrors(): number {
    return this.failedInARow;
  }

  get lastStreamError(): OpencodeStreamError | null {
    return this.streamErrorList.at(-1) ?? null;
  }

  /** The error messages of opencode's log (e.g. "ProviderModelNotFoundError: Model not found: …"). */
  get loggedErrors(): readonly string[] {
    return this.logErrors;
  }

  push(line: string): AgentEvent[] {
    const json = parseJsonLine(line);
    if (json === undefined) return [];
    this.statsSoFar.durationMs = Math.max(0, Date.now() - this.startedAt);
    const text = textLineSchema.safeParse(json);
    if (text.success) {
      this.failedInARow = 0;
      this.texts.push(text.data.part.text);
      return [{ type: 'text', text: text.data.part.text }];
    }
    const tool = toolUseLineSchema.safeParse(json);
    if (tool.success) {
      this.failedInARow = 0;
      const { tool: toolName, state } = tool.data.part;
      const input = state.input ?? {};
      const name = toolName === 'bash' && typeof input.command === 'string' ? commandToolCallName('bash', input.command) : toolName;
      this.statsSoFar.toolCalls[name] = (this.statsSoFar.toolCalls[name] ?? 0) + 1;
      if (state.status === 'error' && state.error !== undefined && /rule which prevents you|rejected permission/i.test(state.error)) this.refusals.push(name);
      return [{ type: 'tool-call', name, detail: toolCallDetail(this.cwd, input, detailKeys) }];
    }
    const finish = stepFinishLineSchema.safeParse(json);
    if (finish.success) {
      this.failedInARow = 0;
      const { tokens, cost } = finish.data.part;
      this.statsSoFar.turns += 1;
      if (tokens?.input !== undefined) this.statsSoFar.inputTokens = (this.statsSoFar.inputTokens ?? 0) + tokens.input + (tokens.cache?.read ?? 0) + (tokens.cache?.write ?? 0);
      if (tokens?.output !== undefined) this.statsSoFar.outputTokens = (this.statsSoFar.outputTokens ?? 0) + tokens.output + (tokens.reasoning ?? 0);
      if (cost !== undefined && cost > 0) this.statsSoFar.costUsd = (this.statsSoFar.costUsd ?? 0) + cost;
      return [];
    }
    const error = errorLineSchema.safeParse(json);
    if (error.success) this.errorLine = error.data;
    return [];
  }

  /** One line of opencode's log; a failed model request becomes a retry event. */
  pushLog(line: string): AgentEvent[] {
    if (!/\blevel=ERROR\b/.test(line)) return [];
    const logged = /\berror(?:\.error)?="((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
    if (logged !== undefined) this.logErrors = [...this.logErrors.slice(-9), logged];
    if (!line.includes('message="stream error"') || logged === undefined) return [];
    const failure = { message: logged, unreachable: /Cannot connect to API|Unable to connect|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|fetch failed/i.test(logged) };
    this.streamErrorList.push(failure);
    this.failedInARow += 1;
    return [{ type: 'retry', attempt: this.failedInARow, reason: failure.message }];
  }
}
