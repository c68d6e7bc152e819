import type { AgentCli } from '../../shared/reviewerConfig';
import type { AgentRunner } from '../agents/agentRunner';
import { ClaudeRunner } from '../agents/claude/claudeRunner';
import { CodexRunner } from '../agents/codex/codexRunner';
import { GeminiRunner } from '../agents/gemini/geminiRunner';
import { OpencodeRunner } from '../agents/opencode/opencodeRunner';
import { ReviewError } from '../errors';

export type RunnerRegistry = Partial<Record<AgentCli, AgentRunner>>;

export function defaultRunners(): RunnerRegistry {
  return { claude: new ClaudeRunner(), codex: new CodexRunner(), gemini: new GeminiRunner(), opencode: new OpencodeRunner() };
}

export function runnerFor(registry: RunnerRegistry, cli: AgentCli): AgentRunner {
  const runner = registry[cli];
  if (!runner) {
    throw new ReviewError('invalid-config', `No runner for the "${cli}" CLI.`, 'Use "claude", "codex", "gemini" or "opencode" as cli in deepReview.reviewers.');
  }
  return runner;
}
