import type { ReviewBudget } from '../shared/reviewBudget';
import type { ReviewEvent } from '../shared/reviewEvents';

type AgentState =
  | { state: 'queued' }
  | { state: 'running'; toolCalls: number; lastTool: string | null; startedAt: number }
  | { state: 'done'; findings: number; partial: boolean }
  | { state: 'failed'; error: string };

/** Turns engine events into the one-line progress message shown while a review runs. */
export class ReviewProgressText {
  private phase = 'Collecting the branch…';
  /** Set while fixes are verified: the agents are done by then, so the phase is the whole message. */
  private verifying: { text: string; startedAt: number } | null = null;
  private readonly agents = new Map<string, AgentState>();

  /** `reviewerIds` are listed as queued until their agent starts. */
  private spentUsd: number | null = null;
  private readonly startedAt: number;

  constructor(
    reviewerIds: readonly string[] = [],
    private readonly now: () => number = Date.now,
    /** Shown as used / allowed after the agents' parts while the review runs. */
    private readonly budget: ReviewBudget | null = null,
  ) {
    for (const id of reviewerIds) this.agents.set(id, { state: 'queued' });
    this.startedAt = now();
  }

  apply(event: ReviewEvent): string {
    switch (event.type) {
      case 'context-collected':
        this.phase = `${event.branch} vs ${event.base}: ${event.commits} commit(s), ${event.files} file(s)`;
        break;
      case 'agent-started':
        this.agents.set(event.reviewerId, { state: 'running', toolCalls: 0, lastTool: null, startedAt: this.now() });
        break;
      case 'agent-progress':
        this.agents.set(event.reviewerId, { state: 'running', toolCalls: event.toolCalls, lastTool: event.lastTool, startedAt: this.now() - event.elapsedMs });
        break;
      case 'agent-finished':
        this.agents.set(event.reviewerId, { state: 'done', findings: event.findings, partial: event.partial ?? false });
        if (typeof event.costUsd === 'number') this.spentUsd = (this.spentUsd ?? 0) + event.costUsd;
        break;
      case 'agent-failed':
        this.agents.set(event.reviewerId, { state: 'failed', error: event.error });
        break;
      case 'consolidating':
        this.phase = 'Consolidating findings…';
        break;
      case 'verifying-fixes':
        this.verifying = { text: verifyingText(event), startedAt: this.verifying?.startedAt ?? this.now() };
        break;
      case 'report-ready':
        this.phase = 'Report ready';
        this.verifying = null;
        break;
    }
    return this.text();
  }

  /** The current message; elapsed times are computed now, so calling it again later shows them ticking. */
  text(): string {
    return `${this.activity()}${this.budgetText()}`;
  }

  private budgetText(): string {
    return this.budget ? budgetPart(this.budget, this.now() - this.startedAt, this.spentUsd) : '';
  }

  private activity(): string {
    if (this.verifying) return `${this.verifying.text} (${Math.max(0, Math.floor((this.now() - this.verifying.startedAt) / 1000))} s)`;
    if ([...this.agents.values()].every((agent) => agent.state === 'queued')) {
      const queued = [...this.agents.keys()].join(', ');
      return queued === '' ? this.phase : `${this.phase} · queued: ${queued}`;
    }
    const now = this.now();
    return [...this.agents].map(([id, agent]) => `${id}: ${describe(agent, now)}`).join(' · ');
  }
}

/** " · budget 2:10 of 10 min, $0.40 of $2.00 spent" while a budget applies. */
function budgetPart(budget: ReviewBudget, elapsedMs: number, spentUsd: number | null): string {
  const parts: string[] = [];
  if (budget.minutes !== null) parts.push(`${clock(elapsedMs)} of ${budget.minutes} min`);
  if (budget.usd !== null) parts.push(`$${(spentUsd ?? 0).toFixed(2)} of $${budget.usd.toFixed(2)} spent`);
  return ` · budget ${parts.join(', ')}`;
}

function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function verifyingText(event: Extract<ReviewEvent, { type: 'verifying-fixes' }>): string {
  if (event.findingId !== null) return `Verifying fixes: ${event.findingId}, ${event.done + 1} of ${event.total}`;
  return event.done === 0 ? `Verifying fixes: running the check without any fix (${event.total} to verify)` : `Verified ${event.total} fix(es)`;
}

function describe(agent: AgentState, now: number): string {
  switch (agent.state) {
    case 'queued':
      return 'queued';
    case 'running': {
      const elapsed = `(${Math.max(0, Math.floor((now - agent.startedAt) / 1000))} s)`;
      if (agent.toolCalls === 0) return `reading the diff… ${elapsed}`;
      const calls = `${agent.toolCalls} tool call${agent.toolCalls === 1 ? '' : 's'}`;
      return `reviewing… ${calls}${agent.lastTool ? `, last ${agent.lastTool}` : ''} ${elapsed}`;
    }
    case 'done':
      return agent.partial
        ? `stopped at its budget, ${agent.findings} finding${agent.findings === 1 ? '' : 's'} kept`
        : `done, ${agent.findings} finding${agent.findings === 1 ? '' : 's'}`;
    case 'failed':
      return `failed — ${agent.error}`;
  }
}
