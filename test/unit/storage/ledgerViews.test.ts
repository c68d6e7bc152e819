import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordDismissal, recordFixApplied } from '../../../src/engine/storage/ledgerActions';
import { priorFindingsForPrompt, resolutionRows, reviewerTrack } from '../../../src/engine/storage/ledgerViews';
import { emptyLedger, ledgerActionLabels, type Ledger } from '../../../src/shared/ledgerModel';
import { dateOf, findingIn, headOf, reconcile, type Files } from './ledgerFixtures';

const v1: Files = {
  'src/auth.ts': 'export function login(user: string, password: string) {\n  console.log(`login ${user} ${password}`);\n  return check(user, password);\n}\n',
  'src/session.ts': 'export const ttl = 86400 * 365;\nexport function renew(id: string) {\n  return store.touch(id);\n}\n',
};
const logsPassword = findingIn(v1, { id: 'C1', title: 'Password is written to the log', path: 'src/auth.ts', snippet: 'console.log(`login ${user} ${password}`);', severity: 'critical', reviewers: ['claude', 'codex'] });
const longTtl = findingIn(v1, { id: 'S1', title: 'Sessions last a year', path: 'src/session.ts', snippet: 'export const ttl = 86400 * 365;', severity: 'suggestion', reviewers: ['gemini'] });
const renewUnchecked = findingIn(v1, { id: 'I1', title: 'renew does not check the session exists', path: 'src/session.ts', snippet: 'return store.touch(id);', reviewers: ['codex'] });

/** Round 1 reports three findings; the user declines one; round 2 no longer has the logged password. */
async function twoRounds(): Promise<Ledger> {
  let ledger = (await reconcile(emptyLedger('feature/login'), 1, v1, [logsPassword, renewUnchecked, longTtl], [
    { title: 'login is not exported', path: 'src/auth.ts', reviewerIds: ['gemini', 'codex'], reason: 'It is exported on line 1.' },
  ])).ledger;
  ledger = recordDismissal(ledger, longTtl.fingerprint, 'Kiosk sessions are meant to last.', new Date('2026-03-01T15:00:00.000Z'));
  const v2 = { ...v1, 'src/auth.ts': 'export function login(user: string, password: string) {\n  return check(user, password);\n}\n' };
  return (await reconcile(ledger, 2, v2, [renewUnchecked])).ledger;
}

test('resolution rows list each time a finding was addressed, oldest first, without the reports', async () => {
  const rows = resolutionRows(await twoRounds());

  assert.deepEqual(
    rows.map(({ date, round, commit, findingId, title, action, status, reason }) => ({ date, round, commit, findingId, title, action, status, reason })),
    [
      { date: '2026-03-01T15:00:00.000Z', round: 1, commit: headOf(1), findingId: 'S1', title: 'Sessions last a year', action: 'declined', status: 'declined', reason: 'Kiosk sessions are meant to last.' },
      { date: dateOf(2), round: 2, commit: headOf(2), findingId: 'C1', title: 'Password is written to the log', action: 'fixed-in-code', status: 'fixed', reason: 'The code it quoted is no longer in src/auth.ts.' },
    ],
  );
});

test('a fix applied after the latest round shows as a row without a commit until a round confirms it', async () => {
  const ledger = recordFixApplied(await twoRounds(), renewUnchecked.fingerprint, new Date('2026-03-03T08:00:00.000Z'));

  const last = resolutionRows(ledger).at(-1);

  assert.ok(last);
  assert.deepEqual({ findingId: last.findingId, action: last.action, commit: last.commit, round: last.round }, { findingId: 'I1', action: 'fix-applied', commit: null, round: 2 });
  assert.equal(ledgerActionLabels[last.action], 'Fix applied');
});

test('prior findings for the next prompt: open first, then fixed, then declined with the reason', async () => {
  const prior = priorFindingsForPrompt(await twoRounds());

  assert.deepEqual(prior, [
    { id: 'I1', round: 2, title: 'renew does not check the session exists', severity: 'important', path: 'src/session.ts', line: 3, status: 'open', reason: null, reportedInLatestRound: true },
    { id: 'C1', round: 1, title: 'Password is written to the log', severity: 'critical', path: 'src/auth.ts', line: 2, status: 'fixed', reason: 'The code it quoted is no longer in src/auth.ts.', reportedInLatestRound: false },
    { id: 'S1', round: 1, title: 'Sessions last a year', severity: 'suggestion', path: 'src/session.ts', line: 1, status: 'declined', reason: 'Kiosk sessions are meant to last.', reportedInLatestRound: false },
  ]);
});

test('reviewer track records add up across branches: kept findings by status, and rejected false positives', async () => {
  const other = (await reconcile(emptyLedger('feature/other'), 1, v1, [renewUnchecked], [
    { title: 'Unused import', path: null, reviewerIds: ['codex'], reason: 'There is no import.' },
  ])).ledger;

  const tracks = reviewerTrack([await twoRounds(), other]);

  assert.deepEqual(tracks, [
    { reviewerId: 'claude', kept: 1, open: 0, fixed: 1, declined: 0, regressed: 0, rejected: 0 },
    { reviewerId: 'codex', kept: 3, open: 2, fixed: 1, declined: 0, regressed: 0, rejected: 2 },
    { reviewerId: 'gemini', kept: 1, open: 0, fixed: 0, declined: 1, regressed: 0, rejected: 1 },
  ]);
});
