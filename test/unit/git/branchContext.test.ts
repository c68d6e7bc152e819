import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { collectBranchContext } from '../../../src/engine/git/branchContext';
import { addFeatureBranch, runGit, tempDir, tempRepo } from './gitTestSupport';

test('a branch with two commits over main: branch, base, merge-base, commits, files, totals and patch', async (t) => {
  const repo = tempRepo(t);
  const mainHead = repo.git('rev-parse', 'HEAD');
  const [first, second] = addFeatureBranch(repo);

  const context = await collectBranchContext({ cwd: repo.root });

  assert.equal(context.repoRoot, repo.root);
  assert.equal(context.repoName, path.basename(repo.root));
  assert.equal(context.branch, 'feature');
  assert.equal(context.base, 'main');
  assert.equal(context.mergeBase, mainHead);
  assert.equal(context.head, second);
  assert.deepEqual(context.commits, [
    { hash: first.slice(0, context.commits[0]?.hash.length), author: 'Deep Review Test', subject: 'add app', body: '' },
    { hash: second.slice(0, context.commits[1]?.hash.length), author: 'Deep Review Test', subject: 'add lib', body: 'Doubles numbers.\nNo overflow check yet.' },
  ]);
  assert.ok(context.commits.every((commit) => commit.hash.length >= 7));
  assert.deepEqual(
    [...context.files].sort((a, b) => a.path.localeCompare(b.path)),
    [
      { path: 'README.md', additions: 1, deletions: 0, previousPath: null },
      { path: 'src/app.ts', additions: 1, deletions: 0, previousPath: null },
      { path: 'src/lib.ts', additions: 3, deletions: 0, previousPath: null },
    ],
  );
  assert.equal(context.additions, 5);
  assert.equal(context.deletions, 0);
  assert.match(context.patch, /^diff --git a\/src\/app\.ts b\/src\/app\.ts$/m);
  assert.match(context.patch, /^\+export const answer = 42;$/m);
  assert.equal(context.patchTruncated, false);
  assert.equal(context.gitDir, path.join(repo.root, '.git'));
  assert.equal(context.commonDir, path.join(repo.root, '.git'));
});

test('uncommitted changes are not part of the context', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);
  repo.write({ 'src/app.ts': 'export const answer = 43;\n', 'scratch.txt': 'notes\n' });

  const context = await collectBranchContext({ cwd: repo.root });

  assert.deepEqual(context.files.map((file) => file.path).sort(), ['README.md', 'src/app.ts', 'src/lib.ts']);
  assert.doesNotMatch(context.patch, /43|scratch/);
});

test('cwd in a subfolder resolves the repository root and repo-relative paths', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);

  const context = await collectBranchContext({ cwd: path.join(repo.root, 'src') });

  assert.equal(context.repoRoot, repo.root);
  assert.ok(context.files.some((file) => file.path === 'README.md'), 'paths outside the subfolder are included');
  assert.ok(context.files.some((file) => file.path === 'src/app.ts'), 'paths are relative to the repository root');
  assert.match(context.patch, /^diff --git a\/README\.md b\/README\.md$/m);
});

test('in a linked worktree, gitDir is the worktree’s and commonDir the shared one', async (t) => {
  const repo = tempRepo(t);
  const linked = path.join(tempDir(t), 'linked');
  repo.git('worktree', 'add', '-q', '-b', 'side', linked);
  fs.writeFileSync(path.join(linked, 'side.txt'), 'side work\n');
  runGit(linked, 'add', 'side.txt');
  runGit(linked, 'commit', '-q', '--no-verify', '-m', 'side work');

  const context = await collectBranchContext({ cwd: linked });

  assert.equal(context.repoRoot, linked);
  assert.equal(context.branch, 'side');
  assert.equal(context.gitDir, path.join(repo.root, '.git', 'worktrees', 'linked'));
  assert.equal(context.commonDir, path.join(repo.root, '.git'));
  assert.deepEqual(context.commits.map((commit) => commit.subject), ['side work']);
});

