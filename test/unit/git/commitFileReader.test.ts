import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ReviewError } from '../../../src/engine/errors';
import { createCommitFileReader, openCommitFiles } from '../../../src/engine/git/commitFileReader';
import { childProcesses, noChildProcessesLeft } from './childProcesses';
import { tempDir, tempRepo } from './gitTestSupport';

const limit = 4 * 1024 * 1024;

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

test('paths with spaces, Unicode, a newline, a tab or a leading dash are read like any other, and an empty file as empty', async (t) => {
  const files = {
    'docs/read me.md': 'spaces\n',
    'src/größe/日本語.ts': 'unicode\n',
    'src/line\nbreak.ts': 'newline in the name\n',
    'src/tab\there.ts': 'tab\n',
    '-n': 'leading dash\n',
    'src/missing missing': 'looks like an answer of git\n',
    'empty.txt': '',
  };
  const repo = tempRepo(t, files);
  const commitFiles = openCommitFiles(repo.root, repo.git('rev-parse', 'HEAD'));
  t.after(() => commitFiles.close());
  const texts = await Promise.all(Object.keys(files).map((repoPath) => commitFiles.read(repoPath)));
  assert.deepEqual(texts, Object.values(files));
  // The same names, one character off, are not there.
  assert.equal(await commitFiles.read('src/line\nbreak.ts\n'), null);
  assert.equal(await commitFiles.read('src/größe/日本語.TS'), null);
});

test('paths that are not a regular file of the commit read as null', async (t) => {
  const repo = tempRepo(t, { 'src/app.ts': 'export {};\n', 'src/lib.ts': 'export {};\n', 'big.txt': 'x'.repeat(limit + 1) });
  fs.symlinkSync('src/app.ts', path.join(repo.root, 'link.ts'));
  fs.symlinkSync('src', path.join(repo.root, 'linked-dir'));
  fs.symlinkSync('/etc/hostname', path.join(repo.root, 'outside'));
  const blob = repo.git('rev-parse', 'HEAD:src/app.ts');
  repo.git('add', '-A');
  repo.git('update-index', '--add', '--cacheinfo', `160000,${repo.git('rev-parse', 'HEAD')},vendor/module`);
  repo.git('commit', '-q', '--no-verify', '-m', 'symlinks and a submodule');
  const head = repo.git('rev-parse', 'HEAD');
  assert.match(repo.git('ls-tree', '-r', head), /^160000 commit \S+\svendor\/module$/m);
  const read = createCommitFileReader(repo.root, head);

  const notFiles = [
    'missing.ts', 'src', 'src/', 'src//app.ts', './src/app.ts', 'link.ts', 'linked-dir/app.ts', 'outside', 'vendor/module', 'vendor/module/x',
    'big.txt', 'src/*.ts', '../src/app.ts', '/etc/passwd', 'src/../src/app.ts', 'src/app.ts/x', '', blob,
  ];
  for (const repoPath of notFiles) assert.equal(await read(repoPath), null, JSON.stringify(repoPath));
  assert.equal(await read('src/lib.ts'), 'export {};\n');
});

test('a file of exactly 4 MiB is read; one byte more is skipped without upsetting the reads around it', async (t) => {
  const repo = tempRepo(t, { 'a.txt': 'before\n', 'at-limit.txt': 'y'.repeat(limit), 'over-limit.txt': 'z'.repeat(limit + 1), 'b.txt': 'after\n' });
  const commitFiles = openCommitFiles(repo.root, repo.git('rev-parse', 'HEAD'));
  t.after(() => commitFiles.close());
  const [a, atLimit, overLimit, b] = await Promise.all(['a.txt', 'at-limit.txt', 'over-limit.txt', 'b.txt'].map((file) => commitFiles.read(file)));
  assert.equal(a, 'before\n');
  assert.equal(atLimit?.length, limit);
  assert.equal(overLimit, null);
  assert.equal(b, 'after\n');
});

test('binary files are read as today: their bytes decoded as UTF-8, NUL bytes and all', async (t) => {
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0x0a, 0x0a]);
  const repo = tempRepo(t, { 'logo.png': bytes, 'after.txt': 'text\n' });
  const read = createCommitFileReader(repo.root, repo.git('rev-parse', 'HEAD'));
  const [binary, text] = await Promise.all([read('logo.png'), read('after.txt')]);
  assert.equal(binary, bytes.toString('utf8'));
  assert.equal(text, 'text\n');
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
  assert.throws(() => openCommitFiles(repo.root, 'HEAD'), /Not a commit hash/);
});

test('a commit the repository does not have reads every file as null', async (t) => {
  const repo = tempRepo(t, { 'a.txt': 'a\n' });
  const read = createCommitFileReader(repo.root, 'f'.repeat(40));
  assert.equal(await read('a.txt'), null);
});

