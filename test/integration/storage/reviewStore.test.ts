import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ReviewError } from '../../../src/engine/errors';
import { reconcileRound } from '../../../src/engine/storage/reconcileRound';
import { openReviewStore } from '../../../src/engine/storage/reviewStore';
import { ReviewStoreError } from '../../../src/engine/storage/storageErrors';
import { emptyLedger, ledgerSchema, type Ledger } from '../../../src/shared/ledgerModel';
import { filesUnder, modeOf, reportOf, tempRepo } from './storeTestSupport';

const run = promisify(execFile);
const head = 'c0ffee'.padEnd(40, '0');

/** The ledger after one more (empty) round: enough to see which rounds went through it. */
async function withRound(ledger: Ledger, round: number): Promise<Ledger> {
  const result = await reconcileRound(ledger, { round, createdAt: '2026-03-09T14:07:31.000Z', head, findings: [], readFileAtHead: () => Promise.resolve(null) });
  return result.ledger;
}

test('a round lands under the git common dir, private, and the working tree stays clean', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);

  const saved = await store.saveRound('feature/refunds', { report: reportOf('feature/refunds', head), transcripts: { claude: '{"type":"result"}\n', codex: '' }, reconcile: async (ledger, round) => ({ ledger: await withRound(ledger, round) }) });

  assert.equal(store.directory, path.join(repo.root, '.git', 'deep-review'));
  const branchDir = store.branchDirectory('feature/refunds');
  assert.equal(saved.directory, path.join(branchDir, 'rounds', '1'));
  assert.deepEqual(filesUnder(branchDir), ['branch.json', 'ledger.json', 'rounds/1/report.json', 'rounds/1/transcripts/claude.jsonl', 'rounds/1/transcripts/codex.jsonl']);
  assert.equal(fs.readFileSync(path.join(saved.directory, 'transcripts', 'claude.jsonl'), 'utf8'), '{"type":"result"}\n');
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(branchDir, 'branch.json'), 'utf8')), { version: 1, branch: 'feature/refunds' });
  assert.equal(repo.git('status', '--porcelain', '--ignored'), '');
  for (const dir of [store.directory, branchDir, saved.directory]) assert.equal(modeOf(dir), 0o700, dir);
  for (const file of ['ledger.json', 'rounds/1/report.json', 'rounds/1/transcripts/claude.jsonl']) assert.equal(modeOf(path.join(branchDir, file)), 0o600, file);
});

test('the stored report reads back as saved, with the round number the store gave it', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  const report = { ...reportOf('main', head), round: 7 };

  const saved = await store.saveRound('main', { report, transcripts: {} });

  assert.equal(saved.round, 1);
  assert.deepEqual(await store.loadRound('main', 1), { ...report, round: 1 });
  assert.deepEqual(saved.report, { ...report, round: 1 });
  assert.equal(saved.ledger, null, 'no ledger update was asked for');
  assert.equal(fs.existsSync(path.join(store.branchDirectory('main'), 'ledger.json')), false);
});

test('a linked worktree and a subfolder open the same store as the main checkout', async (t) => {
  const repo = tempRepo(t, { 'src/app/main.ts': 'export {};\n' });
  const worktree = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-linked-'))), 'wt');
  t.after(() => {
    fs.rmSync(path.dirname(worktree), { recursive: true, force: true });
  });
  repo.git('worktree', 'add', '-q', '-b', 'feature/linked', worktree);

  const fromWorktree = await openReviewStore(worktree);
  await fromWorktree.saveRound('feature/linked', { report: reportOf('feature/linked', head), transcripts: {} });
  const fromMain = await openReviewStore(repo.root);
  const fromSubfolder = await openReviewStore(path.join(repo.root, 'src', 'app'));

  assert.equal(fromWorktree.directory, path.join(repo.root, '.git', 'deep-review'));
  assert.equal(fromSubfolder.directory, fromMain.directory);
  assert.deepEqual((await fromMain.listRounds('feature/linked')).rounds.map(({ round }) => round), [1]);
  assert.deepEqual(filesUnder(worktree), ['.git', 'src/app/main.ts'], 'nothing written into the linked checkout');
  assert.equal(execGit(worktree, 'status', '--porcelain', '--ignored'), '');
});

