import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPatch } from 'diff';
import type { Fix } from '../../../src/shared/findingModel';
import { renderFixDiff } from '../../../src/shared/fixDiff';

const head = Array.from({ length: 12 }, (_, index) => `line ${index + 1}`).join('\n') + '\n';
const headOf = (files: Record<string, string>) => (path: string) => files[path] ?? null;

const fix: Fix = {
  description: 'Rename line 8.',
  edits: [{ path: 'src/lines.txt', original: 'line 8\n', replacement: 'line eight\n' }],
};

test('with the HEAD text, the hunk has the file’s line numbers, three lines of context and a/ b/ headers', () => {
  const diff = renderFixDiff(fix, headOf({ 'src/lines.txt': head }));
  assert.equal(
    diff,
    ['--- a/src/lines.txt', '+++ b/src/lines.txt', '@@ -5,7 +5,7 @@', ' line 5', ' line 6', ' line 7', '-line 8', '+line eight', ' line 9', ' line 10', ' line 11'].join('\n'),
  );
});

test('the rendered diff applies to the HEAD text with a standard patch tool', () => {
  const diff = renderFixDiff(fix, headOf({ 'src/lines.txt': head }));
  assert.equal(applyPatch(head, diff), head.replace('line 8\n', 'line eight\n'));
});

test('without the HEAD text, each edit is a hunk with line numbers relative to the edit', () => {
  const twoLines: Fix = { description: 'x', edits: [{ path: 'a.ts', original: 'const a = 1;\nconst b = 2;', replacement: 'const a = 1;\nconst b = 3;' }] };
  assert.equal(renderFixDiff(twoLines), ['--- a/a.ts', '+++ b/a.ts', '@@ -1,2 +1,2 @@', ' const a = 1;', '-const b = 2;', '+const b = 3;'].join('\n'));
});

test('falls back to the relative form when the original is not in the HEAD text', () => {
  const diff = renderFixDiff(fix, headOf({ 'src/lines.txt': 'something else\n' }));
  assert.equal(diff, ['--- a/src/lines.txt', '+++ b/src/lines.txt', '@@ -1,1 +1,1 @@', '-line 8', '+line eight'].join('\n'));
});

test('shows a CRLF file without carriage returns', () => {
  const diff = renderFixDiff(fix, headOf({ 'src/lines.txt': head.replace(/\n/g, '\r\n') }));
  assert.doesNotMatch(diff, /\r/);
  assert.match(diff, /^@@ -5,7 \+5,7 @@$/m);
});

test('puts several edits of one file in one patch and gives each file its own headers', () => {
  const multi: Fix = {
    description: 'Rename two lines and the doc.',
    edits: [
      { path: 'src/lines.txt', original: 'line 2\n', replacement: 'line two\n' },
      { path: 'docs/readme.md', original: 'Old name', replacement: 'New name' },
      { path: 'src/lines.txt', original: 'line 11\n', replacement: 'line eleven\n' },
    ],
  };
  const diff = renderFixDiff(multi, headOf({ 'src/lines.txt': head, 'docs/readme.md': '# Tool\n\nOld name here.\n' }));
  assert.deepEqual(diff.match(/^--- .*$/gm), ['--- a/src/lines.txt', '--- a/docs/readme.md']);
  assert.deepEqual(diff.match(/^@@.*$/gm), ['@@ -1,5 +1,5 @@', '@@ -8,5 +8,5 @@', '@@ -1,3 +1,3 @@']);
  assert.match(diff, /^-Old name here\.\n\+New name here\.$/m);
});

test('an edit that changes nothing renders no diff', () => {
  assert.equal(renderFixDiff({ description: 'noop', edits: [{ path: 'a.ts', original: 'x\n', replacement: 'x\n' }] }), '');
});
