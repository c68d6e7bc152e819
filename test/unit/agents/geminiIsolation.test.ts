import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { geminiThinking } from '../../../src/engine/agents/gemini/geminiEffort';
import { geminiEnvironment } from '../../../src/engine/agents/gemini/geminiEnvironment';
import { createGeminiHome, verifyPrivateFolder } from '../../../src/engine/agents/gemini/geminiHome';
import { geminiSettings } from '../../../src/engine/agents/gemini/geminiSettings';
import { ReviewError } from '../../../src/engine/errors';

const userEnv: NodeJS.ProcessEnv = {
  PATH: '/usr/bin',
  HOME: '/home/dev',
  LANG: 'en_US.UTF-8',
  HTTPS_PROXY: 'http://proxy:3128',
  GEMINI_API_KEY: 'gemini-user-key',
  GOOGLE_API_KEY: 'google-user-key',
  GOOGLE_CLOUD_PROJECT: 'my-project',
  GOOGLE_CLOUD_LOCATION: 'us-central1',
  GOOGLE_GENAI_USE_VERTEXAI: 'false',
  GOOGLE_APPLICATION_CREDENTIALS: '/home/dev/adc.json',
  GOOGLE_GEMINI_BASE_URL: 'https://gateway.example',
  GEMINI_CLI_HOME: '/home/dev/gemini-home',
  GEMINI_SYSTEM_MD: '/home/dev/my-system.md',
  GEMINI_CLI_IDE_SERVER_PORT: '41234',
  GEMINI_CLI_TRUSTED_FOLDERS_PATH: '/home/dev/trusted.json',
  GEMINI_CLI_TRUST_WORKSPACE: 'true',
  GEMINI_SANDBOX: 'docker',
  ANTHROPIC_API_KEY: 'sk-ant',
  OPENAI_API_KEY: 'sk-openai',
  AWS_SECRET_ACCESS_KEY: 'aws',
  GITHUB_TOKEN: 'ghp',
  BASH_ENV: '/home/dev/.bash_env',
  GIT_EXTERNAL_DIFF: '/tmp/ext-diff',
};
const runPaths = { home: '/tmp/deep-review-gemini-abc', systemPromptPath: '/tmp/deep-review-gemini-abc/deep-review-reviewer.md', tempDir: '/tmp/deep-review-gemini-abc/tmp' };

test('Gemini and Google credential variables and the basics pass through; other vendors’ secrets do not', () => {
  const env = geminiEnvironment(userEnv, runPaths);

  for (const name of ['PATH', 'HOME', 'LANG', 'HTTPS_PROXY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION', 'GOOGLE_GENAI_USE_VERTEXAI', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_GEMINI_BASE_URL']) {
    assert.equal(env[name], userEnv[name], name);
  }
  const leaked = Object.keys(env).filter((name) => /^(ANTHROPIC_|OPENAI_|AWS_|GITHUB_)|^BASH_ENV$|^GIT_EXTERNAL_DIFF$/.test(name));
  assert.deepEqual(leaked, []);
});

test('the run gets its private home, untrusted workspace, our system prompt and temp folder; user variables that undo that are dropped', () => {
  const env = geminiEnvironment(userEnv, runPaths);

  assert.equal(env.GEMINI_CLI_HOME, runPaths.home);
  assert.equal(env.GEMINI_CLI_TRUST_WORKSPACE, 'false');
  assert.equal(env.GEMINI_SYSTEM_MD, runPaths.systemPromptPath);
  assert.equal(env.GEMINI_CLI_NO_RELAUNCH, 'true');
  assert.equal(process.platform === 'win32' ? env.TEMP : env.TMPDIR, runPaths.tempDir);
  for (const name of ['GEMINI_CLI_IDE_SERVER_PORT', 'GEMINI_CLI_TRUSTED_FOLDERS_PATH', 'GEMINI_SANDBOX']) assert.equal(env[name], undefined, name);
});

test('settings switch off folder trust, the local .env, agents, skills, hooks, ignore files, telemetry and auto-update, and keep the user’s sign-in', () => {
  const { settings } = geminiSettings({
    auth: { selectedType: 'oauth-personal', enforcedType: null, useExternal: null },
    model: 'gemini-3-pro-preview',
    effort: 'high',
    maxAttempts: 3,
    maxSessionTurns: 100,
  });

  assert.deepEqual(settings.security, { folderTrust: { enabled: false }, disableYoloMode: true, auth: { selectedType: 'oauth-personal' } });
  assert.deepEqual(settings.advanced, { ignoreLocalEnv: true });
  assert.deepEqual(settings.experimental, { enableAgents: false });
  assert.deepEqual(settings.skills, { enabled: false });
  assert.deepEqual(settings.hooksConfig, { enabled: false });
  assert.deepEqual(settings.context, { fileFiltering: { respectGitIgnore: false, respectGeminiIgnore: false } });
  assert.deepEqual(settings.telemetry, { enabled: false });
  assert.deepEqual(settings.privacy, { usageStatisticsEnabled: false });
  assert.deepEqual(settings.general, { enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 3 });
  assert.deepEqual(settings.model, { maxSessionTurns: 100 });
});

test('effort maps to a thinking level for Gemini 3 and a thinking budget for Gemini 2.5, through the CLI’s chat-base aliases', () => {
  const levels = ['minimal', 'low', 'medium', 'high', 'max'].map((effort) => {
    const [gemini3, gemini25] = geminiThinking(effort, 'gemini-2.5-pro').overrides as Array<{ match: { model: string }; modelConfig: { generateContentConfig: { thinkingConfig: Record<string, unknown> } } }>;
    assert.equal(gemini3?.match.model, 'chat-base-3');
    assert.equal(gemini25?.match.model, 'chat-base-2.5');
    return [gemini3.modelConfig.generateContentConfig.thinkingConfig.thinkingLevel, gemini25.modelConfig.generateContentConfig.thinkingConfig.thinkingBudget];
  });

  assert.deepEqual(levels, [
    ['LOW', 512],
    ['LOW', 2048],
    ['MEDIUM', 8192],
    ['HIGH', 24576],
    ['HIGH', 24576],
  ]);
});

test('an unknown effort or a model outside Gemini 2.5/3 keeps the CLI’s default thinking, with a warning', () => {
  const unknown = geminiThinking('ultra', 'gemini-2.5-pro');
  assert.deepEqual(unknown.overrides, []);
  assert.match(unknown.warnings[0] ?? '', /^Effort "ultra" is not one of minimal, low, medium, high, xhigh, max/);
  assert.match(geminiThinking('high', 'my-tuned-model').warnings[0] ?? '', /model "my-tuned-model" ran with Gemini CLI's default thinking/);
  for (const model of ['gemini-2.5-flash', 'gemini-3-pro-preview', 'gemini-3.1-pro-preview', 'auto', 'pro']) assert.deepEqual(geminiThinking('high', model).warnings, [], model);
});

let tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs = [];
});

function tempDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  tempDirs.push(dir);
  return dir;
}

test('the private home is a 0700 folder with settings, policy and system prompt readable only by the user, deleted by dispose', () => {
  const userHome = tempDir('deep-review-test-user-');
  const home = createGeminiHome({ settings: { a: 1 }, policy: '# policy\n', systemPrompt: '# prompt\n' }, userHome, tempDir('deep-review-test-homes-'));

  assert.equal(fs.statSync(home.home).mode & 0o777, 0o700);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(home.home, '.gemini', 'settings.json'), 'utf8')), { a: 1 });
  for (const file of [path.join(home.home, '.gemini', 'settings.json'), home.policyPath, home.systemPromptPath]) assert.equal(fs.statSync(file).mode & 0o777, 0o600, file);
  assert.equal(fs.readFileSync(home.policyPath, 'utf8'), '# policy\n');
  assert.equal(fs.statSync(home.tempDir).mode & 0o777, 0o700);
  home.dispose();
  assert.equal(fs.existsSync(home.home), false);
});

test('the user’s Gemini credentials and env file are linked in, and dispose leaves the user’s files alone', () => {
  const userHome = tempDir('deep-review-test-user-');
  fs.mkdirSync(path.join(userHome, '.gemini'));
  fs.writeFileSync(path.join(userHome, '.gemini', 'oauth_creds.json'), '{"refresh_token":"r"}', { mode: 0o600 });
  fs.writeFileSync(path.join(userHome, '.gemini', '.env'), 'GEMINI_API_KEY=k\n');
  fs.writeFileSync(path.join(userHome, '.gemini', 'settings.json'), '{"mcpServers":{}}');

  const home = createGeminiHome({ settings: {}, policy: '', systemPrompt: '' }, userHome, tempDir('deep-review-test-homes-'));

  assert.equal(fs.readlinkSync(path.join(home.home, '.gemini', 'oauth_creds.json')), path.join(userHome, '.gemini', 'oauth_creds.json'));
  assert.equal(fs.readlinkSync(path.join(home.home, '.env')), path.join(userHome, '.gemini', '.env'));
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(home.home, '.gemini', 'settings.json'), 'utf8')), {}, 'the user’s own settings are not used');
  home.dispose();
  assert.equal(fs.readFileSync(path.join(userHome, '.gemini', 'oauth_creds.json'), 'utf8'), '{"refresh_token":"r"}');
  assert.equal(fs.existsSync(path.join(userHome, '.gemini', '.env')), true);
});

test('a configuration folder others can read or write, or a symlink, is refused with a clear error', { skip: process.platform === 'win32' }, () => {
  const open = tempDir('deep-review-test-open-');
  fs.chmodSync(open, 0o755);
  const link = path.join(tempDir('deep-review-test-link-'), 'link');
  fs.symlinkSync(tempDir('deep-review-test-target-'), link);

  for (const [folder, reason] of [
    [open, /its permissions are 755, not 700/],
    [link, /it is not a plain folder/],
  ] as const) {
    assert.throws(
      () => {
        verifyPrivateFolder(folder);
      },
      (error: unknown) => error instanceof ReviewError && error.message.startsWith(`Cannot isolate Gemini CLI: its private configuration folder ${folder} is not private`) && reason.test(error.message),
    );
  }
  verifyPrivateFolder(tempDir('deep-review-test-private-'));
});
