import type { ReviewerCheck } from '../../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { runAgentProcess } from '../../process/runAgentProcess';
import { agentSandbox } from '../../sandbox/agentSandbox';
import { inReviewWorktree } from '../agentEnvironment';
import type { AgentRunner, AgentRunOutcome, AgentRunRequest } from '../agentRunner';
import { geminiArgs, geminiSystemPrompt } from './geminiArgs';
import { checkGemini, geminiInstallHint } from './geminiCheck';
import { geminiEnvironment } from './geminiEnvironment';
import { createGeminiHome } from './geminiHome';
import { geminiOutcome } from './geminiOutcome';
import { geminiReadOnlyPolicy } from './geminiPolicy';
import { defaultGeminiMaxAttempts, defaultGeminiMaxSessionTurns, geminiSettings } from './geminiSettings';
import { GeminiStreamParser } from './geminiStream';
import { geminiSignIn } from './geminiUserConfig';

export interface GeminiRunnerOptions {
  /** Time between SIGTERM and SIGKILL when a run is stopped. */
  killGraceMs?: number;
  /** Tries per model request (tests use 1: no retry backoff). */
  maxAttempts?: number;
  maxSessionTurns?: number;
  /** Where the private Gemini home of each run is created (default: the system temp folder). */
  homeParent?: string;
  /** Run in the sandbox where one can start (default). Tests turn it off to show what it prevents. */
  sandbox?: boolean;
}

/** Runs one review with the real Gemini CLI, isolated from the reviewed branch's configuration. */
export class GeminiRunner implements AgentRunner {
  constructor(private readonly options: GeminiRunnerOptions = {}) {}

  check(reviewer: ReviewerConfig, baseEnv: NodeJS.ProcessEnv): Promise<ReviewerCheck> {
    return checkGemini(reviewer, baseEnv);
  }

  async run<T>(request: AgentRunRequest<T>): Promise<AgentRunOutcome<T>> {
    const started = Date.now();
    const baseEnv = request.baseEnv ?? process.env;
    const signIn = geminiSignIn(baseEnv);
    const { settings, warnings } = geminiSettings({
      auth: { selectedType: signIn.type, enforcedType: signIn.enforcedType, useExternal: signIn.useExternal },
      model: request.reviewer.model,
      effort: request.reviewer.effort,
      maxAttempts: this.options.maxAttempts ?? defaultGeminiMaxAttempts,
      maxSessionTurns: this.options.maxSessionTurns ?? defaultGeminiMaxSessionTurns,
    });
    const home = createGeminiHome(
      { settings, policy: geminiReadOnlyPolicy(), systemPrompt: geminiSystemPrompt(request.prompt, request.answer.jsonSchema) },
      signIn.home,
      this.options.homeParent,
    );
    try {
      const args = geminiArgs({ reviewer: request.reviewer, policyPath: home.policyPath });
      const parser = new GeminiStreamParser(request.worktree, started);
      const lines: string[] = [];
      const ended = await runAgentProcess({
        command: request.reviewer.command ?? 'gemini',
        args,
        cwd: request.worktree,
        env: await inReviewWorktree(geminiEnvironment(baseEnv, home), request.worktree),
        sandbox: this.options.sandbox === false ? undefined : agentSandbox(request.worktree, [home.home, ...home.linkedFiles]),
        timeoutMs: request.timeoutMs,
        signal: request.signal,
        ...(this.options.killGraceMs === undefined ? {} : { killGraceMs: this.options.killGraceMs }),
        notFoundHint: geminiInstallHint,
        onStderrLine: request.onStderrLine,
        onStdoutLine: (line) => {
          lines.push(line);
          for (const event of parser.push(line)) request.onEvent(event, parser.stats);
        },
      });
      return geminiOutcome({ process: ended, parser, timeoutMs: request.timeoutMs, transcript: lines.join('\n'), durationMs: Date.now() - started, warnings }, request.answer);
    } finally {
      home.dispose();
    }
  }
}
