import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectBranchContext } from '../../../src/engine/git/branchContext';
import { addFeatureBranch, expectReviewError, tempDir, tempRepo } from './gitTestSupport';

test('a folder outside any repository is not-a-git-repo', async (t) => {
  const folder = tempDir(t);

  const error = await expectReviewError(collectBranchContext({ cwd: folder }), 'not-a-git-repo');

  assert.match(error.message, /not inside a git repository/);
});

test('a folder that does not exist is not-a-git-repo', async (t) => {
  const folder = tempDir(t);

  await expectReviewError(collectBranchContext({ cwd: `${folder}/missing` }), 'not-a-git-repo');
});

test('a detached HEAD is detached-head, with a hint to check out a branch', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);
  repo.git('checkout', '-q', '--detach', 'HEAD');

  const error = await expectReviewError(collectBranchContext({ cwd: repo.root }), 'detached-head');

  assert.match(error.hint ?? '', /check out the branch/i);
});

test('a branch with no history in common with the base is no-merge-base, mentioning shallow clones', async (t) => {
  const repo = tempRepo(t);
  repo.git('checkout', '-q', '--orphan', 'lonely');
  repo.write({ 'other.txt': 'unrelated\n' });
  repo.commitAll('unrelated root');

  const error = await expectReviewError(collectBranchContext({ cwd: repo.root }), 'no-merge-base');

  assert.match(error.message, /'lonely' and 'main'/);
  assert.match(error.hint ?? '', /git fetch --unshallow/);
});

test('a branch without commits over its base is no-commits-ahead', async (t) => {
  const repo = tempRepo(t);
  repo.branch('feature');
  repo.write({ 'wip.txt': 'not committed\n' });

  const error = await expectReviewError(collectBranchContext({ cwd: repo.root }), 'no-commits-ahead');

  assert.match(error.message, /'feature' has no commits ahead of 'main'/);
});

test('a branch already merged into its base is no-commits-ahead', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);
  repo.git('checkout', '-q', 'main');
  repo.git('merge', '-q', '--ff-only', 'feature');
  repo.git('checkout', '-q', 'feature');

  await expectReviewError(collectBranchContext({ cwd: repo.root }), 'no-commits-ahead');
});
