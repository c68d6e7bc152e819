import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectBranchContext } from '../../../src/engine/git/branchContext';
import { addFeatureBranch, addOrigin, expectReviewError, tempRepo } from './gitTestSupport';

test('an explicit base branch wins over main', async (t) => {
  const repo = tempRepo(t);
  repo.branch('develop');
  repo.write({ 'dev.txt': 'develop work\n' });
  const developHead = repo.commitAll('develop work');
  addFeatureBranch(repo);

  const context = await collectBranchContext({ cwd: repo.root, baseBranch: 'develop' });

  assert.equal(context.base, 'develop');
  assert.equal(context.mergeBase, developHead);
  assert.equal(context.commits.length, 2, 'the develop commit is not part of the branch');
});

test('an explicit base given as origin/<name> uses the remote-tracking branch', async (t) => {
  const repo = tempRepo(t);
  addOrigin(t, repo);
  addFeatureBranch(repo);

  const context = await collectBranchContext({ cwd: repo.root, baseBranch: 'origin/main' });

  assert.equal(context.base, 'origin/main');
});

test('an explicit base missing locally falls back to origin/<name>', async (t) => {
  const repo = tempRepo(t);
  addOrigin(t, repo);
  addFeatureBranch(repo);
  repo.git('branch', '-D', 'main');

  const context = await collectBranchContext({ cwd: repo.root, baseBranch: 'main' });

  assert.equal(context.base, 'origin/main');
  assert.equal(context.commits.length, 2);
});

test("without a setting, origin's default branch (origin/HEAD) is the base", async (t) => {
  const repo = tempRepo(t);
  repo.branch('develop');
  repo.write({ 'dev.txt': 'develop work\n' });
  const developHead = repo.commitAll('develop work');
  addOrigin(t, repo);
  repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/develop');
  addFeatureBranch(repo);

  const context = await collectBranchContext({ cwd: repo.root });

  assert.equal(context.base, 'origin/develop');
  assert.equal(context.mergeBase, developHead);
});

test('without main, master is the base', async (t) => {
  const repo = tempRepo(t);
  repo.git('branch', '-m', 'main', 'master');
  addFeatureBranch(repo);

  const context = await collectBranchContext({ cwd: repo.root });

  assert.equal(context.base, 'master');
});

test('with only origin/main (no local main, no origin/HEAD), origin/main is the base', async (t) => {
  const repo = tempRepo(t);
  addOrigin(t, repo);
  addFeatureBranch(repo);
  repo.git('branch', '-D', 'main');
  assert.throws(() => repo.git('symbolic-ref', '-q', 'refs/remotes/origin/HEAD'), 'the fixture has no origin/HEAD');

  const context = await collectBranchContext({ cwd: repo.root });

  assert.equal(context.base, 'origin/main');
});

test('an explicit base that does not exist is base-not-found, naming it and the setting', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);

  const error = await expectReviewError(collectBranchContext({ cwd: repo.root, baseBranch: 'release' }), 'base-not-found');

  assert.match(error.message, /'release' not found \(tried release, origin\/release\)/);
  assert.match(error.hint ?? '', /deepReview\.baseBranch/);
});

test('revision syntax in the base setting is not accepted as a branch', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);

  await expectReviewError(collectBranchContext({ cwd: repo.root, baseBranch: 'feature~2' }), 'base-not-found');
});

test('with no base candidate at all, base-not-found lists what was tried', async (t) => {
  const repo = tempRepo(t);
  repo.git('branch', '-m', 'main', 'trunk');
  addFeatureBranch(repo);

  const error = await expectReviewError(collectBranchContext({ cwd: repo.root }), 'base-not-found');

  assert.match(error.message, /tried origin\/HEAD, main, master, origin\/main, origin\/master/);
  assert.match(error.hint ?? '', /deepReview\.baseBranch/);
});

test('on main with no other base, main is never its own base', async (t) => {
  const repo = tempRepo(t);
  repo.write({ 'more.txt': 'more\n' });
  repo.commitAll('second commit on main');

  const error = await expectReviewError(collectBranchContext({ cwd: repo.root }), 'base-not-found');

  assert.match(error.message, /'main' is the branch being reviewed/);
  assert.match(error.hint ?? '', /check out the branch you want to review/);
});

test('an explicit base equal to the current branch is refused', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);

  const error = await expectReviewError(collectBranchContext({ cwd: repo.root, baseBranch: 'feature' }), 'base-not-found');

  assert.match(error.message, /is the branch being reviewed/);
});
