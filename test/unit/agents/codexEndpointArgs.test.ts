import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codexArgs } from '../../../src/engine/agents/codex/codexArgs';
import { codexReviewerEnvironment } from '../../../src/engine/agents/codex/codexEnvironment';
import { codexProviderOf, endpointProviderId } from '../../../src/engine/agents/codex/codexProvider';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';

const local: ReviewerConfig = { id: 'local', cli: 'codex', model: 'qwen3-coder', effort: 'high', enabled: true, baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'LOCAL_LLM_KEY' };

function argsFor(reviewer: ReviewerConfig): string[] {
  return codexArgs({ reviewer, worktree: '/tmp/wt', schemaFile: '/tmp/f/schema.json', lastMessageFile: '/tmp/f/last.txt' });
}

/** Every `-c` value, in order. */
function configPairs(args: string[]): string[] {
  return args.flatMap((arg, index) => (arg === '-c' ? [args[index + 1] ?? ''] : []));
}

test('a baseUrl becomes a custom Responses provider with the key variable apiKeyEnv names', () => {
  const pairs = configPairs(argsFor(local));

  const provider = `model_providers.${endpointProviderId}`;
  for (const expected of [
    `model_provider="${endpointProviderId}"`,
    `${provider}.base_url="http://127.0.0.1:8000/v1"`,
    `${provider}.wire_api="responses"`,
    `${provider}.env_key="LOCAL_LLM_KEY"`,
  ]) {
    assert.ok(pairs.includes(expected), expected);
  }
});

test('without apiKeyEnv the provider has no env_key; without baseUrl there is no provider option at all', () => {
  const { apiKeyEnv: _unused, ...keyless } = local;
  assert.ok(!configPairs(argsFor(keyless)).some((pair) => pair.includes('env_key')));
  const { baseUrl: _url, apiKeyEnv: _key, ...plain } = local;
  assert.ok(!configPairs(argsFor(plain)).some((pair) => pair.startsWith('model_provider')));
});

test('the isolation flags stay, and the reviewer’s own args still come after the provider options', () => {
  const args = argsFor({ ...local, args: ['-c', `model_providers.${endpointProviderId}.request_max_retries=0`] });

  for (const flag of ['--ephemeral', '--ignore-user-config', '--ignore-rules']) assert.ok(args.includes(flag), flag);
  assert.equal(args[args.indexOf('--sandbox') + 1], 'read-only');
  const baseUrlAt = args.findIndex((arg) => arg.includes('.base_url='));
  const ownAt = args.findIndex((arg) => arg.includes('request_max_retries=0'));
  assert.ok(baseUrlAt > 0 && ownAt > baseUrlAt && ownAt < args.indexOf('--'));
});

test('a URL is written as a TOML string, so quotes in it cannot add settings', () => {
  const pairs = configPairs(argsFor({ ...local, baseUrl: 'https://llm.example.com/v1"\nmodel_provider="x' }));

  assert.ok(pairs.includes(`model_providers.${endpointProviderId}.base_url="https://llm.example.com/v1\\"\\nmodel_provider=\\"x"`));
});

test('the provider a reviewer uses: its baseUrl, unless its args pick another one', () => {
  assert.deepEqual(codexProviderOf(local), { id: endpointProviderId, envKey: 'LOCAL_LLM_KEY', baseUrl: 'http://127.0.0.1:8000/v1', local: false });
  assert.equal(codexProviderOf({ ...local, args: ['-c', 'model_provider="corp"'] }).id, 'corp');
});

test('the variable apiKeyEnv names reaches Codex whatever its prefix; other unrelated variables do not', () => {
  const env = codexReviewerEnvironment({ PATH: '/bin', LOCAL_LLM_KEY: 'sk-local', OTHER_SECRET: 'x', OPENAI_API_KEY: 'sk-openai' }, local);

  assert.equal(env.LOCAL_LLM_KEY, 'sk-local');
  assert.equal(env.OTHER_SECRET, undefined);
  assert.equal(codexReviewerEnvironment({ PATH: '/bin', LOCAL_LLM_KEY: 'sk-local' }, { apiKeyEnv: undefined }).LOCAL_LLM_KEY, undefined);
});
