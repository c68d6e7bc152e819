import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { claudeEnvironmentSpec } from '../../../src/engine/agents/claude/claudeEnvironment';
import { codexReviewerEnvironment } from '../../../src/engine/agents/codex/codexEnvironment';
import { geminiCheckEnvironment } from '../../../src/engine/agents/gemini/geminiEnvironment';
import { loadSecretRedactor } from '../../../src/engine/redaction/secretRedactor';
import { environmentWithStoredKey, storedKeysAsVariables, type StoredApiKeys } from '../../../src/shared/storedApiKeys';

const keys: StoredApiKeys = { claude: 'sk-ant-stored-7Qx2LmP9vR4t', codex: 'sk-proj-stored-Hn3Kw8Zq1Ya6', gemini: 'AIzaStored-Ux5Tb2Rc7Jm0' };
const base = { PATH: '/usr/bin', HOME: '/home/u' };

test('each CLI\'s environment gets its own stored key as its key variable, and no other CLI\'s', () => {
  const claude = agentEnvironment(environmentWithStoredKey(base, 'claude', keys), claudeEnvironmentSpec);
  const codex = codexReviewerEnvironment(environmentWithStoredKey(base, 'codex', keys), {});
  const gemini = geminiCheckEnvironment(environmentWithStoredKey(base, 'gemini', keys));
  assert.equal(claude.ANTHROPIC_API_KEY, keys.claude);
  assert.equal(codex.CODEX_API_KEY, keys.codex);
  assert.equal(gemini.GEMINI_API_KEY, keys.gemini);
  for (const [env, own] of [[claude, keys.claude], [codex, keys.codex], [gemini, keys.gemini]] as const) {
    const others = Object.values(keys).filter((key) => key !== own);
    assert.deepEqual(Object.values(env).filter((value) => others.includes(value)), []);
  }
});

test('without a stored key the environment is left as it is', () => {
  assert.equal(environmentWithStoredKey(base, 'codex', { claude: 'x' }), base);
  assert.equal(environmentWithStoredKey(base, 'codex', undefined), base);
});

test('the redactor knows the stored keys, so no report, log or error carries one', async () => {
  const text0 = `claude said ${keys.claude}`;
  // Control: a key that is only in SecretStorage is unknown to a redactor made from the environment alone.
  assert.equal((await loadSecretRedactor(base)).redactText(text0), text0);
  const redactor = await loadSecretRedactor({ ...base, ...storedKeysAsVariables(keys) });
  const text = `claude said ${keys.claude}, codex ${keys.codex}, gemini ${keys.gemini}`;
  const redacted = redactor.redactText(text);
  for (const key of Object.values(keys)) assert.equal(redacted.includes(key), false, redacted);
});
