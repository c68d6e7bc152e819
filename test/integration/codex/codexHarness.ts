import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentEvent, AgentRunOutcome } from '../../../src/engine/agents/agentRunner';
import { endpointProviderId } from '../../../src/engine/agents/codex/codexProvider';
import { CodexRunner, type CodexRunnerOptions } from '../../../src/engine/agents/codex/codexRunner';
import type { ReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';
import type { TempRepo } from '../../fixtures/gitRepo';
import { runReviewerIn, setUpScriptedWorktree, type WorktreeRunResult } from '../../fixtures/scriptedWorktree';
import type { ModelServer, Step } from '../../fixtures/modelServer/modelServer';

export const codexBin = path.resolve(__dirname, '..', '..', '..', 'node_modules', '.bin', 'codex');

export { twoFindings } from '../../fixtures/discountBranch';

/** The key the scripted provider reads (its env_key); it starts with CODEX_ so Deep Review passes it on. */
export const scriptedKeyVariable = 'CODEX_SCRIPTED_API_KEY';
export const scriptedKey = 'sk-scripted-test';

/**
 * The retry and idle limits of the endpoint a reviewer's baseUrl becomes, as a user tunes them in the
 * reviewer's args (the keys Deep Review allows): retries off so faults show at once.
 */
export const scriptedEndpointArgs = ['request_max_retries=0', 'stream_max_retries=0', 'stream_idle_timeout_ms=5000'].flatMap((setting) => ['-c', `model_providers.${endpointProviderId}.${setting}`]);

/**
 * Codex arguments that point it at a scripted server through a custom provider, as Codex's documentation
 * defines one: reviewer args may (the provider keys are allowlisted), and controls run Codex with them directly.
 */
export function scriptedProviderArgs(serverUrl: string): string[] {
  const settings = {
    model_provider: '"scripted"',
    'model_providers.scripted.name': '"Scripted"',
    'model_providers.scripted.base_url': `"${serverUrl}/v1"`,
    'model_providers.scripted.wire_api': '"responses"',
    'model_providers.scripted.env_key': `"${scriptedKeyVariable}"`,
    'model_providers.scripted.request_max_retries': '0',
    'model_providers.scripted.stream_max_retries': '0',
    'model_providers.scripted.stream_idle_timeout_ms': '5000',
  };
  return Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
}

/**
 * How a builtInProviderReviewer runs: outside Deep Review's sandbox, which binds a `command` wrapper's own
 * folder but not the CLI it starts (these tests are about the built-in provider's sign-in, not the sandbox),
 * with the private CODEX_HOME outside the temp folder, where Codex's own sandbox can make its helper links.
 */
export const builtInProviderRunner: CodexRunnerOptions = { sandbox: false, homeParent: process.platform === 'linux' ? '/var/tmp' : os.tmpdir() };

/**
 * The harness's reviewer on Codex's built-in OpenAI provider, with that provider's endpoint moved to the
 * scripted server by a wrapper script set as the reviewer's `command` (the user's own choice): reviewer
 * args may not move an endpoint, since the built-in provider sends the `codex login` credentials there.
 */
export function builtInProviderReviewer(harness: CodexHarness): ReviewerConfig {
  const wrapper = path.join(harness.codexHome, 'codex-with-scripted-openai');
  const moved = `-c 'openai_base_url="${harness.server.url}/v1"'`;
  fs.writeFileSync(wrapper, `#!/bin/sh\n[ "$1" = exec ] || exec '${codexBin}' "$@"\nshift\nexec '${codexBin}' exec ${moved} "$@"\n`, { mode: 0o755 });
  const { baseUrl: _baseUrl, apiKeyEnv: _apiKeyEnv, args: _args, ...builtIn } = harness.reviewer;
  return { ...builtIn, command: wrapper };
}

export interface CodexHarness {
  repo: TempRepo;
  worktree: ReviewWorktree;
  server: ModelServer;
  prompt: string;
  reviewer: ReviewerConfig;
  /** CODEX_HOME of the run (the user's Codex folder: login, config.toml with trust entries). */
  codexHome: string;
  /** Environment the runner starts from: the test's own, with a private home and CODEX_HOME. */
  baseEnv: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  script: readonly Step[];
  /** Extra files committed on the feature branch (e.g. a hostile .codex folder). */
  extraBranchFiles?: Record<string, string>;
  /** Content of $CODEX_HOME/config.toml, given the main repository's root. */
  userConfig?: (repoRoot: string) => string;
}

/** A repo with a `feature/discount` branch, its review worktree, a scripted Responses API server and a fresh CODEX_HOME. */
export async function setUpCodex(options: HarnessOptions): Promise<CodexHarness> {
  const base = await setUpScriptedWorktree({ cli: 'codex', protocol: 'openai', script: options.script, extraBranchFiles: options.extraBranchFiles });
  const { server } = base;
  // Not under the temp folder: with the system's bwrap installed, Codex's own sandbox needs helper links
  // in CODEX_HOME and refuses to make them there, so the naive (unsandboxed) controls could run no command.
  const codexHome = fs.mkdtempSync(path.join(process.platform === 'linux' ? '/var/tmp' : os.tmpdir(), 'deep-review-codex-home-'));
  if (options.userConfig) fs.writeFileSync(path.join(codexHome, 'config.toml'), options.userConfig(base.repo.root));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-home-'));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OPENAI_|CODEX_)/.test(name)));
  return {
    ...base,
    reviewer: { id: 'codex', cli: 'codex', model: 'gpt-5.5', effort: 'high', command: codexBin, baseUrl: `${server.url}/v1`, apiKeyEnv: scriptedKeyVariable, args: scriptedEndpointArgs, enabled: true },
    codexHome,
    baseEnv: { ...inherited, HOME: home, CODEX_HOME: codexHome, [scriptedKeyVariable]: scriptedKey },
    dispose: async () => {
      await base.dispose();
      for (const dir of [codexHome, home]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  runner?: CodexRunnerOptions;
  onEvent?: (event: AgentEvent) => void;
}

export type RunResult = WorktreeRunResult;

/** Runs the real Codex CLI through CodexRunner in the harness's worktree. */
export async function runCodex(harness: CodexHarness, options: RunOptions = {}): Promise<RunResult> {
  return runReviewerIn(new CodexRunner(options.runner), harness, { timeoutMs: options.timeoutMs ?? 20_000, signal: options.signal, onEvent: options.onEvent });
}

export function errorOf(outcome: AgentRunOutcome): string {
  return outcome.status === 'succeeded' ? '' : outcome.error;
}

export function kindOf(outcome: AgentRunOutcome): string {
  return outcome.status === 'failed' ? outcome.kind : outcome.status;
}
