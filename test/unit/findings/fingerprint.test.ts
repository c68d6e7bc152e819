import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprintFinding } from '../../../src/engine/findings/fingerprint';

const base = { path: 'src/cart.ts', snippet: '  if (items.length > 0) {\n    checkout(items);\n  }\n', title: 'Checkout runs twice on retry' };

test('is 16 lowercase hex characters', () => {
  assert.match(fingerprintFinding(base), /^[0-9a-f]{16}$/);
});

test('does not change when the code only moved or was re-indented (line numbers are not part of it)', () => {
  const moved = { ...base, snippet: '\n\tif (items.length > 0) {\r\n\t\tcheckout(items);\r\n\t}' };
  assert.equal(fingerprintFinding(moved), fingerprintFinding(base));
});

test('does not change with the title’s case, punctuation or spacing', () => {
  assert.equal(fingerprintFinding({ ...base, title: '  checkout RUNS twice   on retry! ' }), fingerprintFinding(base));
});

test('changes with the file, the quoted code or the title', () => {
  const original = fingerprintFinding(base);
  assert.notEqual(fingerprintFinding({ ...base, path: 'src/basket.ts' }), original);
  assert.notEqual(fingerprintFinding({ ...base, snippet: base.snippet.replace('checkout', 'submit') }), original);
  assert.notEqual(fingerprintFinding({ ...base, title: 'Checkout runs once on retry' }), original);
});

test('keeps the case of code: identifiers that differ only in case are different code', () => {
  assert.notEqual(fingerprintFinding({ ...base, snippet: 'Checkout(items);' }), fingerprintFinding({ ...base, snippet: 'checkout(items);' }));
});
