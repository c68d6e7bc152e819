import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { opencodeAuthCheck } from '../../../src/engine/agents/opencode/opencodeCheck';
import { opencodeEnvironment } from '../../../src/engine/agents/opencode/opencodeEnvironment';
import { createOpencodeHome } from '../../../src/engine/agents/opencode/opencodeHome';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';

const anthropic: ReviewerConfig = { id: 'oc', cli: 'opencode', model: 'anthropic/claude-sonnet-4-5', effort: 'high', enabled: true };

function userHome(auth?: Record<string, unknown>): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-opencode-check-'));
  if (auth) {
    fs.mkdirSync(path.join(home, '.local', 'share', 'opencode'), { recursive: true });
    fs.writeFileSync(path.join(home, '.local', 'share', 'opencode', 'auth.json'), JSON.stringify(auth));
  }
  return home;
}

test('the sign-in check reads the provider key, then opencode’s auth.json, and names `opencode auth login` when neither has it', () => {
  const none = userHome();
  const missing = opencodeAuthCheck(anthropic, { HOME: none });
  assert.equal(missing.status, 'missing');
  assert.match(missing.nextStep ?? '', /^Run `opencode auth login` in a terminal and sign in to "anthropic".*No account: give the reviewer "baseUrl"/);

  assert.equal(opencodeAuthCheck(anthropic, { HOME: none, ANTHROPIC_API_KEY: 'sk-x' }).status, 'ok');
  assert.equal(opencodeAuthCheck(anthropic, { HOME: userHome({ anthropic: { type: 'oauth' } }) }).status, 'ok');
  const other = opencodeAuthCheck(anthropic, { HOME: userHome({ openai: { type: 'api', key: 'k' } }) });
  assert.equal(other.status, 'missing');
  assert.match(other.detail, /no sign-in for "anthropic" .* has "openai"/);
  assert.equal(opencodeAuthCheck({ ...anthropic, model: 'claude' }, { HOME: none }).status, 'missing', 'a model without provider');
  const local = opencodeAuthCheck({ ...anthropic, model: 'qwen3-coder', baseUrl: 'http://127.0.0.1:11434/v1' }, { HOME: none });
  assert.equal(local.status, 'ok');
  assert.match(local.detail, /no opencode account needed/);
});

test('the run environment carries only the reviewer provider’s key, no OPENCODE_* of the user’s, and a private home with the sign-in linked', () => {
  const home = userHome({ anthropic: { type: 'oauth' } });
  const runHome = createOpencodeHome({ HOME: home });
  try {
    const env = opencodeEnvironment(
      { PATH: '/usr/bin', HOME: home, ANTHROPIC_API_KEY: 'sk-a', OPENAI_API_KEY: 'sk-o', OPENCODE_CONFIG: '/tmp/evil.json', OPENCODE_PERMISSION: '{"*":"allow"}', XDG_CONFIG_HOME: '/home/u/.config' },
      anthropic,
      runHome,
    );
    assert.equal(env.ANTHROPIC_API_KEY, 'sk-a');
    assert.equal(env.OPENAI_API_KEY, undefined);
    assert.equal(env.OPENCODE_CONFIG, undefined);
    assert.equal(env.OPENCODE_PERMISSION, undefined);
    assert.equal(env.OPENCODE_DISABLE_PROJECT_CONFIG, '1');
    assert.equal(env.HOME, runHome.folder);
    assert.equal(env.XDG_CONFIG_HOME, path.join(runHome.folder, 'config'));
    assert.equal(fs.readlinkSync(path.join(runHome.folder, 'data', 'opencode', 'auth.json')), path.join(home, '.local', 'share', 'opencode', 'auth.json'));
    const config = JSON.parse(env.OPENCODE_CONFIG_CONTENT ?? '{}') as { mcp: unknown; plugin: unknown; lsp: unknown; permission: { '*': string; bash: Record<string, string> } };
    assert.deepEqual([config.mcp, config.plugin, config.lsp], [{}, [], false]);
    assert.equal(config.permission['*'], 'deny');
    assert.equal(config.permission.bash['git diff *'], 'allow');
    assert.equal(config.permission.bash['*--output*'], 'deny');
  } finally {
    runHome.dispose();
  }
});
