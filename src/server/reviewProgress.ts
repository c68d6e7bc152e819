import type { ReviewEvent } from '../shared/reviewEvents';

type AgentState =
  | { state: 'queued' }
  | { state: 'running'; toolCalls: number; lastTool: string | null; startedAt: number }
  | { state: 'done'; findings: number }
  | { state: 'failed'; error: string };

/** Turns engine events into the one-line progress message shown while a review runs. */
export class ReviewProgressText {
  private phase = 'Collecting the branch…';
  private readonly agents = new Map<string, AgentState>();

  /** `reviewerIds` are listed as queued until their agent starts. */
  constructor(
    reviewerIds: readonly string[] = [],
    private readonly now: () => number = Date.now,
  ) {
    for (const id of reviewerIds) this.agents.set(id, { state: 'queued' });
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
        this.agents.set(event.reviewerId, { state: 'done', findings: event.findings });
        break;
      case 'agent-failed':
        this.agents.set(event.reviewerId, { state: 'failed', error: event.error });
        break;
      case 'consolidating':
        this.phase = 'Consolidating findings…';
        break;
      case 'report-ready':
        this.phase = 'Report ready';
        break;
    }
    return this.text();
  }

  /** The current message; elapsed times are computed now, so calling it again later shows them ticking. */
  text(): string {
    if ([...this.agents.values()].every((agent) => agent.state === 'queued')) {
      const queued = [...this.agents.keys()].join(', ');
      return queued === '' ? this.phase : `${this.phase} · queued: ${queued}`;
    }
    const now = this.now();
    return [...this.agents].map(([id, agent]) => `${id}: ${describe(agent, now)}`).join(' · ');
  }
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
      return `done, ${agent.findings} finding${agent.findings === 1 ? '' : 's'}`;
    case 'failed':
      return `failed — ${agent.error}`;
  }
}
