import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { CodexRunner } from '../../../src/engine/agents/codex/codexRunner';
import type { ReviewerCheck } from '../../../src/shared/reviewerCheck';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';
import { codexBin } from './codexHarness';

// "Deep Review: Check Reviewers" for Codex, with the real CLI and a fresh CODEX_HOME per test.

const reviewer: ReviewerConfig = { id: 'codex', cli: 'codex', model: 'gpt-5.5', effort: 'high', command: codexBin, enabled: true };
const corpProvider = ['-c', 'model_provider="corp"', '-c', 'model_providers.corp.base_url="https://llm.corp.example/v1"'];

let dirs: string[] = [];
let env: NodeJS.ProcessEnv = {};
beforeEach(() => {
  const codexHome = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-codex-home-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-home-'));
  dirs = [codexHome, home];
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OPENAI_|CODEX_)/.test(name)));
  env = { ...inherited, HOME: home, CODEX_HOME: codexHome };
});
afterEach(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function check(overrides: Partial<ReviewerConfig> = {}, extraEnv: NodeJS.ProcessEnv = {}): Promise<ReviewerCheck> {
  return new CodexRunner().check({ ...reviewer, ...overrides }, { ...env, ...extraEnv });
}

test('the binary is found with its version; without login or key the next step is `codex login`', async () => {
  const result = await check();

  assert.equal(result.binary.error, null);
  assert.match(result.binary.version ?? '', /^codex-cli 0\.169\.0$/);
  assert.equal(result.auth.status, 'missing');
  assert.equal(result.auth.detail, 'Codex is not logged in and CODEX_API_KEY is not set.');
  assert.match(result.auth.nextStep ?? '', /^Run `codex login` in a terminal/);
});

test('OPENAI_API_KEY alone is not enough, and the check says so', async () => {
  const result = await check({}, { OPENAI_API_KEY: 'sk-openai-test' });

  assert.equal(result.auth.status, 'missing');
  assert.match(result.auth.detail, /OPENAI_API_KEY is set, but `codex exec` does not read it\./);
  assert.match(result.auth.nextStep ?? '', /printenv OPENAI_API_KEY \| codex login --with-api-key/);
});

test('a key saved with `codex login --with-api-key` is reported by `codex login status`', async () => {
  execFileSync(codexBin, ['login', '--with-api-key'], { env: env, cwd: os.homedir(), input: 'sk-test-0123456789\n', stdio: ['pipe', 'ignore', 'ignore'] });

  const result = await check();

  assert.equal(result.auth.status, 'ok');
  assert.equal(result.auth.detail, 'API key configured - sk-test-***56789 (codex login status).');
});

test('CODEX_API_KEY in the environment counts as signed in', async () => {
  const result = await check({}, { CODEX_API_KEY: 'sk-codex-test' });

  assert.deepEqual(result.auth, { status: 'ok', detail: 'CODEX_API_KEY is set.', nextStep: null });
});

test('a CODEX_HOME that does not exist is reported with what Codex said', async () => {
  const result = await check({}, { CODEX_HOME: path.join(dirs[0]!, 'missing') });

  assert.equal(result.auth.status, 'unknown');
  assert.match(result.auth.detail, /`codex login status` failed: .*CODEX_HOME points to ".*missing", but that path does not exist/);
});

test('a custom provider is checked by its env_key, which must reach Codex', async () => {
  const configured = { args: [...corpProvider, '-c', 'model_providers.corp.env_key="CODEX_CORP_KEY"'] };

  assert.equal((await check(configured, { CODEX_CORP_KEY: 'corp' })).auth.status, 'ok');
  const unset = await check(configured);
  assert.equal(unset.auth.status, 'missing');
  assert.equal(unset.auth.nextStep, 'Set CODEX_CORP_KEY in the environment VS Code starts from.');
  const filtered = await check({ args: [...corpProvider, '-c', 'model_providers.corp.env_key="CORP_KEY"'] }, { CORP_KEY: 'corp' });
  assert.equal(filtered.auth.status, 'missing');
  assert.match(filtered.auth.nextStep ?? '', /^Rename the variable to start with CODEX_ or OPENAI_/);
});

test('a missing binary is reported with the install hint, and auth is not checked', async () => {
  const result = await check({ command: '/nonexistent/codex' });

  assert.equal(result.binary.path, null);
  assert.match(result.binary.error ?? '', /npm install -g @openai\/codex/);
  assert.equal(result.auth.status, 'unknown');
});
