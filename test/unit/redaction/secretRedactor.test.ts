import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretRedactor } from '../../../src/engine/redaction/secretRedactor';

const key = 'Qm9vYmFy-OpenAiLikeKeyValue-0042';
const redactor = new SecretRedactor([{ value: key, source: 'OPENAI_API_KEY' }]);

test('the exact value of a known secret is redacted whatever its shape, and named by where it came from', () => {
  const result = redactor.redact(`The reviewer ran env and saw OPENAI_API_KEY=${key} twice: ${key}`);
  assert.equal(result.text, 'The reviewer ran env and saw OPENAI_API_KEY=[REDACTED OPENAI_API_KEY] twice: [REDACTED OPENAI_API_KEY]');
  assert.deepEqual(result.found, ['OPENAI_API_KEY']);
});

test('the value is redacted when an agent prints it base64-encoded, at any position in what it encoded', () => {
  for (const encoded of [
    Buffer.from(key).toString('base64'),
    Buffer.from(`${key}\n`).toString('base64'),
    Buffer.from(`OPENAI_API_KEY=${key}`).toString('base64'),
    Buffer.from(`x${key}y`).toString('base64url'),
  ]) {
    const result = redactor.redact(`encoded: ${encoded}`);
    assert.deepEqual(result.found, ['OPENAI_API_KEY'], encoded);
    assert.match(result.text, /\[REDACTED OPENAI_API_KEY\]/);
    assert.ok(!Buffer.from(result.text.replace('encoded: ', ''), 'base64').toString('latin1').includes(key));
  }
});

test('a value with characters JSON escapes is redacted from a JSON transcript', () => {
  const quoted = new SecretRedactor([{ value: 'pa"ss\\word-Zk42-Qx', source: 'DB_PASSWORD' }]);
  const line = JSON.stringify({ output: 'DB_PASSWORD=pa"ss\\word-Zk42-Qx' });
  assert.equal(quoted.redactText(line), '{"output":"DB_PASSWORD=[REDACTED DB_PASSWORD]"}');
});

test('text without secrets comes back unchanged, with nothing found', () => {
  const text = 'const total = items.reduce((sum, item) => sum + item.price, 0);';
  assert.deepEqual(redactor.redact(text), { text, found: [] });
});
