import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReviewerCheck } from '../../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { runAgentProcess } from '../../process/runAgentProcess';
import { inReviewWorktree } from '../agentEnvironment';
import type { AgentRunner, AgentRunOutcome, AgentRunRequest } from '../agentRunner';
import { codexArgs } from './codexArgs';
import { checkCodex, codexInstallHint } from './codexCheck';
import { codexReviewerEnvironment } from './codexEnvironment';
import { codexOutcome } from './codexOutcome';
import { codexOutputSchema } from './codexOutputSchema';
import { codexProviderOf } from './codexProvider';
import { CodexStreamParser } from './codexStream';

export interface CodexRunnerOptions {
  /** Time between SIGTERM and SIGKILL when a run is stopped. */
  killGraceMs?: number;
  /**
   * Codex never gives up when it cannot connect ("Reconnecting... waiting for network", after 0.3,
   * 5, 15, 35 s, …); the run is stopped after this many such events in a row.
   */
  maxNetworkWaits?: number;
}

export const defaultMaxNetworkWaits = 4;

/** Runs one review with the real Codex CLI (`codex exec`), isolated from the reviewed branch's configuration. */
export class CodexRunner implements AgentRunner {
  constructor(private readonly options: CodexRunnerOptions = {}) {}

  check(reviewer: ReviewerConfig, baseEnv: NodeJS.ProcessEnv): Promise<ReviewerCheck> {
    return checkCodex(reviewer, baseEnv);
  }

  async run<T>(request: AgentRunRequest<T>): Promise<AgentRunOutcome<T>> {
    const started = Date.now();
    // Private files: the schema Codex reads and the last message it writes.
    const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-codex-'));
    const stop = new AbortController();
    const forwardAbort = (): void => {
      stop.abort();
    };
    request.signal.addEventListener('abort', forwardAbort, { once: true });
    if (request.signal.aborted) stop.abort();
    try {
      const schemaFile = path.join(filesDir, 'answer-schema.json');
      const lastMessageFile = path.join(filesDir, 'last-message.txt');
      fs.writeFileSync(schemaFile, JSON.stringify(codexOutputSchema(request.answer.jsonSchema)), { mode: 0o600 });
      const parser = new CodexStreamParser(started);
      const maxNetworkWaits = this.options.maxNetworkWaits ?? defaultMaxNetworkWaits;
      const early = { stoppedWaitingForNetwork: false };
      const lines: string[] = [];
      const ended = await runAgentProcess({
        command: request.reviewer.command ?? 'codex',
        args: codexArgs({ reviewer: request.reviewer, prompt: request.prompt, worktree: request.worktree, schemaFile, lastMessageFile }),
        cwd: request.worktree,
        env: await inReviewWorktree(codexReviewerEnvironment(request.baseEnv ?? process.env, request.reviewer), request.worktree),
        timeoutMs: request.timeoutMs,
        signal: stop.signal,
        ...(this.options.killGraceMs === undefined ? {} : { killGraceMs: this.options.killGraceMs }),
        notFoundHint: codexInstallHint,
        onStderrLine: request.onStderrLine,
        onStdoutLine: (line) => {
          lines.push(line);
          for (const event of parser.push(line)) request.onEvent(event, parser.stats);
          if (parser.consecutiveNetworkWaits >= maxNetworkWaits && !stop.signal.aborted) {
            early.stoppedWaitingForNetwork = true;
            stop.abort();
          }
        },
      });
      return codexOutcome({
        process: ended,
        parser,
        lastMessage: readIfPresent(lastMessageFile),
        timeoutMs: request.timeoutMs,
        transcript: lines.join('\n'),
        durationMs: Date.now() - started,
        stoppedWaitingForNetwork: early.stoppedWaitingForNetwork && !request.signal.aborted,
        provider: codexProviderOf(request.reviewer),
      }, request.answer);
    } finally {
      request.signal.removeEventListener('abort', forwardAbort);
      fs.rmSync(filesDir, { recursive: true, force: true });
    }
  }
}

function readIfPresent(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
