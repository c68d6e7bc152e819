import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSafeRepoPath, repoPathSchema } from '../../../src/shared/findingModel';

test('repository-relative paths are accepted, including spaces and unicode', () => {
  for (const path of ['src/app.ts', 'docs/my notes/ünïcode.md', '.github/workflows/ci.yml', 'a/..b/c']) assert.ok(isSafeRepoPath(path), path);
});

test('absolute paths, drive letters and ".." segments are refused', () => {
  for (const path of ['/etc/passwd', '\\\\server\\share', 'C:/Windows', '../outside', 'src/../../x', 'src\\..\\x', 'a\0b']) {
    assert.equal(isSafeRepoPath(path), false, path);
    assert.equal(repoPathSchema.safeParse(path).success, false, path);
  }
});