test('a binary file has null line counts and does not count in the totals', async (t) => {
  const repo = tempRepo(t, { 'README.md': '# sample\n', 'logo.bin': Buffer.from([0, 1, 2, 3, 0, 255]) });
  repo.branch('feature');
  repo.write({ 'logo.bin': Buffer.from([0, 9, 8, 7, 0, 254, 1]), 'notes.txt': 'one\ntwo\n' });
  repo.commitAll('new logo');

  const context = await collectBranchContext({ cwd: repo.root });

  assert.deepEqual(
    context.files.find((file) => file.path === 'logo.bin'),
    { path: 'logo.bin', additions: null, deletions: null, previousPath: null },
  );
  assert.equal(context.additions, 2);
  assert.equal(context.deletions, 0);
  assert.match(context.patch, /^Binary files a\/logo\.bin and b\/logo\.bin differ$/m);
});

test('a renamed file reports its previous path and only the changed lines', async (t) => {
  const body = Array.from({ length: 20 }, (_, index) => `line ${index}`).join('\n') + '\n';
  const repo = tempRepo(t, { 'src/old.ts': body });
  repo.branch('feature');
  fs.rmSync(path.join(repo.root, 'src/old.ts'));
  repo.write({ 'src/new.ts': body.replace('line 3\n', 'line three\n') });
  repo.commitAll('rename old to new');

  const context = await collectBranchContext({ cwd: repo.root });

  assert.deepEqual(context.files, [{ path: 'src/new.ts', additions: 1, deletions: 1, previousPath: 'src/old.ts' }]);
  assert.match(context.patch, /^rename from src\/old\.ts$/m);
  assert.match(context.patch, /^rename to src\/new\.ts$/m);
});

test('paths with spaces and unicode come out verbatim in files and patch', async (t) => {
  const repo = tempRepo(t, { 'docs/read me.md': 'hello\n' });
  repo.branch('feature');
  repo.write({ 'docs/read me.md': 'hello\nworld\n', 'src/Ünïcödé 文件.ts': 'export {};\n' });
  repo.commitAll('spaces and unicode');
  fs.rmSync(path.join(repo.root, 'docs/read me.md'));
  repo.write({ 'docs/ré ädme.md': 'hello\nworld\n' });
  repo.commitAll('rename to unicode');

  const context = await collectBranchContext({ cwd: repo.root });

  assert.deepEqual(
    [...context.files].sort((a, b) => a.path.localeCompare(b.path)),
    [
      { path: 'docs/ré ädme.md', additions: 1, deletions: 0, previousPath: 'docs/read me.md' },
      { path: 'src/Ünïcödé 文件.ts', additions: 1, deletions: 0, previousPath: null },
    ],
  );
  assert.ok(context.patch.includes('+++ b/src/Ünïcödé 文件.ts'), context.patch);
  assert.ok(context.patch.includes('rename to docs/ré ädme.md'), context.patch);
});

test('a patch over the byte budget is cut at a line boundary and flagged', async (t) => {
  const repo = tempRepo(t);
  repo.branch('feature');
  repo.write({ 'big.txt': Array.from({ length: 2000 }, (_, index) => `ünïcode line ${index}`).join('\n') + '\n' });
  repo.commitAll('big file');

  const context = await collectBranchContext({ cwd: repo.root, maxPatchBytes: 10_000 });

  assert.equal(context.patchTruncated, true);
  assert.ok(Buffer.byteLength(context.patch) <= 10_000);
  assert.ok(Buffer.byteLength(context.patch) > 9_000, 'the budget is used, not thrown away');
  assert.ok(context.patch.endsWith('\n'));
  assert.ok(!context.patch.includes('\uFFFD'), 'no multi-byte character is split');
  assert.deepEqual(context.files, [{ path: 'big.txt', additions: 2000, deletions: 0, previousPath: null }]);
});

test('repoName comes from origin when it is a hosted URL', async (t) => {
  const repo = tempRepo(t);
  addFeatureBranch(repo);
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/widgets.git');

  const context = await collectBranchContext({ cwd: repo.root });

  assert.equal(context.repoName, 'acme/widgets');
});
