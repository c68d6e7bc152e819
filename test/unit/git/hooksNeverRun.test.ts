import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { collectBranchContext } from '../../../src/engine/git/branchContext';
import { createReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import type { TempRepo } from '../../fixtures/gitRepo';
import { addFeatureBranch, runGit, tempDir, tempRepo } from './gitTestSupport';

const hookNames = ['post-checkout', 'pre-commit', 'reference-transaction'];

/**
 * A repository on a feature branch whose local config points core.hooksPath at hooks committed in the
 * repository and core.fsmonitor at a script; every one of them writes a marker into `markers`.
 */
function hostileRepo(t: TestContext): { repo: TempRepo; markers: string } {
  const markers = tempDir(t, 'deep-review-markers-');
  const repo = tempRepo(t);
  addFeatureBranch(repo);
  const script = (name: string): string => `#!/bin/sh\necho "$0 $*" >> '${path.join(markers, name)}'\nexit 0\n`;
  for (const name of hookNames) repo.write({ [`hooks/${name}`]: script(name) });
  repo.write({ 'tools/fsmonitor.sh': script('fsmonitor') });
  for (const name of [...hookNames.map((hook) => `hooks/${hook}`), 'tools/fsmonitor.sh']) {
    fs.chmodSync(path.join(repo.root, name), 0o755);
  }
  repo.commitAll('add hooks');
  repo.git('config', 'core.hooksPath', 'hooks');
  repo.git('config', 'core.fsmonitor', path.join(repo.root, 'tools/fsmonitor.sh'));
  return { repo, markers };
}

/** Everything of the user's checkout we promise not to touch, read without firing hooks or fsmonitor. */
function snapshot(repo: TempRepo): Record<string, string> {
  const state: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(repo.root, full);
      if (relative === '.git') continue;
      if (entry.isDirectory()) visit(full);
      else state[`file:${relative}`] = fs.readFileSync(full).toString('base64');
    }
  };
  visit(repo.root);
  for (const name of ['HEAD', 'config', 'index']) {
    state[`.git/${name}`] = fs.readFileSync(path.join(repo.root, '.git', name)).toString('base64');
  }
  state['status'] = execFileSync(
    'git',
    ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', 'status', '--porcelain=v1', '--untracked-files=all'],
    { cwd: repo.root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_OPTIONAL_LOCKS: '0' } },
  );
  state['rev-parse HEAD'] = runGit(repo.root, 'rev-parse', 'HEAD');
  return state;
}

test('the hostile fixture’s hooks and fsmonitor do fire under plain git (control)', (t) => {
  const { repo, markers } = hostileRepo(t);
  const worktree = path.join(tempDir(t), 'wt');

  runGit(repo.root, 'status');
  runGit(repo.root, 'worktree', 'add', '--detach', worktree, 'HEAD');
  runGit(repo.root, 'commit', '-q', '--allow-empty', '-m', 'control');

  assert.deepEqual(fs.readdirSync(markers).sort(), ['fsmonitor', ...hookNames].sort());
});

test('collecting the context and creating/disposing a worktree run no hook and change nothing of the user’s', async (t) => {
  const { repo, markers } = hostileRepo(t);
  // Uncommitted edits and untracked files in the user's checkout must survive as they are.
  repo.write({ 'src/app.ts': 'export const answer = 0; // editing\n', 'notes.txt': 'draft\n' });
  const before = snapshot(repo);

  const context = await collectBranchContext({ cwd: repo.root });
  const worktree = await createReviewWorktree(repo.root, context.head);
  assert.ok(fs.existsSync(path.join(worktree.path, 'hooks/post-checkout')), 'the worktree was checked out');
  await worktree.dispose();

  assert.deepEqual(fs.readdirSync(markers), [], 'no hook or fsmonitor ran');
  assert.deepEqual(snapshot(repo), before);
});
