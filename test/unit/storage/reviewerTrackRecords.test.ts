import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reviewerTrackRecords } from '../../../src/engine/storage/ledgerViews';
import { trackRecordFor } from '../../../src/shared/retroFacts';
import { emptyLedger } from '../../../src/shared/ledgerModel';
import { findingIn, reconcile, type Files } from './ledgerFixtures';

const v1: Files = {
  'src/auth.ts': 'export function login(user: string, password: string) {\n  console.log(`login ${user} ${password}`);\n  return check(user, password);\n}\n',
  'src/session.ts': 'export const ttl = 86400 * 365;\nexport function renew(id: string) {\n  return store.touch(id);\n}\n',
};
const v2: Files = { ...v1, 'src/auth.ts': 'export function login(user: string, password: string) {\n  return check(user, password);\n}\n' };
const logsPassword = findingIn(v1, { id: 'C1', title: 'Password is written to the log', path: 'src/auth.ts', snippet: 'console.log(`login ${user} ${password}`);', severity: 'critical', reviewers: ['claude', 'codex'] });
const renewUnchecked = findingIn(v1, { id: 'I1', title: 'renew does not check the session exists', path: 'src/session.ts', snippet: 'return store.touch(id);', reviewers: ['codex'] });

test('each record counts the rounds of every branch since the reviewer’s first finding there, kept or rejected', async () => {
  // feature/login: three rounds; gemini's first (rejected) finding comes in round 3.
  let login = (await reconcile(emptyLedger('feature/login'), 1, v1, [logsPassword, renewUnchecked])).ledger;
  login = (await reconcile(login, 2, v2, [renewUnchecked])).ledger;
  login = (await reconcile(login, 3, v2, [renewUnchecked], [{ title: 'ttl is too long', path: 'src/session.ts', reviewerIds: ['gemini'], reason: 'It is configurable.' }])).ledger;
  // feature/other: two rounds; codex first reports in round 2.
  let other = (await reconcile(emptyLedger('feature/other'), 1, v1, [])).ledger;
  other = (await reconcile(other, 2, v1, [renewUnchecked])).ledger;

  const records = reviewerTrackRecords([login, other]);

  assert.deepEqual(records, [
    { reviewerId: 'claude', kept: 1, open: 0, fixed: 1, declined: 0, regressed: 0, rejected: 0, rounds: 3 },
    { reviewerId: 'codex', kept: 3, open: 2, fixed: 1, declined: 0, regressed: 0, rejected: 0, rounds: 4 },
    { reviewerId: 'gemini', kept: 0, open: 0, fixed: 0, declined: 0, regressed: 0, rejected: 1, rounds: 1 },
  ]);
});

test('a repository without recorded reviews has no track records', () => {
  assert.deepEqual(reviewerTrackRecords([]), []);
  assert.deepEqual(reviewerTrackRecords([emptyLedger('main')]), []);
});

test('rounds that record who reviewed keep a record per CLI and model; a changed model starts a new one', async () => {
  const sonnet = [{ id: 'claude', cli: 'claude', model: 'sonnet' }, { id: 'codex', cli: 'codex', model: 'gpt-5.5' }] as const;
  const opus = [{ id: 'claude', cli: 'claude', model: 'opus' }, { id: 'codex', cli: 'codex', model: 'gpt-5.5' }] as const;
  // Round 1 predates the records of who ran; rounds 2 and 3 have them, and claude moved from sonnet to opus.
  let ledger = (await reconcile(emptyLedger('feature/login'), 1, v1, [logsPassword])).ledger;
  ledger = (await reconcile(ledger, 2, v1, [logsPassword, renewUnchecked], [], sonnet)).ledger;
  const ttl = { title: 'ttl is too long', path: 'src/session.ts', reviewerIds: ['claude'], reason: 'It is configurable.' };
  ledger = (await reconcile(ledger, 3, v2, [renewUnchecked], [ttl], opus)).ledger;

  const records = reviewerTrackRecords([ledger]);
  assert.deepEqual(records, [
    // Round 1's findings, under the id alone; only round 1 counts for it (the later rounds say who ran).
    { reviewerId: 'claude', kept: 1, open: 0, fixed: 1, declined: 0, regressed: 0, rejected: 0, rounds: 1 },
    { reviewerId: 'claude', cli: 'claude', model: 'opus', kept: 0, open: 0, fixed: 0, declined: 0, regressed: 0, rejected: 1, rounds: 1 },
    { reviewerId: 'claude', cli: 'claude', model: 'sonnet', kept: 0, open: 0, fixed: 0, declined: 0, regressed: 0, rejected: 0, rounds: 1 },
    { reviewerId: 'codex', kept: 1, open: 0, fixed: 1, declined: 0, regressed: 0, rejected: 0, rounds: 1 },
    { reviewerId: 'codex', cli: 'codex', model: 'gpt-5.5', kept: 1, open: 1, fixed: 0, declined: 0, regressed: 0, rejected: 0, rounds: 2 },
  ]);

  // What a reviewer sees now: its CLI and model's record, plus what its id did before models were recorded.
  assert.deepEqual(trackRecordFor(records, { reviewerId: 'claude', cli: 'claude', model: 'opus' }), {
    reviewerId: 'claude', cli: 'claude', model: 'opus', kept: 1, open: 0, fixed: 1, declined: 0, regressed: 0, rejected: 1, rounds: 2,
  });
  assert.equal(trackRecordFor(records, { reviewerId: 'claude', cli: 'claude', model: 'haiku' })?.rounds, 1, 'a new model has only the id’s older history');
  assert.equal(trackRecordFor(records, { reviewerId: 'gemini', cli: 'gemini', model: 'pro' }), null);
});
