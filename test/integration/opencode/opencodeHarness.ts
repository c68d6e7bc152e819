import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentEvent, AgentRunOutcome } from '../../../src/engine/agents/agentRunner';
import { OpencodeRunner, type OpencodeRunnerOptions } from '../../../src/engine/agents/opencode/opencodeRunner';
import type { ReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';
import type { TempRepo } from '../../fixtures/gitRepo';
import type { ModelServer, Step } from '../../fixtures/modelServer/modelServer';
import { runReviewerIn, setUpScriptedWorktree, type WorktreeRunResult } from '../../fixtures/scriptedWorktree';

export const opencodeBin = path.resolve(__dirname, '..', '..', '..', 'node_modules', '.bin', 'opencode');

export { twoFindings } from '../../fixtures/discountBranch';

/** The variable the scripted endpoint's key is in, as a user names it in apiKeyEnv. */
export const scriptedKeyVariable = 'LOCAL_LLM_KEY';
export const scriptedKey = 'sk-scripted-opencode';

export interface OpencodeHarness {
  repo: TempRepo;
  worktree: ReviewWorktree;
  server: ModelServer;
  prompt: string;
  /** The "no account" reviewer: the scripted server as a local OpenAI-compatible endpoint (baseUrl). */
  reviewer: ReviewerConfig;
  /** The user's home (HOME), with their opencode folders under .config and .local/share. */
  home: string;
  /** Where each run's private home is made: empty again after every run. */
  homesDir: string;
  baseEnv: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  script: readonly Step[] | ((worktree: string) => readonly Step[]);
  extraBranchFiles?: Record<string, string>;
}

/** The discount branch's review worktree, a scripted Chat Completions server, and a fresh user home. */
export async function setUpOpencode(options: HarnessOptions): Promise<OpencodeHarness> {
  const base = await setUpScriptedWorktree({ cli: 'opencode', protocol: 'chat', script: options.script, extraBranchFiles: options.extraBranchFiles });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-opencode-user-'));
  const homesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-opencode-homes-'));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OPENCODE_|XDG_)/.test(name)));
  return {
    ...base,
    reviewer: { id: 'opencode', cli: 'opencode', model: 'scripted-model', effort: 'high', command: opencodeBin, baseUrl: `${base.server.url}/v1`, apiKeyEnv: scriptedKeyVariable, enabled: true },
    home,
    homesDir,
    baseEnv: { ...inherited, HOME: home, [scriptedKeyVariable]: scriptedKey },
    dispose: async () => {
      await base.dispose();
      for (const dir of [home, homesDir]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  runner?: OpencodeRunnerOptions;
  reviewer?: ReviewerConfig;
  onEvent?: (event: AgentEvent) => void;
}

/** Runs the real opencode CLI through OpencodeRunner in the harness's worktree. */
export async function runOpencode(harness: OpencodeHarness, options: RunOptions = {}): Promise<WorktreeRunResult> {
  const runner = new OpencodeRunner({ homeParent: harness.homesDir, ...options.runner });
  return runReviewerIn(runner, { ...harness, reviewer: options.reviewer ?? harness.reviewer }, { timeoutMs: options.timeoutMs ?? 60_000, signal: options.signal, onEvent: options.onEvent });
}

export function errorOf(outcome: AgentRunOutcome): string {
  return outcome.status === 'succeeded' ? '' : outcome.error;
}

export function kindOf(outcome: AgentRunOutcome): string {
  return outcome.status === 'failed' ? outcome.kind : outcome.status;
}
