import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GeminiRunner, type GeminiRunnerOptions } from '../../../src/engine/agents/gemini/geminiRunner';
import type { ReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';
import type { TempRepo } from '../../fixtures/gitRepo';
import { runReviewerIn, setUpScriptedWorktree, type WorktreeRunResult } from '../../fixtures/scriptedWorktree';
import type { ModelServer, Step } from '../../fixtures/modelServer/modelServer';

export const geminiBin = path.resolve(__dirname, '..', '..', '..', 'node_modules', '.bin', 'gemini');

export { twoFindings } from '../../fixtures/discountBranch';

export interface GeminiHarness {
  repo: TempRepo;
  worktree: ReviewWorktree;
  server: ModelServer;
  prompt: string;
  reviewer: ReviewerConfig;
  /** The user's home and Gemini home (GEMINI_CLI_HOME), with the user's own `.gemini/settings.json`. */
  userHome: string;
  /** Where runs create their private Gemini homes (each run must delete its own). */
  homesDir: string;
  /** Environment the runner starts from: the test's own, pointed at the scripted server. */
  baseEnv: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  /** The model's turns; a function gets the worktree path (for absolute file paths in tool calls). */
  script: readonly Step[] | ((worktree: string) => readonly Step[]);
  /** Extra files committed on the feature branch (e.g. a hostile .gemini folder). */
  extraBranchFiles?: Record<string, string>;
  /** The user's own ~/.gemini/settings.json (default: API key sign-in, as after `gemini` setup). */
  userSettings?: Record<string, unknown>;
}

export const userSettings = {
  general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 1 },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
  security: { auth: { selectedType: 'gemini-api-key' } },
};

/** A repo with a `feature/discount` branch, its review worktree, a scripted Gemini server and a fresh user home. */
export async function setUpGemini(options: HarnessOptions): Promise<GeminiHarness> {
  const base = await setUpScriptedWorktree({ cli: 'gemini', protocol: 'gemini', script: options.script, extraBranchFiles: options.extraBranchFiles });
  const { server } = base;
  const userHome = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-gemini-user-')));
  fs.mkdirSync(path.join(userHome, '.gemini'));
  fs.writeFileSync(path.join(userHome, '.gemini', 'settings.json'), JSON.stringify(options.userSettings ?? userSettings, null, 2));
  const homesDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-gemini-homes-')));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GEMINI_|GOOGLE_)/.test(name)));
  return {
    ...base,
    reviewer: { id: 'gemini', cli: 'gemini', model: 'gemini-2.5-pro', effort: 'high', command: geminiBin, enabled: true },
    userHome,
    homesDir,
    baseEnv: {
      ...inherited,
      HOME: userHome,
      GEMINI_CLI_HOME: userHome,
      GEMINI_API_KEY: 'gemini-test-key',
      GOOGLE_GEMINI_BASE_URL: server.url,
    },
    dispose: async () => {
      await base.dispose();
      for (const dir of [userHome, homesDir]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  runner?: GeminiRunnerOptions;
}

export type RunResult = WorktreeRunResult;

/** Runs the real Gemini CLI through GeminiRunner in the harness's worktree (one try per request: no retry backoff). */
export async function runGemini(harness: GeminiHarness, options: RunOptions = {}): Promise<RunResult> {
  return runReviewerIn(new GeminiRunner({ maxAttempts: 1, homeParent: harness.homesDir, ...options.runner }), harness, { timeoutMs: options.timeoutMs ?? 30_000, signal: options.signal });
}
