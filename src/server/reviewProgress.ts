import type { ReviewEvent } from '../shared/reviewEvents';

type AgentState =
  | { state: 'running'; toolCalls: number; lastTool: string | null; elapsedMs: number }
  | { state: 'done'; findings: number }
  | { state: 'failed'; error: string };

/** Turns engine events into the one-line progress message shown while a review runs. */
export class ReviewProgressText {
  private phase = 'Collecting the branch…';
  private readonly agents = new Map<string, AgentState>();

  apply(event: ReviewEvent): string {
    switch (event.type) {
      case 'context-collected':
        this.phase = `${event.branch} vs ${event.base}: ${event.commits} commit(s), ${event.files} file(s)`;
        break;
      case 'agent-started':
        this.agents.set(event.reviewerId, { state: 'running', toolCalls: 0, lastTool: null, elapsedMs: 0 });
        break;
      case 'agent-progress':
        this.agents.set(event.reviewerId, { state: 'running', toolCalls: event.toolCalls, lastTool: event.lastTool, elapsedMs: event.elapsedMs });
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

  text(): string {
    if (this.agents.size === 0) return this.phase;
    return [...this.agents].map(([id, agent]) => `${id}: ${describe(agent)}`).join(' · ');
  }
}

function describe(agent: AgentState): string {
  switch (agent.state) {
    case 'running': {
      if (agent.toolCalls === 0) return 'reading the diff…';
      const calls = `${agent.toolCalls} tool call${agent.toolCalls === 1 ? '' : 's'}`;
      return `reviewing… ${calls}${agent.lastTool ? `, last ${agent.lastTool}` : ''} (${Math.round(agent.elapsedMs / 1000)} s)`;
    }
    case 'done':
      return `done, ${agent.findings} finding${agent.findings === 1 ? '' : 's'}`;
    case 'failed':
      return `failed — ${agent.error}`;
  }
}
