import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReviewerCheck } from '../../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { runAgentProcess } from '../../process/runAgentProcess';
import { agentSandbox } from '../../sandbox/agentSandbox';
import type { SandboxSpec } from '../../sandbox/sandboxArgs';
import type { PrivateConfigHome } from '../privateConfigHome';
import { inReviewWorktree } from '../agentEnvironment';
import type { AgentRunner, AgentRunOutcome, AgentRunRequest } from '../agentRunner';
import { codexArgs } from './codexArgs';
import { checkCodex, codexInstallHint } from './codexCheck';
import { codexReviewerEnvironment } from './codexEnvironment';
import { createCodexHome } from './codexHome';
import { codexOutcome } from './codexOutcome';
import { codexOutputSchema } from './codexOutputSchema';
import { builtInProvider, codexProviderOf } from './codexProvider';
import { CodexStreamParser } from './codexStream';

export interface CodexRunnerOptions {
  /** Time between SIGTERM and SIGKILL when a run is stopped. */
  killGraceMs?: number;
  /**
   * Codex never gives up when it cannot connect ("Reconnecting... waiting for network", after 0.3,
   * 5, 15, 35 s, …); the run is stopped after this many such events in a row.
   */
  maxNetworkWaits?: number;
  /** Run in the sandbox where one can start (default). Tests turn it off to show what it prevents. */
  sandbox?: boolean;
  /** Where the private CODEX_HOME of each run is created (default: the system temp folder). */
  homeParent?: string;
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
    const filesDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-codex-')));
    const baseEnv = request.baseEnv ?? process.env;
    const home = createCodexHome(baseEnv, this.options.homeParent);
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
      const env = codexReviewerEnvironment(baseEnv, request.reviewer);
      const provider = codexProviderOf(request.reviewer);
      const parser = new CodexStreamParser(started);
      const maxNetworkWaits = this.options.maxNetworkWaits ?? defaultMaxNetworkWaits;
      const early = { stoppedWaitingForNetwork: false };
      const lines: string[] = [];
      const ended = await runAgentProcess({
        command: request.reviewer.command ?? 'codex',
        args: codexArgs({ reviewer: request.reviewer, worktree: request.worktree, schemaFile, lastMessageFile }),
        stdin: request.prompt,
        cwd: request.worktree,
        env: await inReviewWorktree({ ...env, CODEX_HOME: home.folder }, request.worktree),
        sandbox: this.options.sandbox === false ? undefined : codexSandbox(request.worktree, filesDir, home),
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
        provider,
        signedIn: provider.id === builtInProvider && !provider.local ? home.linkedFiles.length > 0 || (env.CODEX_API_KEY ?? '').trim() !== '' : null,
      }, request.answer);
    } finally {
      request.signal.removeEventListener('abort', forwardAbort);
      fs.rmSync(filesDir, { recursive: true, force: true });
      home.dispose();
    }
  }
}

/**
 * Codex's own sandbox, with the system's bwrap, runs its helper through links it makes in CODEX_HOME, and
 * makes none when CODEX_HOME is under the temp folder (the command then fails with "execvp
 * codex-linux-sandbox"): in the sandbox the private home is seen at a path outside any temp folder.
 */
function codexSandbox(worktree: string, filesDir: string, home: PrivateConfigHome): SandboxSpec {
  const spec = agentSandbox(worktree, [filesDir, ...home.linkedFiles]);
  return { ...spec, relocated: [{ source: home.folder, target: sandboxCodexHome, variable: 'CODEX_HOME' }] };
}

const sandboxCodexHome = '/deep-review/codex-home';

function readIfPresent(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
