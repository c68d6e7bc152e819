import type { AgentStats } from '../../shared/reportModel';
import type { ReviewerAnswer } from '../../shared/reviewerAnswer';
import type { AnswerContract } from './answerContract';
import type { ReviewerCheck } from '../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../shared/reviewerConfig';

/** One step of an agent's run, parsed from its CLI's event stream. */
export type AgentEvent =
  | { type: 'tool-call'; name: string; detail: string }
  | { type: 'text'; text: string }
  | { type: 'retry'; attempt: number; reason: string };

export interface AgentRunRequest<T = ReviewerAnswer> {
  reviewer: ReviewerConfig;
  /** The isolated worktree the agent runs in (cwd). */
  worktree: string;
  prompt: string;
  /** What the answer must be: its JSON schema (structured output where the CLI supports it) and its check. */
  answer: AnswerContract<T>;
  timeoutMs: number;
  /** The most this run may spend, in US dollars, where the CLI can enforce it (Claude Code); otherwise ignored. */
  maxSpendUsd?: number | undefined;
  signal: AbortSignal;
  /** Environment the agent inherits from; reduced to what the CLI needs. Defaults to process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  onEvent: (event: AgentEvent, stats: AgentStats) => void;
  /** Each line of the CLI's stderr, for the log. */
  onStderrLine?: ((line: string) => void) | undefined;
}

/**
 * Why a run failed. 'no-output' (the CLI ended without an answer) and 'invalid-answer' (the answer is not
 * JSON or fails the schema) are worth one rerun; the others would fail the same way again.
 */
export const agentFailureKinds = ['no-output', 'invalid-answer', 'auth', 'network', 'rate-limit', 'model-not-found', 'service', 'timeout', 'spend-limit', 'crash', 'turn-limit', 'other'] as const;
export type AgentFailureKind = (typeof agentFailureKinds)[number];

export type AgentRunOutcome<T = ReviewerAnswer> =
  | { status: 'succeeded'; answer: T; stats: AgentStats; warnings: string[]; transcript: string }
  | { status: 'failed'; kind: AgentFailureKind; error: string; stats: AgentStats; transcript: string }
  | { status: 'cancelled'; error: string; stats: AgentStats; transcript: string };

export interface AgentRunner {
  run<T>(request: AgentRunRequest<T>): Promise<AgentRunOutcome<T>>;
  /** Is the CLI installed, which version, and can it authenticate? For "Deep Review: Check Reviewers". */
  check(reviewer: ReviewerConfig, baseEnv: NodeJS.ProcessEnv): Promise<ReviewerCheck>;
}

export function emptyStats(): AgentStats {
  return { durationMs: 0, turns: 0, toolCalls: {}, inputTokens: null, outputTokens: null, costUsd: null };
}