test('a folder outside any repository is not-a-git-repo', async (t) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-norepo-'));
  t.after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  await assert.rejects(openReviewStore(folder), (error: unknown) => error instanceof ReviewError && error.code === 'not-a-git-repo' && error.message.includes(folder));
  await assert.rejects(openReviewStore(path.join(folder, 'missing')), (error: unknown) => error instanceof ReviewError && error.code === 'not-a-git-repo');
});

test('round numbers increase per branch, and similar branch names never share rounds', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);

  for (const branch of ['feat/a', 'feat/a', 'feat-a', 'feat/a', 'Feat/A']) {
    await store.saveRound(branch, { report: reportOf(branch, head), transcripts: {}, reconcile: async (ledger, round) => ({ ledger: await withRound(ledger, round) }) });
  }

  assert.equal(await store.nextRoundNumber('feat/a'), 4);
  assert.equal(await store.nextRoundNumber('feat-a'), 2);
  assert.equal(await store.nextRoundNumber('Feat/A'), 2);
  assert.equal(await store.nextRoundNumber('feat_a'), 1);
  assert.deepEqual((await store.listBranches()).branches, ['Feat/A', 'feat-a', 'feat/a']);
  assert.deepEqual((await store.loadLedger('feat/a')).ledger.rounds.map(({ round }) => round), [1, 2, 3]);
  assert.equal((await store.loadRound('feat-a', 1)).branch.branch, 'feat-a');
});

test('listRounds summarises each round for the history view', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  const sample = reportOf('main', head);
  await store.saveRound('main', { report: sample, transcripts: {} });
  await store.saveRound('main', { report: { ...sample, findings: [], verdict: 'Merge', createdAt: '2026-03-10T08:00:00.000Z' }, transcripts: {} });

  const listing = await store.listRounds('main');

  const count = (severity: string): number => sample.findings.filter((finding) => finding.severity === severity).length;
  assert.deepEqual(listing, {
    rounds: [
      { round: 1, createdAt: sample.createdAt, head, verdict: sample.verdict, counts: { critical: count('critical'), important: count('important'), suggestion: count('suggestion') } },
      { round: 2, createdAt: '2026-03-10T08:00:00.000Z', head, verdict: 'Merge', counts: { critical: 0, important: 0, suggestion: 0 } },
    ],
    unreadable: [],
  });
  assert.ok(count('critical') + count('important') > 0, 'the sample has findings to count');
});

// Reads the file in a loop until `stop` exists; prints "<reads> <reads that were not whole JSON>".
const readInLoop = `
const fs = require('node:fs');
const [file, stop] = process.argv.slice(1);
let reads = 0, torn = 0;
while (!fs.existsSync(stop)) {
  reads++;
  try { JSON.parse(fs.readFileSync(file, 'utf8')); } catch { torn++; }
}
process.stdout.write(reads + ' ' + torn);
`;

test('another process reading the ledger while it is rewritten never sees half a file, and no temporary file is left', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  const rounds = Array.from({ length: 4_000 }, (_, index) => ({ round: index + 1, createdAt: '2026-03-09T14:07:31.000Z', head }));
  await store.saveLedger('main', { ...emptyLedger('main'), rounds });
  const file = path.join(store.branchDirectory('main'), 'ledger.json');
  const stop = path.join(path.dirname(store.directory), 'stop-reading');
  const reader = run(process.execPath, ['-e', readInLoop, file, stop], { timeout: 60_000 });

  for (let write = 0; write < 60; write++) await store.saveLedger('main', { ...emptyLedger('main'), rounds: rounds.slice(0, 4_000 - write) });
  fs.writeFileSync(stop, '');
  const [reads, torn] = (await reader).stdout.split(' ').map(Number);

  assert.ok((reads ?? 0) > 10, `the reader read while the ledger was written (${reads} reads)`);
  assert.equal(torn, 0, `${torn} of ${reads} reads saw a partly written ledger`);
  fs.rmSync(stop);
  assert.deepEqual(filesUnder(store.directory).filter((name) => /\.tmp$|lock/.test(name)), []);
});