test('a SHA-256 repository is read like a SHA-1 one', async (t) => {
  const root = tempDir(t);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
  git('init', '-q', '--object-format=sha256', '-b', 'main');
  fs.mkdirSync(path.join(root, 'src', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'deep', 'a.ts'), 'sha256\n');
  git('add', '-A');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '--no-verify', '-m', 'one');
  const head = git('rev-parse', 'HEAD');
  assert.equal(head.length, 64);
  assert.equal(await createCommitFileReader(root, head)('src/deep/a.ts'), 'sha256\n');
});

test('reads started together go through one git process, which is gone once they are done', async (t) => {
  const files = Object.fromEntries(Array.from({ length: 40 }, (_, at) => [`src/part${at % 4}/file${at}.ts`, `export const n = ${at};\n`]));
  const repo = tempRepo(t, files);
  const read = createCommitFileReader(repo.root, repo.git('rev-parse', 'HEAD'));
  assert.ok(await noChildProcessesLeft(), 'the processes of earlier tests have exited');
  const seen = new Set<number>();
  const texts = Promise.all(Object.keys(files).map((file) => {
    const text = read(file);
    for (const pid of childProcesses()) seen.add(pid);
    return text;
  }));
  assert.deepEqual(await texts, Object.values(files));
  assert.equal(seen.size, 1, 'one git process for all the reads');
  assert.ok(await noChildProcessesLeft(), 'the git process is gone once no read is open');
  // A later read starts another process, and it is gone after that read too.
  assert.equal(await read('src/part1/file5.ts'), 'export const n = 5;\n');
  assert.ok(await noChildProcessesLeft());
});

test('reads made one after another share the process too', async (t) => {
  const files = Object.fromEntries(Array.from({ length: 10 }, (_, at) => [`file${at}.txt`, `${at}\n`]));
  const repo = tempRepo(t, files);
  const read = createCommitFileReader(repo.root, repo.git('rev-parse', 'HEAD'));
  assert.ok(await noChildProcessesLeft(), 'the processes of earlier tests have exited');
  const seen = new Set<number>();
  for (const file of Object.keys(files)) {
    assert.equal(await read(file), files[file]);
    for (const pid of childProcesses()) seen.add(pid);
  }
  assert.equal(seen.size, 1);
  assert.ok(await noChildProcessesLeft());
});

test('when git dies in the middle of a batch, open reads fail with a clear error and no process is left', async (t) => {
  const files = Object.fromEntries(Array.from({ length: 30 }, (_, at) => [`file${at}.txt`, 'x'.repeat(100_000)]));
  const repo = tempRepo(t, files);
  const commitFiles = openCommitFiles(repo.root, repo.git('rev-parse', 'HEAD'));
  t.after(() => commitFiles.close());
  assert.ok(await noChildProcessesLeft(), 'the processes of earlier tests have exited');
  assert.equal(await commitFiles.read('file0.txt'), files['file0.txt']);
  const [pid] = childProcesses();
  assert.ok(pid !== undefined);
  const reads = Object.keys(files).map((file) => commitFiles.read(file));
  process.kill(pid, 'SIGKILL');
  const outcomes = await Promise.allSettled(reads);
  const failures = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => outcome.reason as unknown);
  assert.ok(failures.length > 0, 'reads still open when git died fail');
  for (const failure of failures) {
    assert.ok(failure instanceof ReviewError && failure.code === 'git-failed');
    assert.match(failure.message, /`git cat-file --batch` was stopped by SIGKILL, so files of the reviewed commit could not be read/);
  }
  await assert.rejects(commitFiles.read('file1.txt'), /was stopped by SIGKILL/);
  assert.ok(await noChildProcessesLeft());
  // createCommitFileReader, as before, reads such files as null.
  const read = createCommitFileReader(repo.root, repo.git('rev-parse', 'HEAD'));
  const pending = read('file2.txt');
  const [readerPid] = childProcesses();
  process.kill(readerPid!, 'SIGKILL');
  assert.equal(await pending, null);
  assert.ok(await noChildProcessesLeft());
});

test('closing before any read starts nothing, and after reads stops git', async (t) => {
  const repo = tempRepo(t, { 'a.txt': 'a\n' });
  const head = repo.git('rev-parse', 'HEAD');
  assert.ok(await noChildProcessesLeft(), 'the processes of earlier tests have exited');
  await openCommitFiles(repo.root, head).close();
  assert.deepEqual(childProcesses(), []);
  const commitFiles = openCommitFiles(repo.root, head);
  assert.equal(await commitFiles.read('a.txt'), 'a\n');
  assert.equal(childProcesses().length, 1);
  await commitFiles.close();
  assert.deepEqual(childProcesses(), []);
  await assert.rejects(commitFiles.read('a.txt'), /closed/);
});
