import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capPatch, parseNumstat } from '../../../src/engine/git/branchChanges';
import { repoNameFromRemoteUrl } from '../../../src/engine/git/repoName';

test('numstat -z: plain, binary and renamed entries, including tabs and newlines in names', () => {
  const output = ['3\t1\tsrc/a.ts', '-\t-\timg/logo.png', '2\t2\t', 'old\tname.txt', 'new\nname.txt', '0\t5\tgone.md', ''].join('\0');

  assert.deepEqual(parseNumstat(output), [
    { path: 'src/a.ts', additions: 3, deletions: 1, previousPath: null },
    { path: 'img/logo.png', additions: null, deletions: null, previousPath: null },
    { path: 'new\nname.txt', additions: 2, deletions: 2, previousPath: 'old\tname.txt' },
    { path: 'gone.md', additions: 0, deletions: 5, previousPath: null },
  ]);
});

test('numstat of an empty diff is no files', () => {
  assert.deepEqual(parseNumstat(''), []);
});

test('capPatch keeps a patch within budget untouched and cuts a longer one after a whole line', () => {
  assert.deepEqual(capPatch('a\nb\n', 4), { patch: 'a\nb\n', patchTruncated: false });
  assert.deepEqual(capPatch('aa\nbb\ncc\n', 7), { patch: 'aa\nbb\n', patchTruncated: true });
  assert.deepEqual(capPatch('é\né\n', 4), { patch: 'é\n', patchTruncated: true }, 'the budget counts UTF-8 bytes');
});

test('repoName from hosted remote URLs, never with credentials', () => {
  assert.equal(repoNameFromRemoteUrl('https://github.com/acme/widgets.git'), 'acme/widgets');
  assert.equal(repoNameFromRemoteUrl('https://user:s3cret@github.com/acme/widgets'), 'acme/widgets');
  assert.equal(repoNameFromRemoteUrl('git@github.com:acme/widgets.git'), 'acme/widgets');
  assert.equal(repoNameFromRemoteUrl('ssh://git@gitlab.example.com:2222/group/sub/tool.git/'), 'group/sub/tool');
});

test('repoName is not taken from local paths', () => {
  assert.equal(repoNameFromRemoteUrl('/srv/git/widgets.git'), null);
  assert.equal(repoNameFromRemoteUrl('file:///srv/git/widgets.git'), null);
  assert.equal(repoNameFromRemoteUrl('../widgets'), null);
  assert.equal(repoNameFromRemoteUrl('C:\\repos\\widgets'), null);
});
