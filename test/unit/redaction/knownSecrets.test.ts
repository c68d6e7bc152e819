import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { collectKnownSecrets, isSecretVariableName, looksLikeSecret, secretsInEnvironment } from '../../../src/engine/redaction/knownSecrets';

test('variables named like secrets are secret; GIT_AUTHOR_EMAIL, PWD and KEYBOARD_LAYOUT are not', () => {
  for (const name of ['OPENAI_API_KEY', 'GH_TOKEN', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'NPM_AUTH', 'MY_SERVICE_APIKEY', 'SLACKTOKEN', 'GOOGLE_APPLICATION_CREDENTIALS']) {
    assert.ok(isSecretVariableName(name), name);
  }
  for (const name of ['GIT_AUTHOR_EMAIL', 'PWD', 'OLDPWD', 'KEYBOARD_LAYOUT', 'HOME', 'PATH', 'MONKEY_MODE']) assert.ok(!isSecretVariableName(name), name);
});

test('short, common or low-entropy values, paths and plain URLs are not taken for secrets', () => {
  for (const value of ['true', '1', 'sk-test', 'us-east-1', '/tmp/ssh-XXXX/agent.123', '~/.config/key.json', 'https://api.example.com/v1', '2026-12-07T14:20:00Z', 'aaaaaaaaaaaaaaaa']) {
    assert.ok(!looksLikeSecret(value), value);
  }
  for (const value of ['gho_fixture_token_1234', 'hunter2-Correct-Horse', 'Zm9vYmFyYmF6cXV4']) assert.ok(looksLikeSecret(value), value);
});

test('the environment gives each secret with the variable it came from', () => {
  const secrets = secretsInEnvironment({ OPENAI_API_KEY: 'sk-proj-Qm9vYmFyYmF6cXV4MTIz', GH_TOKEN: 'gho_fixture_token_1234', FEATURE_TOKEN: 'true', EDITOR: 'vim-Qm9vYmFyYmF6' });
  assert.deepEqual(secrets, [
    { value: 'sk-proj-Qm9vYmFyYmF6cXV4MTIz', source: 'OPENAI_API_KEY' },
    { value: 'gho_fixture_token_1234', source: 'GH_TOKEN' },
  ]);
});

test("the CLIs' credential files give their tokens (not their ids, dates or URLs), wherever the environment puts them", async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-secrets-'));
  try {
    const write = (file: string, content: string) => {
      fs.mkdirSync(path.dirname(path.join(home, file)), { recursive: true });
      fs.writeFileSync(path.join(home, file), content);
    };
    write('.claude/.credentials.json', JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-AccessTokenValue123456', refreshToken: 'sk-ant-ort01-RefreshTokenValue98765', expiresAt: 1765000000000, scopes: ['user:inference'] } }));
    write('codex-home/auth.json', JSON.stringify({ OPENAI_API_KEY: null, tokens: { access_token: 'eyJhbGciOi.CodexAccess.Token42', refresh_token: 'rt_CodexRefreshToken_0042', account_id: 'acct-1' }, last_refresh: '2026-12-01T10:00:00Z' }));
    write('.gemini/oauth_creds.json', JSON.stringify({ access_token: 'ya29.GeminiAccessToken_00042', token_type: 'Bearer', expiry_date: 1765000000000 }));
    write('.config/gh/hosts.yml', 'github.com:\n    users:\n        dana:\n            oauth_token: ghp_PlantedHostsToken0000000000000000000001\n    git_protocol: https\n    oauth_token: ghp_PlantedHostsToken0000000000000000000001\n    user: dana\n');
    write('gh-elsewhere/hosts.yml', 'github.example.com:\n    oauth_token: "gho_EnterpriseToken7Qx2Lm9Vb4Nc8Rt1Yz5Kp3"\n');

    const secrets = await collectKnownSecrets([{ HOME: home, CODEX_HOME: path.join(home, 'codex-home'), GH_CONFIG_DIR: path.join(home, 'gh-elsewhere') }]);

    assert.deepEqual(secrets.map((secret) => [secret.source, secret.value]).sort(), [
      ['Claude Code credentials', 'sk-ant-oat01-AccessTokenValue123456'],
      ['Claude Code credentials', 'sk-ant-ort01-RefreshTokenValue98765'],
      ['Codex credentials', 'eyJhbGciOi.CodexAccess.Token42'],
      ['Codex credentials', 'rt_CodexRefreshToken_0042'],
      ['Gemini credentials', 'ya29.GeminiAccessToken_00042'],
      ['gh hosts.yml', 'gho_EnterpriseToken7Qx2Lm9Vb4Nc8Rt1Yz5Kp3'],
      ['gh hosts.yml', 'ghp_PlantedHostsToken0000000000000000000001'],
    ]);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('missing or damaged credential files are skipped', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-secrets-'));
  try {
    fs.mkdirSync(path.join(home, '.codex'));
    fs.writeFileSync(path.join(home, '.codex', 'auth.json'), '{ not json');
    assert.deepEqual(await collectKnownSecrets([{ HOME: home }]), []);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
