import { runAgentProcess } from '../../process/runAgentProcess';
import { agentSandbox } from '../../sandbox/agentSandbox';
import { agentEnvironment, inReviewWorktree } from '../agentEnvironment';
import type { AgentRunner, AgentRunOutcome, AgentRunRequest } from '../agentRunner';
import type { ReviewerCheck } from '../../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { claudeArgs } from './claudeArgs';
import { checkClaude, claudeInstallHint } from './claudeCheck';
import { claudeEnvironmentSpec } from './claudeEnvironment';
import { createClaudeHome } from './claudeHome';
import type { PrivateConfigHome } from '../privateConfigHome';
import { claudeOutcome } from './claudeOutcome';
import { ClaudeStreamParser } from './claudeStream';

export interface ClaudeRunnerOptions {
  /** Time between SIGTERM and SIGKILL when a run is stopped. */
  killGraceMs?: number;
  maxTurns?: number;
  /** Run in the sandbox where one can start (default). Tests turn it off to show what it prevents. */
  sandbox?: boolean;
}

/** Runs one review with the real Claude Code CLI, isolated from the reviewed branch's configuration. */
export class ClaudeRunner implements AgentRunner {
  constructor(private readonly options: ClaudeRunnerOptions = {}) {}

  check(reviewer: ReviewerConfig, baseEnv: NodeJS.ProcessEnv): Promise<ReviewerCheck> {
    return checkClaude(reviewer, baseEnv);
  }

  async run<T>(request: AgentRunRequest<T>): Promise<AgentRunOutcome<T>> {
    const home = createClaudeHome(request.baseEnv ?? process.env);
    try {
      return await this.runWith(home, request);
    } finally {
      home.dispose();
    }
  }

  private async runWith<T>(home: PrivateConfigHome, request: AgentRunRequest<T>): Promise<AgentRunOutcome<T>> {
    const started = Date.now();
    const parser = new ClaudeStreamParser(request.worktree, started);
    const lines: string[] = [];
    const command = request.reviewer.command ?? 'claude';
    const env = { ...agentEnvironment(request.baseEnv ?? process.env, claudeEnvironmentSpec), CLAUDE_CONFIG_DIR: home.folder };
    const ended = await runAgentProcess({
      command,
      args: claudeArgs({
        reviewer: request.reviewer,
        answerSchema: request.answer.jsonSchema,
        maxSpendUsd: request.maxSpendUsd,
        ...(this.options.maxTurns === undefined ? {} : { maxTurns: this.options.maxTurns }),
      }),
      stdin: request.prompt,
      cwd: request.worktree,
      env: await inReviewWorktree(env, request.worktree),
      sandbox: this.options.sandbox === false ? undefined : agentSandbox(request.worktree, [home.folder, ...home.linkedFiles]),
      timeoutMs: request.timeoutMs,
      signal: request.signal,
      ...(this.options.killGraceMs === undefined ? {} : { killGraceMs: this.options.killGraceMs }),
      notFoundHint: claudeInstallHint,
      onStderrLine: request.onStderrLine,
      onStdoutLine: (line) => {
        lines.push(line);
        for (const event of parser.push(line)) request.onEvent(event, parser.stats);
      },
    });
    return claudeOutcome(
      {
        process: ended,
        parser,
        timeoutMs: request.timeoutMs,
        transcript: lines.join('\n'),
        durationMs: Date.now() - started,
      },
      request.answer,
    );
  }
}
