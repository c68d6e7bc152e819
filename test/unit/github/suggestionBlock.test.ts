import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDiffRightLines } from '../../../src/engine/github/diffRightLines';
import { findingMarker, markedFingerprint } from '../../../src/engine/github/inlineCommentBody';
import { applySuggestion, suggestedLines, suggestionBlock } from '../../../src/engine/github/suggestionBlock';

const text = 'a\n  b\n  c\nd\n';
const edit = (find: string, newText: string, from = 0) => {
  const startOffset = text.indexOf(find, from);
  return { path: 'f', startOffset, endOffset: startOffset + find.length, newText };
};

test('a fix inside the comment lines becomes their new text, and committing it equals applying the fix', () => {
  assert.equal(suggestedLines(text, 2, 3, [edit('b', 'B'), edit('c', 'C')]), '  B\n  C');
  assert.equal(suggestedLines(text, 2, 2, [edit('  b\n', '  b1\n  b2\n')]), '  b1\n  b2');
  assert.equal(applySuggestion(text, 2, 2, '  b1\n  b2'), 'a\n  b1\n  b2\n  c\nd\n');
});

test('deleting the lines is an empty suggestion; a fix reaching past the lines, joining them with the next one or on CR lines gets none', () => {
  assert.equal(suggestedLines(text, 2, 3, [edit('  b\n  c\n', '')]), '');
  assert.equal(suggestionBlock(''), '```suggestion\n```');
  assert.equal(suggestedLines(text, 2, 2, [edit('c', 'C')]), null, 'edits line 3');
  assert.equal(suggestedLines(text, 2, 2, [edit('b\n', 'b')]), null, 'joins line 2 with line 3');
  assert.equal(suggestedLines('a\r\nb\r\n', 1, 1, [{ path: 'f', startOffset: 0, endOffset: 1, newText: 'A' }]), null);
  assert.equal(suggestedLines(text, 3, 9, [edit('c', 'C')]), null, 'lines past the end');
});

test('the suggestion fence is longer than any backtick run of the code', () => {
  assert.equal(suggestionBlock('const s = ```x```;'), '````suggestion\nconst s = ```x```;\n````');
});

test('diff hunks give the right-side lines per new path; deleted files and empty hunks give none', () => {
  const patch = [
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -1,3 +1,4 @@ export',
    '@@ -40 +41 @@',
    'diff --git a/old.ts b/old.ts',
    '--- a/old.ts',
    '+++ /dev/null',
    '@@ -1,2 +0,0 @@',
    'diff --git a/b.ts b/b.ts',
    '--- a/b.ts',
    '+++ b/b.ts',
    '@@ -5,2 +4,0 @@',
  ].join('\n');
  assert.deepEqual(parseDiffRightLines(patch), new Map([['src/a.ts', [[1, 4], [41, 41]]]]));
});

test('only a hex fingerprint at the very start of a body marks a comment as a finding of ours', () => {
  assert.equal(markedFingerprint(`${findingMarker('0123abcd')}\ntext`), '0123abcd');
  assert.equal(markedFingerprint(`quote: ${findingMarker('0123abcd')}`), null);
  assert.equal(markedFingerprint('<!-- deep-review:finding v1 --><b> -->'), null);
  assert.throws(() => findingMarker('--><img>'), /Unexpected fingerprint/);
});
