import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ReviewError } from '../../../src/engine/errors';
import { CatFileBatch } from '../../../src/engine/git/catFileBatch';
import { childProcesses, noChildProcessesLeft } from './childProcesses';
import { tempDir, tempRepo } from './gitTestSupport';

test('objects are answered in the order asked, missing ones as null, big ones without their bytes', async (t) => {
  const repo = tempRepo(t, { 'a.txt': 'alpha\n', 'b.txt': 'x'.repeat(5_000) });
  const batch = new CatFileBatch(repo.root);
  t.after(() => batch.close());
  const a = repo.git('rev-parse', 'HEAD:a.txt');
  const b = repo.git('rev-parse', 'HEAD:b.txt');
  const [tree, first, missing, big, again] = await Promise.all([
    batch.request(`${repo.git('rev-parse', 'HEAD')}^{tree}`, 1_000),
    batch.request(a, 1_000),
    batch.request('0'.repeat(40), 1_000),
    batch.request(b, 1_000),
    batch.request(a, 6),
  ]);
  assert.equal(tree?.type, 'tree');
  assert.deepEqual(first, { oid: a, type: 'blob', size: 6, content: Buffer.from('alpha\n') });
  assert.equal(missing, null);
  assert.deepEqual(big, { oid: b, type: 'blob', size: 5_000, content: null });
  assert.equal(again?.content?.toString(), 'alpha\n');
});

test('only object ids are sent to git: anything else is refused before it is written', async (t) => {
  const repo = tempRepo(t);
  const batch = new CatFileBatch(repo.root);
  for (const name of ['HEAD', 'HEAD:README.md', 'abcd\nHEAD', '--help', `${'a'.repeat(40)}^{commit}`]) {
    await assert.rejects(batch.request(name, 100), /Not an object id/, JSON.stringify(name));
  }
  assert.deepEqual(childProcesses(), [], 'nothing was started');
});

test('a git that stops answering is killed after the answer timeout, with a clear error', async (t) => {
  const repo = tempRepo(t, { 'a.txt': 'a\n' });
  const batch = new CatFileBatch(repo.root, { answerTimeoutMs: 300 });
  t.after(() => batch.close());
  const blob = repo.git('rev-parse', 'HEAD:a.txt');
  assert.equal((await batch.request(blob, 100))?.content?.toString(), 'a\n');
  const pid = batch.pid;
  assert.ok(pid !== undefined);
  process.kill(pid, 'SIGSTOP');
  const error = await batch.request(blob, 100).then(() => null, (failure: unknown) => failure);
  assert.ok(error instanceof ReviewError && error.code === 'git-failed');
  assert.match(error.message, /did not answer within 0.3 s/);
  assert.ok(await noChildProcessesLeft());
});

test('kill() fails the open requests at once and leaves no process', async (t) => {
  const repo = tempRepo(t, { 'a.txt': 'a\n' });
  const batch = new CatFileBatch(repo.root);
  const open = batch.request(repo.git('rev-parse', 'HEAD:a.txt'), 100).then(() => null, (failure: unknown) => failure);
  await batch.kill();
  assert.match(String(await open), /`git cat-file --batch` was stopped, so files of the reviewed commit could not be read/);
  assert.ok(await noChildProcessesLeft());
});

test('a folder that is not there fails with a clear error instead of hanging', async (t) => {
  const batch = new CatFileBatch(path.join(tempDir(t), 'gone'));
  const error = await batch.request('a'.repeat(40), 100).then(() => null, (failure: unknown) => failure);
  assert.ok(error instanceof ReviewError && error.code === 'git-failed');
  assert.match(error.message, /`git cat-file --batch` could not be started: spawn git ENOENT/);
  await batch.close();
});

test('outside a repository git exits at once; the request fails with what git said', async (t) => {
  const batch = new CatFileBatch(tempDir(t));
  await assert.rejects(batch.request('a'.repeat(40), 100), /exited with code 128: fatal: not a git repository/);
  await batch.close();
  assert.ok(await noChildProcessesLeft());
});
