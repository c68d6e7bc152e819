import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretRedactor } from '../../../src/engine/redaction/secretRedactor';

// Token shapes alone (no known values): what must be redacted, and code under review that must stay as it is.
const shapes = new SecretRedactor([]);

/** Concatenated, so this file holds no token-shaped string for secret scanners to flag. */
const join = (...parts: string[]): string => parts.join('');
const letters = (length: number, seed = 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z') => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);

const secrets: Array<[string, string]> = [
  ['GitHub token', join('gh', 'p', '_', letters(36))],
  ['GitHub token', join('gh', 'o', '_', letters(36))],
  ['GitHub token', join('gh', 's', '_', letters(36))],
  ['GitHub token', join('github_', 'pat', '_', letters(22), '_', letters(59))],
  ['AWS access key id', join('AKIA', 'IOSFODNN7EXAMPLE')],
  ['Anthropic key', join('sk-', 'ant', '-api03-', letters(90))],
  ['OpenAI key', join('sk-', 'proj', '-', letters(80))],
  ['OpenAI key', `sk-${letters(48)}`],
  ['Google API key', join('AI', 'za', 'Sy', letters(33))],
  ['Google OAuth token', join('ya', '29', '.', letters(60))],
  ['Slack token', join('xo', 'xb', '-1234567890-', letters(24))],
  ['Stripe key', join('sk_', 'live', '_', letters(24))],
  ['npm token', join('np', 'm', '_', letters(36))],
  ['JWT', join('ey', 'J', 'hbGciOiJIUzI1NiJ9.ey', 'J', 'zdWIiOiIxMjM0NTY3ODkwIn0.', letters(43))],
  ['private key', join('-----BEGIN ', 'OPENSSH', ' PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END ', 'OPENSSH', ' PRIVATE KEY-----')],
];

for (const [label, secret] of secrets) {
  test(`a ${label} is redacted wherever it appears in a text`, () => {
    const result = shapes.redact(`token = "${secret}"; // leaked`);
    assert.equal(result.text, `token = "[REDACTED ${label}]"; // leaked`);
    assert.deepEqual(result.found, [label]);
  });
}

test('a private key block cut off before its END line is still redacted, as in a JSON-escaped transcript', () => {
  const text = join('{"output":"-----BEGIN ', 'RSA', ' PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7x\\nQ2hlY2sK"}');
  assert.equal(shapes.redact(text).text, '{"output":"[REDACTED private key]"}');
});

// Code a reviewer quotes as a snippet: redacting any of it would break the finding's anchor.
const ordinaryCode = [
  'const sk_learn_compatible_wrapper = require("sk-learn-compatible-wrapper-for-models");',
  'export const githubTokenEnv = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;',
  'const token = req.headers.authorization?.replace(/^Bearer /, "");',
  '"integrity": "sha512-3Yp7Ag2UxxY3+Yq1Zxd4jkDbbEMtsT6AmuWyqF5mj5Sbqcpn6yhOpkxwv+5Z6y8AeV6NY5VnGUaCc3N9PxbSzA=="',
  'commit 9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d',
  'const id = "123e4567-e89b-12d3-a456-426614174000";',
  'if (key.startsWith("sk-ant-")) return "anthropic";',
  'const AKIA_PREFIX = "AKIA";',
  'const header = "-----BEGIN PUBLIC KEY-----";',
  'await fetch(`https://api.github.com/repos/${owner}/${repo}/pulls`);',
];

test('ordinary code, identifiers, hashes and lockfile integrity strings are left as they are', () => {
  for (const line of ordinaryCode) {
    const result = shapes.redact(line);
    assert.equal(result.text, line);
    assert.deepEqual(result.found, []);
  }
});