test('when the ledger update fails or is invalid, nothing of the round is saved', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);

  await assert.rejects(
    store.saveRound('main', { report: reportOf('main', head), transcripts: { claude: 'x\n' }, reconcile: () => Promise.reject(new Error('reconcile failed')) }),
    /reconcile failed/,
  );

  await assert.rejects(
    store.saveRound('main', { report: reportOf('main', head), transcripts: {}, reconcile: () => ({ ledger: emptyLedger('feature/other') }) }),
    /cannot be saved as the history of "main"/,
  );
  assert.deepEqual(filesUnder(store.branchDirectory('main')), ['branch.json']);
  assert.equal(await store.nextRoundNumber('main'), 1);
});

test('a damaged ledger is moved aside, untouched, and a new one is started with a warning', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  await store.saveRound('main', { report: reportOf('main', head), transcripts: {}, reconcile: async (ledger, round) => ({ ledger: await withRound(ledger, round) }) });
  const file = path.join(store.branchDirectory('main'), 'ledger.json');
  fs.writeFileSync(file, '{"version":1,"branch":"main","rounds":[');

  const loaded = await store.loadLedger('main');

  assert.deepEqual(loaded.ledger, emptyLedger('main'));
  assert.equal(loaded.warnings.length, 1);
  const aside = filesUnder(store.branchDirectory('main')).filter((name) => name.startsWith('ledger.json.corrupt-'));
  assert.equal(aside.length, 1);
  assert.match(aside[0]!, /^ledger\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
  assert.equal(fs.readFileSync(path.join(store.branchDirectory('main'), aside[0]!), 'utf8'), '{"version":1,"branch":"main","rounds":[');
  assert.ok(loaded.warnings[0]!.includes(file) && loaded.warnings[0]!.includes(aside[0]!), loaded.warnings[0]);
  assert.match(loaded.warnings[0]!, /not valid JSON/);
  assert.equal(fs.existsSync(file), false, 'the fresh ledger is only written by the next save');
});

test('a damaged ledger met while saving a round is replaced, and the round says so', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  await store.saveRound('main', { report: reportOf('main', head), transcripts: {}, reconcile: async (ledger, round) => ({ ledger: await withRound(ledger, round) }) });
  fs.writeFileSync(path.join(store.branchDirectory('main'), 'ledger.json'), JSON.stringify({ version: 1, branch: 'main', rounds: 'many' }));

  const saved = await store.saveRound('main', { report: reportOf('main', head), transcripts: {}, reconcile: async (ledger, round) => ({ ledger: await withRound(ledger, round) }) });

  assert.equal(saved.round, 2);
  assert.match(saved.warnings.join('\n'), /was damaged: rounds: .*moved to .*ledger\.json\.corrupt-/);
  assert.deepEqual(ledgerSchema.parse((await store.loadLedger('main')).ledger).rounds.map(({ round }) => round), [2]);
});

test('a ledger from a newer Deep Review is an error naming the file, and is left alone', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  await store.saveLedger('main', emptyLedger('main'));
  const file = path.join(store.branchDirectory('main'), 'ledger.json');
  const newer = JSON.stringify({ version: 2, branch: 'main', entries: {} });
  fs.writeFileSync(file, newer);

  await assert.rejects(store.loadLedger('main'), (error: unknown) => error instanceof ReviewStoreError && error.problem === 'newer-version' && error.file === file && error.message.includes(file));
  await assert.rejects(store.updateLedger('main', (ledger) => ledger), /newer Deep Review/);

  assert.equal(fs.readFileSync(file, 'utf8'), newer);
  assert.deepEqual(filesUnder(store.branchDirectory('main')), ['branch.json', 'ledger.json']);
});

