import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import { addFeatureBranch, expectReviewError, runGit, tempRepo } from './gitTestSupport';

function worktreePaths(repoRoot: string): string[] {
  return runGit(repoRoot, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
}

test('the worktree is a detached checkout of exactly the requested commit', async (t) => {
  const repo = tempRepo(t);
  const [first] = addFeatureBranch(repo);

  const worktree = await createReviewWorktree(repo.root, first);
  t.after(() => worktree.dispose());

  assert.ok(path.basename(worktree.path).startsWith('deep-review-wt-'));
  assert.equal(path.dirname(worktree.path), fs.realpathSync(os.tmpdir()));
  assert.equal(runGit(worktree.path, 'rev-parse', 'HEAD'), first);
  assert.equal(runGit(worktree.path, 'rev-parse', '--abbrev-ref', 'HEAD'), 'HEAD', 'HEAD is detached');
  assert.equal(fs.readFileSync(path.join(worktree.path, 'src/app.ts'), 'utf8'), 'export const answer = 42;\n');
  assert.equal(fs.existsSync(path.join(worktree.path, 'src/lib.ts')), false, 'a later commit’s file is absent');
  assert.ok(worktreePaths(repo.root).includes(worktree.path));
  assert.equal(runGit(repo.root, 'rev-parse', '--abbrev-ref', 'HEAD'), 'feature', "the user's HEAD stays on the branch");
});

test('dispose removes the folder and git forgets the worktree; a second dispose is harmless', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);
  const worktree = await createReviewWorktree(repo.root, 'HEAD');
  fs.writeFileSync(path.join(worktree.path, 'agent-scratch.txt'), 'left behind by an agent\n');

  await worktree.dispose();
  await worktree.dispose();

  assert.equal(fs.existsSync(worktree.path), false);
  assert.ok(!worktreePaths(repo.root).includes(worktree.path));
  assert.deepEqual(worktreePaths(repo.root), [repo.root]);
});

test('dispose still cleans up when the folder was already deleted behind git’s back', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);
  const worktree = await createReviewWorktree(repo.root, 'HEAD');
  fs.rmSync(worktree.path, { recursive: true, force: true });

  await worktree.dispose();

  assert.deepEqual(worktreePaths(repo.root), [repo.root]);
});

test('a head that is not a commit is git-failed, naming it', async (t) => {
  const repo = tempRepo(t);

  const error = await expectReviewError(createReviewWorktree(repo.root, 'no-such-branch'), 'git-failed');

  assert.match(error.message, /'no-such-branch' is not a commit/);
  assert.deepEqual(worktreePaths(repo.root), [repo.root]);
});

test('symlinks of the branch are checked out as plain files holding their target, so no tool can follow them out', async (t) => {
  const repo = tempRepo(t);
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-outside-'));
  t.after(() => { fs.rmSync(outside, { recursive: true, force: true }); });
  fs.writeFileSync(path.join(outside, 'id_rsa'), 'PRIVATE KEY\n');
  fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(repo.root, 'key'));
  fs.symlinkSync(outside, path.join(repo.root, 'home'));
  const head = repo.commitAll('Links out of the repository');

  const worktree = await createReviewWorktree(repo.root, head);
  t.after(() => worktree.dispose());

  for (const [name, target] of [['key', path.join(outside, 'id_rsa')], ['home', outside]] as const) {
    const file = path.join(worktree.path, name);
    assert.equal(fs.lstatSync(file).isSymbolicLink(), false, `${name} is not a link`);
    assert.equal(fs.readFileSync(file, 'utf8'), target);
  }
  assert.equal(fs.existsSync(path.join(worktree.path, 'home', 'id_rsa')), false);
  assert.equal(runGit(worktree.path, '-c', 'core.symlinks=false', 'status', '--porcelain'), '', 'git in the worktree sees no change');
  assert.throws(() => runGit(repo.root, 'config', '--local', '--get', 'core.symlinks'), 'the repository’s own config is not changed');
});
