import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createCommitFileReader } from '../../../src/engine/git/commitFileReader';
import { tempDir, tempRepo } from './gitTestSupport';

test('files are read as the given commit has them, byte for byte, not as the working tree has them', async (t) => {
  const crlf = 'const größe = "👋";\r\nexport default größe;\r\n';
  const repo = tempRepo(t, { 'src/app.ts': crlf, 'notes/a b.md': 'spaces\n' });
  const reviewed = repo.git('rev-parse', 'HEAD');
  repo.write({ 'src/app.ts': 'changed after the review\n' });
  repo.commitAll('later change');
  repo.write({ 'src/app.ts': 'uncommitted\n' });

  const read = createCommitFileReader(repo.root, reviewed);
  assert.equal(await read('src/app.ts'), crlf);
  assert.equal(await read('notes/a b.md'), 'spaces\n');
});

test('paths that are not a regular file of the commit read as null', async (t) => {
  const repo = tempRepo(t, { 'src/app.ts': 'export {};\n', 'src/lib.ts': 'export {};\n', 'big.txt': 'x'.repeat(4 * 1024 * 1024 + 1) });
  fs.symlinkSync('src/app.ts', path.join(repo.root, 'link.ts'));
  const head = repo.commitAll('symlink');
  const read = createCommitFileReader(repo.root, head);

  for (const repoPath of ['missing.ts', 'src', 'src/', 'link.ts', 'big.txt', 'src/*.ts', '../src/app.ts', '/etc/passwd', 'src/../src/app.ts']) {
    assert.equal(await read(repoPath), null, repoPath);
  }
  assert.equal(await read('src/lib.ts'), 'export {};\n');
});

test("the repository's textconv and filter programs never run", async (t) => {
  const marker = path.join(tempDir(t), 'ran');
  const repo = tempRepo(t, { '.gitattributes': '*.txt diff=shout filter=shout\n', 'a.txt': 'quiet\n' });
  repo.git('config', 'diff.shout.textconv', `sh -c 'touch ${marker}; tr a-z A-Z < "$1"' -`);
  repo.git('config', 'filter.shout.smudge', `sh -c 'touch ${marker}; tr a-z A-Z'`);
  repo.git('config', 'filter.shout.clean', 'cat');

  const read = createCommitFileReader(repo.root, repo.git('rev-parse', 'HEAD'));
  assert.equal(await read('a.txt'), 'quiet\n');
  assert.equal(fs.existsSync(marker), false);
  // The trap is live: git runs it when asked to convert the blob.
  assert.equal(repo.git('cat-file', '--textconv', 'HEAD:a.txt'), 'QUIET');
  assert.equal(fs.existsSync(marker), true);
});

test('a commit that is not a hash is refused up front', (t) => {
  const repo = tempRepo(t);
  assert.throws(() => createCommitFileReader(repo.root, 'HEAD; rm -rf /'), /Not a commit hash/);
  assert.throws(() => createCommitFileReader(repo.root, '--output=/tmp/x'), /Not a commit hash/);
});