test('a damaged round report is an error naming it, and the history lists it as unreadable', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  for (let round = 1; round <= 3; round++) await store.saveRound('main', { report: reportOf('main', head), transcripts: {} });
  const file = path.join(store.branchDirectory('main'), 'rounds', '2', 'report.json');
  fs.writeFileSync(file, '{"version": 2, "findings": "oops"}');

  await assert.rejects(store.loadRound('main', 2), (error: unknown) => error instanceof ReviewStoreError && error.problem === 'corrupt' && error.message.startsWith(`${file} is damaged`));
  const listing = await store.listRounds('main');

  assert.deepEqual(listing.rounds.map(({ round }) => round), [1, 3]);
  assert.deepEqual(listing.unreadable.map(({ round, file: named }) => ({ round, named })), [{ round: 2, named: file }]);
  assert.equal(fs.readFileSync(file, 'utf8'), '{"version": 2, "findings": "oops"}');
  await assert.rejects(store.loadRound('main', 9), (error: unknown) => error instanceof ReviewStoreError && error.problem === 'not-found');
});

test('two saves at once take turns: different round numbers and no lost ledger update', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  const log: string[] = [];
  const slowUpdate = (name: string) => async (ledger: Ledger, round: number): Promise<{ ledger: Ledger }> => {
    log.push(`${name} start`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    log.push(`${name} end`);
    return { ledger: await withRound(ledger, round) };
  };

  const saved = await Promise.all([
    store.saveRound('main', { report: reportOf('main', head), transcripts: { a: 'a\n' }, reconcile: slowUpdate('a') }),
    store.saveRound('main', { report: reportOf('main', head), transcripts: { b: 'b\n' }, reconcile: slowUpdate('b') }),
  ]);

  assert.deepEqual(saved.map(({ round }) => round).sort(), [1, 2]);
  assert.ok(
    (log[0] === 'a start' && log[1] === 'a end') || (log[0] === 'b start' && log[1] === 'b end'),
    `the two updates overlapped: ${log.join(', ')}`,
  );
  assert.deepEqual((await store.loadLedger('main')).ledger.rounds.map(({ round }) => round), [1, 2]);
});

test('two processes saving rounds of one branch at once never interleave', async (t) => {
  const repo = tempRepo(t);
  const worker = path.join(__dirname, 'saveRoundsWorker.ts');
  const log = path.join(path.dirname(repo.root), `${path.basename(repo.root)}-workers.log`);
  t.after(() => {
    fs.rmSync(log, { force: true });
  });
  const startAt = String(Date.now() + 3_000);
  const spawnWorker = (): Promise<unknown> => run(process.execPath, ['--import', 'tsx', worker, repo.root, 'main', '4', log, startAt], { timeout: 60_000 });

  // Both must end before the test does (and removes the repository), whatever happens to the other.
  const outcomes = await Promise.allSettled([spawnWorker(), spawnWorker()]);

  for (const outcome of outcomes) assert.equal(outcome.status, 'fulfilled', outcome.status === 'rejected' ? String(outcome.reason) : '');
  const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(lines.length, 16);
  for (let at = 0; at < lines.length; at += 2) {
    const [pid, , round] = lines[at]!.split(' ');
    assert.equal(lines[at + 1], `${pid} end ${round}`, `another save ran inside ${lines[at]}:\n${lines.join('\n')}`);
  }
  assert.equal(new Set(lines.map((line) => line.split(' ')[0])).size, 2, 'both processes saved rounds');
  const store = await openReviewStore(repo.root);
  assert.deepEqual((await store.listRounds('main')).rounds.map(({ round }) => round), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual((await store.loadLedger('main')).ledger.rounds.map(({ round }) => round), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(filesUnder(store.directory).filter((file) => /lock|\.tmp$|\.incoming-/.test(file)), []);
});

test('a lock left by a process that died is taken over', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root, { lockTiming: { timeoutMs: 2_000 } });
  const { stdout } = await run(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const lockDir = path.join(store.branchDirectory('main'), 'lock');
  fs.mkdirSync(lockDir, { recursive: true });
  fs.writeFileSync(path.join(lockDir, 'owner.json'), JSON.stringify({ pid: Number(stdout), hostname: os.hostname(), token: 'dead', createdAt: Date.now() }));

  const saved = await store.saveRound('main', { report: reportOf('main', head), transcripts: {} });

  assert.equal(saved.round, 1);
  assert.equal(fs.existsSync(lockDir), false);
});

test('a lock held by a live process makes a save wait, then fail naming the lock', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root, { lockTiming: { timeoutMs: 300 } });
  const lockDir = path.join(store.branchDirectory('main'), 'lock');
  fs.mkdirSync(lockDir, { recursive: true });
  fs.writeFileSync(path.join(lockDir, 'owner.json'), JSON.stringify({ pid: process.pid, hostname: os.hostname(), token: 'alive', createdAt: Date.now() }));

  await assert.rejects(
    store.saveRound('main', { report: reportOf('main', head), transcripts: {} }),
    (error: unknown) => error instanceof ReviewStoreError && error.problem === 'locked' && error.file === lockDir && error.message.includes(`process ${process.pid}`) && (error.hint ?? '').includes(lockDir),
  );
  assert.equal(await store.nextRoundNumber('main'), 1);
  assert.ok(fs.existsSync(lockDir), 'someone else’s lock is not removed');
});

