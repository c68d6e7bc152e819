import type { AgentStats, ReviewerRun } from '../../shared/reportModel';
import { defaultTimeoutMinutes, type ReviewerConfig } from '../../shared/reviewerConfig';
import type { ReviewEvent } from '../../shared/reviewEvents';
import { emptyStats, type AgentFailureKind, type AgentRunOutcome } from '../agents/agentRunner';
import type { AnswerContract } from '../agents/answerContract';
import { describeError } from '../errors';
import { formatDuration } from '../../shared/reportFormat';
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
  /** When the review's time budget ends for this agent (epoch ms); its runs are stopped then. */
  deadline?: number | undefined;
  /** This agent's share of the spend budget, where its CLI enforces one. */
  maxSpendUsd?: number | undefined;
  /**
   * Makes an answer of what the agent announced in its messages before it was stopped at its budget
   * (null when it announced nothing usable), so its findings so far are kept.
   */
  partialAnswer?: ((messages: readonly string[], reason: string) => T | null) | undefined;
}

export interface AgentJobResult<T> {
  outcome: AgentRunOutcome<T>;
  retry: ReviewerRun['retry'];
  /** The one-line detail of each tool call (a path, a pattern, a command), in order; capped. */
  toolDetails: string[];
  /** Why the answer is partial (the agent was stopped at its budget); null for a complete answer. */
  partial: string | null;
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
  const messages: string[] = [];
  let { outcome, stoppedByBudget } = await attempt(job, started, record, messages);
  let retry: ReviewerRun['retry'] = null;
  const timeLeft = job.deadline === undefined || job.deadline - Date.now() > minimumRunMs;
  // A rerun may spend only what the first run left of the agent's share.
  const spendLeft = job.maxSpendUsd === undefined ? undefined : job.maxSpendUsd - (outcome.stats.costUsd ?? 0);
  const budgetLeft = timeLeft && (spendLeft === undefined || spendLeft > 0);
  if (outcome.status === 'failed' && (outcome.kind === 'no-output' || outcome.kind === 'invalid-answer') && !job.signal.aborted && budgetLeft) {
    const first = outcome;
    job.onLog?.(`${agent.id}: ${first.error} Running it once more.`);
    ({ outcome, stoppedByBudget } = await attempt(job, started, record, messages, spendLeft));
    retry = { reason: first.kind === 'no-output' ? 'no-output' : 'invalid-answer', detail: first.error, rerunSucceeded: outcome.status === 'succeeded' };
    outcome = { ...outcome, stats: mergeStats(first.stats, outcome.stats), transcript: `${first.transcript}\n${outcome.transcript}` };
  }
  let partial: string | null = null;
  const budgetReason = outcome.status === 'failed' ? budgetStop(outcome.kind, stoppedByBudget, outcome.stats.durationMs) : null;
  if (outcome.status === 'failed' && budgetReason !== null) {
    const answer = job.partialAnswer?.(messages, budgetReason) ?? null;
    if (answer !== null && job.countFindings(answer) > 0) {
      partial = budgetReason;
      const kept = `Stopped at ${budgetReason}; the ${job.countFindings(answer)} finding(s) it had reported by then are kept, marked partial.`;
      outcome = { status: 'succeeded', answer, stats: outcome.stats, warnings: [kept], transcript: outcome.transcript };
    } else {
      outcome = { ...outcome, error: job.partialAnswer ? `Stopped at ${budgetReason}, before it reported a finding.` : `Stopped at ${budgetReason}.` };
    }
  }
  if (outcome.status === 'succeeded') {
    emit({ type: 'agent-finished', reviewerId: agent.id, findings: job.countFindings(outcome.answer), durationMs: outcome.stats.durationMs, costUsd: outcome.stats.costUsd, partial: partial !== null });
  } else {
    emit({ type: 'agent-failed', reviewerId: agent.id, error: outcome.error });
  }
  return { outcome, retry, toolDetails, partial };
}

/** A run shorter than this is not worth starting (a rerun with the budget nearly used up). */
const minimumRunMs = 5_000;

/** "its share of the time budget (4 min)" when the budget stopped the run; null for any other failure. */
function budgetStop(kind: AgentFailureKind, stoppedByBudget: boolean, durationMs: number): string | null {
  if (kind === 'spend-limit') return 'its share of the spend budget';
  if (kind === 'timeout' && stoppedByBudget) return `its share of the time budget (${formatDuration(durationMs)})`;
  return null;
}

async function attempt<T>(
  job: AgentJob<T>,
  started: number,
  record: (detail: string) => void,
  messages: string[],
  maxSpendUsd = job.maxSpendUsd,
): Promise<{ outcome: AgentRunOutcome<T>; stoppedByBudget: boolean }> {
  let toolCalls = 0;
  const ownTimeoutMs = (job.agent.timeoutMinutes ?? defaultTimeoutMinutes) * 60_000;
  const budgetMs = job.deadline === undefined ? Infinity : Math.max(minimumRunMs, job.deadline - Date.now());
  const stoppedByBudget = budgetMs < ownTimeoutMs;
  try {
    const outcome = await runnerFor(job.registry, job.agent.cli).run({
      reviewer: job.agent,
      worktree: job.worktree,
      prompt: job.prompt,
      answer: job.answer,
      timeoutMs: Math.min(ownTimeoutMs, budgetMs),
      maxSpendUsd,
      signal: job.signal,
      ...(job.baseEnv ? { baseEnv: job.baseEnv } : {}),
      onStderrLine: job.onAgentStderr ? (line) => { job.onAgentStderr?.(job.agent.id, line); } : undefined,
      onEvent: (event) => {
        if (event.type === 'text') messages.push(event.text);
        if (event.type !== 'tool-call') return;
        toolCalls += 1;
        record(event.detail);
        job.emit({ type: 'agent-progress', reviewerId: job.agent.id, elapsedMs: Date.now() - started, toolCalls, lastTool: event.name });
      },
    });
    return { outcome, stoppedByBudget };
  } catch (error) {
    return { outcome: { status: 'failed', kind: 'other', error: describeError(error), stats: { ...emptyStats(), durationMs: Date.now() - started }, transcript: '' }, stoppedByBudget };
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
