import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClaudeRunner, type ClaudeRunnerOptions } from '../../../src/engine/agents/claude/claudeRunner';
import type { ReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';
import type { TempRepo } from '../../fixtures/gitRepo';
import { runReviewerIn, setUpScriptedWorktree, type WorktreeRunResult } from '../../fixtures/scriptedWorktree';
import type { ModelServer, Step } from '../../fixtures/modelServer/modelServer';

export const claudeBin = path.resolve(__dirname, '..', '..', '..', 'node_modules', '.bin', 'claude');

export { baseFiles, branchFiles, twoFindings } from '../../fixtures/discountBranch';

export interface ClaudeHarness {
  repo: TempRepo;
  worktree: ReviewWorktree;
  server: ModelServer;
  prompt: string;
  reviewer: ReviewerConfig;
  /** Environment the runner starts from: the test's own, pointed at the scripted server. */
  baseEnv: NodeJS.ProcessEnv;
  tempDirs: string[];
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  /** The model's turns; a function gets the worktree path (for absolute file paths in tool calls). */
  script: readonly Step[] | ((worktree: string) => readonly Step[]);
  /** Extra files committed on the feature branch (e.g. a hostile .claude folder). */
  extraBranchFiles?: Record<string, string>;
}

/** A repo with a `feature/discount` branch, its review worktree, a scripted model server and a fresh Claude config. */
export async function setUpClaude(options: HarnessOptions): Promise<ClaudeHarness> {
  const base = await setUpScriptedWorktree({ cli: 'claude', protocol: 'anthropic', script: options.script, extraBranchFiles: options.extraBranchFiles });
  const { server } = base;
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-claude-config-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-home-'));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ANTHROPIC_|CLAUDE_)/.test(name)));
  return {
    ...base,
    reviewer: { id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin, enabled: true },
    baseEnv: {
      ...inherited,
      HOME: home,
      CLAUDE_CONFIG_DIR: configDir,
      ANTHROPIC_BASE_URL: server.url,
      ANTHROPIC_API_KEY: 'sk-test',
      CLAUDE_CODE_MAX_RETRIES: '0',
    },
    tempDirs: [configDir, home],
    dispose: async () => {
      await base.dispose();
      for (const dir of [configDir, home]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  runner?: ClaudeRunnerOptions;
}

export type RunResult = WorktreeRunResult;

/** Runs the real Claude Code CLI through ClaudeRunner in the harness's worktree. */
export async function runClaude(harness: ClaudeHarness, options: RunOptions = {}): Promise<RunResult> {
  return runReviewerIn(new ClaudeRunner(options.runner), harness, { timeoutMs: options.timeoutMs ?? 20_000, signal: options.signal });
}