test('a lock older than the stale limit is taken over even when its process id is in use', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root, { lockTiming: { timeoutMs: 2_000, staleMs: 1_000 } });
  const lockDir = path.join(store.branchDirectory('main'), 'lock');
  fs.mkdirSync(lockDir, { recursive: true });
  fs.writeFileSync(path.join(lockDir, 'owner.json'), JSON.stringify({ pid: process.pid, hostname: os.hostname(), token: 'old', createdAt: Date.now() - 5_000 }));

  assert.equal((await store.saveRound('main', { report: reportOf('main', head), transcripts: {} })).round, 1);
});

test('transcripts read back by reviewer; an id that is not a safe file name is refused', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  await store.saveRound('main', { report: reportOf('main', head), transcripts: { 'codex-fast': '{"a":1}\n{"b":2}\n' } });

  assert.equal(await store.loadTranscript('main', 1, 'codex-fast'), '{"a":1}\n{"b":2}\n');
  assert.equal(await store.loadTranscript('main', 1, 'gemini'), null);
  assert.equal(await store.loadTranscript('main', 1, '../report'), null);
  await assert.rejects(store.saveRound('main', { report: reportOf('main', head), transcripts: { '..': 'x' } }), /not a safe file name/);
  assert.equal(await store.nextRoundNumber('main'), 2);
});

test('a report of another branch is not stored as this branch’s round', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);

  await assert.rejects(store.saveRound('main', { report: reportOf('feature/x', head), transcripts: {} }), /"feature\/x" cannot be stored as a round of "main"/);
});

test('all ledgers of the repository load together, for reviewers’ track records', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  await store.saveRound('feat/a', { report: reportOf('feat/a', head), transcripts: {}, reconcile: async (ledger, round) => ({ ledger: await withRound(ledger, round) }) });
  await store.saveRound('feat/b', { report: reportOf('feat/b', head), transcripts: {}, reconcile: async (ledger, round) => ({ ledger: await withRound(ledger, round) }) });
  await store.saveRound('feat/c', { report: reportOf('feat/c', head), transcripts: {} });

  const { ledgers, warnings } = await store.loadAllLedgers();

  assert.deepEqual(ledgers.map(({ branch, rounds }) => [branch, rounds.length]), [['feat/a', 1], ['feat/b', 1], ['feat/c', 0]]);
  assert.deepEqual(warnings, []);
});

function execGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

test('loadLatestRound reads from the newest round down, past damaged ones, and names what it skipped', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  assert.deepEqual(await store.loadLatestRound('main'), { report: null, unreadable: [] });
  for (let round = 1; round <= 3; round++) await store.saveRound('main', { report: reportOf('main', head), transcripts: {} });
  assert.equal((await store.loadLatestRound('main')).report?.round, 3);

  const third = path.join(store.branchDirectory('main'), 'rounds', '3', 'report.json');
  fs.writeFileSync(third, 'not json');
  const latest = await store.loadLatestRound('main');
  assert.equal(latest.report?.round, 2);
  assert.deepEqual(latest.unreadable.map(({ round, file }) => ({ round, file })), [{ round: 3, file: third }]);

  for (const round of [1, 2]) fs.writeFileSync(path.join(store.branchDirectory('main'), 'rounds', String(round), 'report.json'), '{}');
  const none = await store.loadLatestRound('main');
  assert.equal(none.report, null);
  assert.deepEqual(none.unreadable.map(({ round }) => round), [3, 2, 1]);
});
