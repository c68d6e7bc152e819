import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { collectBranchContext } from '../../../src/engine/git/branchContext';
import { createReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import { snapshotWorkingTree, type TempRepo } from '../../fixtures/gitRepo';
import { runGit, tempDir, tempRepo } from './gitTestSupport';

/**
 * The user's .git/config defines filter, diff and merge drivers and an external diff, each a program
 * that leaves a marker; the branch's .gitattributes sends every file through them.
 */
function repoWithDriverPrograms(t: TestContext): { repo: TempRepo; markers: string } {
  const markers = tempDir(t, 'deep-review-markers-');
  const repo = tempRepo(t, { 'app.txt': 'one\n' });
  repo.branch('feature');
  repo.write({ '.gitattributes': '* filter=evil diff=evil merge=evil\nlong.txt filter=longrunning\n', 'app.txt': 'two\n', 'long.txt': 'long\n' });
  repo.commitAll('attributes');
  const program = (name: string, then: string): string => `sh -c 'echo ran >> "${path.join(markers, name)}"; ${then}' -`;
  repo.git('config', 'filter.evil.smudge', program('smudge', 'cat'));
  repo.git('config', 'filter.evil.clean', program('clean', 'cat'));
  repo.git('config', 'filter.evil.required', 'true');
  repo.git('config', 'filter.longrunning.process', program('process', 'exit 1'));
  repo.git('config', 'diff.evil.textconv', program('textconv', 'cat "$1"'));
  repo.git('config', 'diff.evil.command', program('diff-command', 'true'));
  repo.git('config', 'diff.external', program('diff-external', 'true'));
  repo.git('config', 'merge.evil.driver', program('merge-driver', 'true'));
  return { repo, markers };
}

test('the driver programs do run under plain git diff and worktree add (control)', (t) => {
  const { repo, markers } = repoWithDriverPrograms(t);

  // Each of them fails too (the long-running filter does not speak its protocol): running is the point.
  for (const args of [['diff', 'main', 'feature'], ['diff', '--no-ext-diff', 'main', 'feature'], ['worktree', 'add', '--detach', path.join(tempDir(t), 'wt'), 'feature']]) {
    assert.throws(() => runGit(repo.root, ...args), /hung up|failed|died/);
  }

  const ran = fs.readdirSync(markers);
  for (const name of ['smudge', 'process', 'textconv', 'diff-command']) assert.ok(ran.includes(name), `${name} ran: ${ran.join(', ')}`);
});

test('collecting the context runs no filter, textconv, diff or merge program, and changes nothing of the user’s', async (t) => {
  const { repo, markers } = repoWithDriverPrograms(t);
  const before = snapshotWorkingTree(repo.root);

  const context = await collectBranchContext({ cwd: repo.root });

  assert.deepEqual(fs.readdirSync(markers), []);
  assert.deepEqual(
    context.files.map((file) => file.path),
    ['.gitattributes', 'app.txt', 'long.txt'],
  );
  assert.match(context.patch, /^-one\n\+two$/m, 'the diff is of the stored text');
  assert.deepEqual(snapshotWorkingTree(repo.root), before);
});

test('the review worktree is checked out and removed without any filter program, holding the stored bytes', async (t) => {
  const { repo, markers } = repoWithDriverPrograms(t);
  const before = snapshotWorkingTree(repo.root);

  const worktree = await createReviewWorktree(repo.root, repo.git('rev-parse', 'HEAD'));
  const content = ['app.txt', 'long.txt'].map((name) => fs.readFileSync(path.join(worktree.path, name), 'utf8'));
  await worktree.dispose();

  assert.deepEqual(fs.readdirSync(markers), []);
  assert.deepEqual(content, ['two\n', 'long\n']);
  assert.equal(fs.existsSync(worktree.path), false);
  assert.deepEqual(snapshotWorkingTree(repo.root), before);
});

test('the worktree names the settings that switch the filter drivers off, for the git processes run in it', async (t) => {
  const { repo } = repoWithDriverPrograms(t);

  const worktree = await createReviewWorktree(repo.root, repo.git('rev-parse', 'HEAD'));
  t.after(() => worktree.dispose());

  const settings = new Map(worktree.gitConfig);
  for (const driver of ['evil', 'longrunning']) {
    for (const [name, value] of [['smudge', ''], ['clean', ''], ['process', ''], ['required', 'false']]) {
      assert.equal(settings.get(`filter.${driver}.${name}`), value, `filter.${driver}.${name}`);
    }
  }
});
