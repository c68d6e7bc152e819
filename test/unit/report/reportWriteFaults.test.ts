import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { reportBaseName } from '../../../src/engine/report/reportFiles';
import { sampleReport } from '../../fixtures/sampleReport';

interface ChildOutcome {
  error: { code: string | null; message: string } | null;
  /** Name → content of every file in the output folder afterwards. */
  folder: Record<string, string>;
}

const projectRoot = path.resolve(__dirname, '..', '..', '..');
const writer = path.join(__dirname, 'writeReportInChild.ts');
const base = reportBaseName(sampleReport());
const earlierReport = `${base}.md=# an earlier report of this round\n`;

function tempFolder(t: TestContext, mode: number): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-faults-')));
  fs.chmodSync(folder, mode);
  t.after(() => {
    fs.chmodSync(folder, 0o700);
    fs.rmSync(folder, { recursive: true, force: true });
  });
  return folder;
}

/** Runs the writer child through `command` (e.g. unshare …) and returns what it reported. */
function runWriter(t: TestContext, command: readonly string[], options: { uid?: number; gid?: number } = {}): ChildOutcome {
  // tsx keeps its cache under TMPDIR: give the child (maybe another user) one it can write.
  const tmp = tempFolder(t, 0o777);
  const [program = '', ...args] = command;
  const stdout = execFileSync(program, args, { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp }, ...options });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildOutcome;
}

const privateMounts = process.platform === 'linux' && spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'true']).status === 0;

test(
  'a full disk fails with a clear error; no partial or temporary file is left and the earlier report stays as it was',
  { skip: privateMounts ? false : 'needs unshare with user and mount namespaces (Linux)' },
  (t) => {
    const mountPoint = tempFolder(t, 0o755);
    // 24 KiB holds the earlier report and the new Markdown (~9 KB), not the new JSON (~14 KB) too.
    const outcome = runWriter(t, [
      'unshare', '--user', '--map-root-user', '--mount',
      'sh', '-c', 'mount -t tmpfs -o size=24k tmpfs "$1" && shift && exec "$@"', 'sh', mountPoint,
      process.execPath, '--import', 'tsx', writer, mountPoint, 'md,json', earlierReport,
    ]);

    assert.equal(outcome.error?.code, 'report-write-failed');
    assert.match(outcome.error.message, new RegExp(`^Could not write the review report to ${mountPoint}/${base}\\.json: ENOSPC: no space left on device`));
    assert.match(outcome.error.message, /The disk is full \(or your quota is used up\): free some space, or choose another output folder\.$/);
    assert.deepEqual(outcome.folder, { [`${base}.md`]: '# an earlier report of this round\n' });
  },
);

test('a folder the user may not write (EACCES) fails with a clear error and nothing in it changes', (t) => {
  const parent = tempFolder(t, 0o755);
  const folder = path.join(parent, 'reports');
  fs.mkdirSync(folder);
  const [name = '', content = ''] = earlierReport.split('=');
  fs.writeFileSync(path.join(folder, name), content);
  fs.chmodSync(folder, 0o555);
  // Root may write anywhere: the child then runs as nobody.
  const asOtherUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

  const outcome = runWriter(t, [process.execPath, '--import', 'tsx', writer, folder, 'md,json'], asOtherUser);

  assert.equal(outcome.error?.code, 'report-write-failed');
  assert.match(outcome.error.message, new RegExp(`^Could not write the review report to ${folder}/${base}\\.md: EACCES: permission denied`));
  assert.match(outcome.error.message, /Check that the folder is writable, or choose another output folder\.$/);
  assert.deepEqual(outcome.folder, { [name]: content });
});
