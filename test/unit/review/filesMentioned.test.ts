import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesMentioned } from '../../../src/engine/review/filesMentioned';

const changed = ['src/price.js', 'src/cart.js', 'README.md', 'src/price.json'];

test('a changed file counts when a tool call names it: read, grep, git diff -- path, cat', () => {
  const details = ['src/price.js', 'git diff --no-ext-diff main HEAD -- src/cart.js', 'rg -n discount ./README.md'];
  assert.deepEqual(filesMentioned(changed, details), ['src/price.js', 'src/cart.js', 'README.md']);
});

test('a path inside a longer name does not count, nor does a whole-branch diff', () => {
  assert.deepEqual(filesMentioned(changed, ['cat src/price.json', 'git diff main...HEAD']), ['src/price.json']);
  assert.deepEqual(filesMentioned(changed, ['lib/src/price.jsx']), []);
});

test('no tool calls, no files', () => {
  assert.deepEqual(filesMentioned(changed, []), []);
});
