import type { AgentCli } from '../../shared/reviewerConfig';
import type { AgentRunner } from '../agents/agentRunner';
import { ClaudeRunner } from '../agents/claude/claudeRunner';
import { ReviewError } from '../errors';

export type RunnerRegistry = Partial<Record<AgentCli, AgentRunner>>;

export function defaultRunners(): RunnerRegistry {
  return { claude: new ClaudeRunner() };
}

export function runnerFor(registry: RunnerRegistry, cli: AgentCli): AgentRunner {
  const runner = registry[cli];
  if (!runner) {
    throw new ReviewError('invalid-config', `No runner for the "${cli}" CLI in this version of Deep Review.`, 'Use cli "claude" in deepReview.reviewers.');
  }
  return runner;
}
