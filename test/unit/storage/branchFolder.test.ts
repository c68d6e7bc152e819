import assert from 'node:assert/strict';
import { test } from 'node:test';
import { branchFolderName } from '../../../src/engine/storage/branchFolder';

test('branch folders are readable, safe names', () => {
  assert.match(branchFolderName('feature/refund-batches'), /^feature-refund-batches-[0-9a-f]{12}$/);
  assert.match(branchFolderName('../../etc'), /^etc-[0-9a-f]{12}$/);
  assert.match(branchFolderName('..'), /^branch-[0-9a-f]{12}$/);
  assert.match(branchFolderName('fix/ünïcode and spaces'), /^fix-n-code-and-spaces-[0-9a-f]{12}$/);
  assert.ok(branchFolderName(`feature/${'x'.repeat(300)}`).length <= 73);
});

test('branches whose names differ only in punctuation or case get different folders', () => {
  const names = ['feat/a', 'feat-a', 'feat_a', 'Feat/A', 'feat/a/', 'feat//a'];
  const folders = names.map(branchFolderName);
  assert.equal(new Set(folders.map((folder) => folder.toLowerCase())).size, names.length);
});

test('the same branch always gets the same folder', () => {
  assert.equal(branchFolderName('main'), branchFolderName('main'));
});
