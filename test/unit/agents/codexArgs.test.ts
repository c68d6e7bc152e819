import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { codexArgs, tomlString } from '../../../src/engine/agents/codex/codexArgs';
import { codexEnvironmentSpec } from '../../../src/engine/agents/codex/codexEnvironment';
import { codexProviderFromArgs } from '../../../src/engine/agents/codex/codexProvider';
import { shellToolCallName, shellWords, unwrapShellCommand } from '../../../src/engine/agents/codex/codexShellCommand';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';

const reviewer: ReviewerConfig = { id: 'codex', cli: 'codex', model: 'gpt-5.5', effort: 'high', enabled: true };

function argsFor(overrides: Partial<ReviewerConfig> = {}): string[] {
  return codexArgs({ reviewer: { ...reviewer, ...overrides }, worktree: '/tmp/wt', schemaFile: '/tmp/f/schema.json', lastMessageFile: '/tmp/f/last.txt' });
}

function valueOf(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

/** Every `-c key=value` as key → value. */
function configOf(args: string[]): Map<string, string> {
  const config = new Map<string, string>();
  args.forEach((arg, index) => {
    const pair = args[index + 1];
    if (arg !== '-c' || pair === undefined) return;
    const equals = pair.indexOf('=');
    config.set(pair.slice(0, equals), pair.slice(equals + 1));
  });
  return config;
}

test('codex exec with JSON events, the model and effort', () => {
  const args = argsFor({ model: 'gpt-5.5-codex', effort: 'xhigh' });

  assert.deepEqual(args.slice(0, 2), ['exec', '--json']);
  assert.equal(valueOf(args, '--model'), 'gpt-5.5-codex');
  assert.equal(configOf(args).get('model_reasoning_effort'), '"xhigh"');
});

test('the isolation flags of the agent-isolation recipe are all there', () => {
  const args = argsFor();
  const config = configOf(args);

  assert.equal(valueOf(args, '--sandbox'), 'read-only');
  assert.equal(valueOf(args, '--cd'), '/tmp/wt');
  for (const flag of ['--ephemeral', '--ignore-user-config', '--ignore-rules']) assert.ok(args.includes(flag), flag);
  assert.equal(config.get('approval_policy'), '"never"');
  assert.equal(config.get('project_doc_max_bytes'), '0', 'no AGENTS.md');
  assert.equal(config.get('skills.include_instructions'), 'false', 'no skill descriptions');
  assert.equal(config.get('web_search'), '"disabled"');
  assert.equal(config.get('features.plugins'), 'false');
  assert.equal(config.get('features.apps'), 'false');
});

test('no flag that trusts the project or bypasses the sandbox, hooks or approvals', () => {
  const args = argsFor();

  for (const flag of ['--trust', '--dangerously-bypass-approvals-and-sandbox', '--dangerously-bypass-hook-trust', '--approve-for-me', '--skip-git-repo-check']) {
    assert.ok(!args.includes(flag), flag);
  }
  assert.ok(!args.some((arg) => /CODEX_HOME/.test(arg)), 'the user’s Codex home (login) is left alone');
});

test('the schema and last-message files are passed, and read-only reviewer instructions as developer instructions', () => {
  const args = argsFor();

  assert.equal(valueOf(args, '--output-schema'), '/tmp/f/schema.json');
  assert.equal(valueOf(args, '--output-last-message'), '/tmp/f/last.txt');
  const instructions = JSON.parse(configOf(args).get('developer_instructions') ?? '""') as string;
  assert.match(instructions, /read-only code reviewer/);
  assert.match(instructions, /one JSON object that follows the output schema/);
});

test('the prompt is read from stdin: `-` comes last, after --', () => {
  assert.deepEqual(argsFor().slice(-2), ['--', '-']);
});

test('the reviewer’s allowed args come after Deep Review’s options and before the stdin marker', () => {
  const own = ['-c', 'model_reasoning_summary="detailed"', '-c', 'hide_agent_reasoning=true'];
  const args = argsFor({ args: own });

  assert.deepEqual(args.slice(-own.length - 2, -2), own);
  assert.ok(args.indexOf('--output-last-message') < args.indexOf(own[1]!));
});

test('values are TOML strings, so an effort like "true" or one with quotes stays a string', () => {
  assert.equal(tomlString('true'), '"true"');
  assert.equal(tomlString('say "hi"\n'), '"say \\"hi\\"\\n"');
  assert.equal(tomlString('del\u007f'), '"del\\u007f"');
});

test('the environment keeps Codex’s own variables and drops other vendors’ secrets', () => {
  const env = agentEnvironment(
    {
      PATH: '/usr/bin',
      HOME: '/home/dev',
      CODEX_HOME: '/home/dev/.codex-work',
      CODEX_API_KEY: 'sk-codex',
      OPENAI_API_KEY: 'sk-openai',
      OPENAI_BASE_URL: 'https://proxy.example/v1',
      CODEX_CORP_KEY: 'corp',
      SSL_CERT_FILE: '/etc/ssl/corp.pem',
      ANTHROPIC_API_KEY: 'sk-ant',
      GEMINI_API_KEY: 'gemini',
      GOOGLE_API_KEY: 'google',
      AWS_SECRET_ACCESS_KEY: 'aws',
      GITHUB_TOKEN: 'ghp',
      CORP_KEY: 'not-prefixed',
      BASH_ENV: '/home/dev/.bash_env',
      GIT_EXTERNAL_DIFF: '/tmp/ext',
    },
    codexEnvironmentSpec,
  );

  for (const name of ['PATH', 'HOME', 'CODEX_HOME', 'CODEX_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'CODEX_CORP_KEY', 'SSL_CERT_FILE']) assert.ok(name in env, `${name} passes`);
  for (const name of ['ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'CORP_KEY', 'BASH_ENV', 'GIT_EXTERNAL_DIFF']) assert.ok(!(name in env), `${name} is dropped`);
  assert.equal(env.GIT_CONFIG_KEY_0, 'core.hooksPath');
});

test('the provider is read from the reviewer’s -c options; the built-in OpenAI one otherwise', () => {
  assert.deepEqual(codexProviderFromArgs([]), { id: 'openai', envKey: null, baseUrl: null, local: false });
  assert.deepEqual(codexProviderFromArgs(['-c', 'openai_base_url="https://proxy.example/v1"']), { id: 'openai', envKey: null, baseUrl: 'https://proxy.example/v1', local: false });
  assert.deepEqual(
    codexProviderFromArgs([
      '--config',
      "model_provider='corp'",
      '-c',
      'model_providers.corp.base_url="https://llm.corp.example/v1"',
      '--config=model_providers.corp.env_key=CODEX_CORP_KEY',
      '-c',
      'model_providers.other.env_key="IGNORED"',
    ]),
    { id: 'corp', envKey: 'CODEX_CORP_KEY', baseUrl: 'https://llm.corp.example/v1', local: false },
  );
  assert.equal(codexProviderFromArgs(['--oss']).local, true);
});

test('Codex’s shell wrapper is removed, quoted either way', () => {
  assert.equal(unwrapShellCommand("/bin/bash -lc 'git diff main...HEAD'"), 'git diff main...HEAD');
  assert.equal(unwrapShellCommand('/bin/bash -lc ls'), 'ls');
  assert.equal(unwrapShellCommand('/bin/bash -lc "echo \\"it\'s\\" && pwd"'), 'echo "it\'s" && pwd');
  assert.equal(unwrapShellCommand("/usr/bin/zsh -lc 'rg -n TODO'"), 'rg -n TODO');
  assert.equal(unwrapShellCommand('git status'), 'git status', 'not wrapped');
  assert.equal(unwrapShellCommand("/bin/bash -lc 'unclosed"), "'unclosed", 'unparsable: shown as is');
});

test('a shell call is named by the first two words of the command', () => {
  assert.equal(shellToolCallName("/bin/bash -lc 'git diff --no-ext-diff main...HEAD'"), 'shell(git diff)');
  assert.equal(shellToolCallName('/bin/bash -lc ls'), 'shell(ls)');
  assert.equal(shellToolCallName("/bin/bash -lc ''"), 'shell');
});

test('shell words: quotes, escapes and empty words', () => {
  assert.deepEqual(shellWords(`a 'b c' "d \\"e\\"" f\\ g ''`), ['a', 'b c', 'd "e"', 'f g', '']);
  assert.equal(shellWords('"open'), undefined);
});
