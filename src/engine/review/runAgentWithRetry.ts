import type { AgentStats, ReviewerRun } from '../../shared/reportModel';
import { defaultTimeoutMinutes, type ReviewerConfig } from '../../shared/reviewerConfig';
import type { ReviewEvent } from '../../shared/reviewEvents';
import { emptyStats, type AgentRunOutcome } from '../agents/agentRunner';
import type { AnswerContract } from '../agents/answerContract';
import { describeError } from '../errors';
import { runnerFor, type RunnerRegistry } from './runnerRegistry';

export interface AgentJob<T> {
  agent: ReviewerConfig;
  registry: RunnerRegistry;
  worktree: string;
  prompt: string;
  answer: AnswerContract<T>;
  signal: AbortSignal;
  baseEnv?: NodeJS.ProcessEnv | undefined;
  emit: (event: ReviewEvent) => void;
  onLog?: ((line: string) => void) | undefined;
  /** Each line the agent's CLI writes to stderr, with the agent's id (for the log). */
  onAgentStderr?: ((agentId: string, line: string) => void) | undefined;
  /** How many findings a successful answer holds, for the progress line. */
  countFindings: (answer: T) => number;
}

export interface AgentJobResult<T> {
  outcome: AgentRunOutcome<T>;
  retry: ReviewerRun['retry'];
  /** The one-line detail of each tool call (a path, a pattern, a command), in order; capped. */
  toolDetails: string[];
}

const maxToolDetails = 5_000;

/** Runs one agent, and once more when it gave no output or an invalid answer; emits its progress. */
export async function runAgentWithRetry<T>(job: AgentJob<T>): Promise<AgentJobResult<T>> {
  const { agent, emit } = job;
  emit({ type: 'agent-started', reviewerId: agent.id });
  const started = Date.now();
  const toolDetails: string[] = [];
  const record = (detail: string): void => {
    if (detail !== '' && toolDetails.length < maxToolDetails) toolDetails.push(detail);
  };
  let outcome = await attempt(job, started, record);
  let retry: ReviewerRun['retry'] = null;
  if (outcome.status === 'failed' && (outcome.kind === 'no-output' || outcome.kind === 'invalid-answer') && !job.signal.aborted) {
    const first = outcome;
    job.onLog?.(`${agent.id}: ${first.error} Running it once more.`);
    outcome = await attempt(job, started, record);
    retry = { reason: first.kind === 'no-output' ? 'no-output' : 'invalid-answer', detail: first.error, rerunSucceeded: outcome.status === 'succeeded' };
    outcome = { ...outcome, stats: mergeStats(first.stats, outcome.stats), transcript: `${first.transcript}\n${outcome.transcript}` };
  }
  if (outcome.status === 'succeeded') {
    emit({ type: 'agent-finished', reviewerId: agent.id, findings: job.countFindings(outcome.answer), durationMs: outcome.stats.durationMs });
  } else {
    emit({ type: 'agent-failed', reviewerId: agent.id, error: outcome.error });
  }
  return { outcome, retry, toolDetails };
}

async function attempt<T>(job: AgentJob<T>, started: number, record: (detail: string) => void): Promise<AgentRunOutcome<T>> {
  let toolCalls = 0;
  try {
    return await runnerFor(job.registry, job.agent.cli).run({
      reviewer: job.agent,
      worktree: job.worktree,
      prompt: job.prompt,
      answer: job.answer,
      timeoutMs: (job.agent.timeoutMinutes ?? defaultTimeoutMinutes) * 60_000,
      signal: job.signal,
      ...(job.baseEnv ? { baseEnv: job.baseEnv } : {}),
      onStderrLine: job.onAgentStderr ? (line) => { job.onAgentStderr?.(job.agent.id, line); } : undefined,
      onEvent: (event) => {
        if (event.type !== 'tool-call') return;
        toolCalls += 1;
        record(event.detail);
        job.emit({ type: 'agent-progress', reviewerId: job.agent.id, elapsedMs: Date.now() - started, toolCalls, lastTool: event.name });
      },
    });
  } catch (error) {
    return { status: 'failed', kind: 'other', error: describeError(error), stats: { ...emptyStats(), durationMs: Date.now() - started }, transcript: '' };
  }
}

/** Both attempts count: time, turns, tool calls and tokens of the rerun add to the first run's. */
function mergeStats(first: AgentStats, second: AgentStats): AgentStats {
  const toolCalls = { ...first.toolCalls };
  for (const [name, count] of Object.entries(second.toolCalls)) toolCalls[name] = (toolCalls[name] ?? 0) + count;
  const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
  return {
    durationMs: first.durationMs + second.durationMs,
    turns: first.turns + second.turns,
    toolCalls,
    inputTokens: add(first.inputTokens, second.inputTokens),
    outputTokens: add(first.outputTokens, second.outputTokens),
    costUsd: add(first.costUsd, second.costUsd),
  };
}
