import type { ReviewerCheck } from '../../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { runAgentProcess } from '../../process/runAgentProcess';
import { agentSandbox } from '../../sandbox/agentSandbox';
import { inReviewWorktree } from '../agentEnvironment';
import type { AgentRunner, AgentRunOutcome, AgentRunRequest } from '../agentRunner';
import { opencodeArgs, opencodePrompt } from './opencodeArgs';
import { checkOpencode, opencodeInstallHint } from './opencodeCheck';
import { opencodeProviderOf } from './opencodeConfig';
import { opencodeEnvironment } from './opencodeEnvironment';
import { createOpencodeHome } from './opencodeHome';
import { opencodeOutcome } from './opencodeOutcome';
import { OpencodeStreamParser } from './opencodeStream';

export interface OpencodeRunnerOptions {
  /** Time between SIGTERM and SIGKILL when a run is stopped. */
  killGraceMs?: number;
  /** opencode retries a failed model request without end (2 s, 4 s, 8 s, … apart); the run stops after this many in a row. */
  maxFailedRequests?: number;
  /** Where the private home of each run is created (default: the system temp folder). */
  homeParent?: string;
  /** Run in the sandbox where one can start (default). Tests turn it off to show what it prevents. */
  sandbox?: boolean;
}

export const defaultOpencodeMaxFailedRequests = 4;

/** Runs one review with the real opencode CLI (`opencode run`), isolated from the reviewed branch's configuration. */
export class OpencodeRunner implements AgentRunner {
  constructor(private readonly options: OpencodeRunnerOptions = {}) {}

  check(reviewer: ReviewerConfig, baseEnv: NodeJS.ProcessEnv): Promise<ReviewerCheck> {
    return checkOpencode(reviewer, baseEnv);
  }

  async run<T>(request: AgentRunRequest<T>): Promise<AgentRunOutcome<T>> {
    const started = Date.now();
    const baseEnv = request.baseEnv ?? process.env;
    const home = createOpencodeHome(baseEnv, this.options.homeParent);
    const stop = new AbortController();
    const forwardAbort = (): void => {
      stop.abort();
    };
    request.signal.addEventListener('abort', forwardAbort, { once: true });
    if (request.signal.aborted) stop.abort();
    try {
      const parser = new OpencodeStreamParser(request.worktree, started);
      const maxFailedRequests = this.options.maxFailedRequests ?? defaultOpencodeMaxFailedRequests;
      const early = { stoppedAfterFailedRequests: false };
      const lines: string[] = [];
      const ended = await runAgentProcess({
        command: request.reviewer.command ?? 'opencode',
        args: opencodeArgs(request.reviewer),
        stdin: opencodePrompt(request.prompt, request.answer.jsonSchema),
        cwd: request.worktree,
        env: await inReviewWorktree(opencodeEnvironment(baseEnv, request.reviewer, home), request.worktree),
        sandbox: this.options.sandbox === false ? undefined : agentSandbox(request.worktree, [home.folder, ...home.linkedFiles]),
        timeoutMs: request.timeoutMs,
        signal: stop.signal,
        ...(this.options.killGraceMs === undefined ? {} : { killGraceMs: this.options.killGraceMs }),
        notFoundHint: opencodeInstallHint,
        onStderrLine: (line) => {
          request.onStderrLine?.(line);
          for (const event of parser.pushLog(line)) request.onEvent(event, parser.stats);
          if (parser.consecutiveStreamErrors >= maxFailedRequests && !stop.signal.aborted) {
            early.stoppedAfterFailedRequests = true;
            stop.abort();
          }
        },
        onStdoutLine: (line) => {
          lines.push(line);
          for (const event of parser.push(line)) request.onEvent(event, parser.stats);
        },
      });
      return opencodeOutcome(
        {
          process: ended,
          parser,
          timeoutMs: request.timeoutMs,
          transcript: lines.join('\n'),
          durationMs: Date.now() - started,
          stoppedAfterFailedRequests: early.stoppedAfterFailedRequests && !request.signal.aborted,
          provider: opencodeProviderOf(request.reviewer),
          endpoint: request.reviewer.baseUrl ?? null,
        },
        request.answer,
      );
    } finally {
      request.signal.removeEventListener('abort', forwardAbort);
      home.dispose();
    }
  }
}
