import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCommitFileReader } from '../../../src/engine/git/commitFileReader';
import { recordDismissal } from '../../../src/engine/storage/ledgerActions';
import { priorFindingsForPrompt, resolutionRows } from '../../../src/engine/storage/ledgerViews';
import { reconcileRound } from '../../../src/engine/storage/reconcileRound';
import { openReviewStore, type ReviewStore } from '../../../src/engine/storage/reviewStore';
import type { Finding } from '../../../src/shared/findingModel';
import { findingIn, type FindingDraft } from '../../unit/storage/ledgerFixtures';
import { reportOf, tempRepo } from './storeTestSupport';

// Three review rounds of one branch on a real repository, as the extension runs them: each round is
// saved with its ledger update, the user declines a finding between rounds, and commits change the code.

const orders = (refundLine: string, totalLine: string): string => `export function orderTotal(items: Item[]): number {
  let total = 0;
  for (const item of items) total += item.price * item.qty;
${totalLine}
}

export function cancel(order: Order): void {
  order.status = 'cancelled';
}

export function refund(order: Order): number {
${refundLine}
}
`;

const rounding = '  return Math.round(total);';
const negativeRefund = '  return order.paid - order.fee;';

const drafts = {
  rounding: { title: 'Total is rounded to whole units', path: 'src/orders.ts', snippet: rounding, reviewers: ['claude'] },
  noAudit: { title: 'Cancelling leaves no audit trail', path: 'src/orders.ts', snippet: "  order.status = 'cancelled';", severity: 'suggestion', reviewers: ['gemini'] },
  refund: { title: 'Refund can be negative when the fee exceeds the payment', path: 'src/orders.ts', snippet: negativeRefund, reviewers: ['codex', 'claude'] },
} satisfies Record<string, Omit<FindingDraft, 'id'>>;

/** A round as the review would produce it: findings anchored in the files of the commit reviewed. */
async function reviewRound(store: ReviewStore, repoRoot: string, head: string, createdAt: string, reported: Array<[keyof typeof drafts, string]>) {
  const read = createCommitFileReader(repoRoot, head);
  const files = { 'src/orders.ts': (await read('src/orders.ts')) ?? '' };
  const findings: Finding[] = reported.map(([name, id]) => findingIn(files, { ...drafts[name], id }));
  const report = reportOf('feature/orders', head, findings, createdAt);
  let stillDeclined: string[] = [];
  const saved = await store.saveRound('feature/orders', {
    report,
    transcripts: { claude: '{"type":"result"}\n' },
    reconcile: async (ledger, round) => {
      const result = await reconcileRound(ledger, { round, createdAt, head, findings, readFileAtHead: read });
      stillDeclined = result.stillDeclined;
      // The stored report leaves out what the user declined.
      return { ledger: result.ledger, report: { ...report, findings: findings.filter((finding) => !stillDeclined.includes(finding.fingerprint)) } };
    },
  });
  return { ...saved, findings, stillDeclined };
}

test('three rounds: one finding fixed by a commit, one declined, one fixed and then back', async (t) => {
  const repo = tempRepo(t, { 'src/orders.ts': orders(negativeRefund, rounding) });
  repo.branch('feature/orders');
  const store = await openReviewStore(repo.root);

  const head1 = repo.git('rev-parse', 'HEAD');
  const round1 = await reviewRound(store, repo.root, head1, '2026-03-02T10:00:00.000Z', [['rounding', 'I1'], ['refund', 'I2'], ['noAudit', 'S1']]);
  const [rounding1, refund1, noAudit1] = round1.findings as [Finding, Finding, Finding];
  await store.updateLedger('feature/orders', (ledger) => recordDismissal(ledger, noAudit1.fingerprint, 'Audit rows are written by a database trigger', new Date('2026-03-02T11:30:00.000Z')));

  repo.write({ 'src/orders.ts': orders('  return Math.max(0, order.paid - order.fee);', '  return total;') });
  const head2 = repo.commitAll('Keep cents in totals; never refund a negative amount');
  const round2 = await reviewRound(store, repo.root, head2, '2026-03-03T10:00:00.000Z', [['noAudit', 'S1']]);

  repo.write({ 'src/orders.ts': orders(negativeRefund, '  return total;') });
  const head3 = repo.commitAll('Simplify refund');
  const round3 = await reviewRound(store, repo.root, head3, '2026-03-04T10:00:00.000Z', [['refund', 'I1'], ['noAudit', 'S1']]);

  assert.deepEqual([round1.round, round2.round, round3.round], [1, 2, 3]);
  assert.deepEqual(round2.stillDeclined, [noAudit1.fingerprint], 'the declined finding is left out of round 2');
  assert.deepEqual(round3.stillDeclined, [noAudit1.fingerprint], 'and of round 3: its code did not change');
  assert.deepEqual((await store.loadRound('feature/orders', 2)).findings, []);
  assert.deepEqual((await store.loadRound('feature/orders', 3)).findings.map(({ id, title }) => `${id} ${title}`), ['I1 Refund can be negative when the fee exceeds the payment']);
  const { ledger } = await store.loadLedger('feature/orders');
  assert.deepEqual(resolutionRows(ledger).map(({ date, round, commit, findingId, title, action }) => ({ date, round, commit, finding: `${findingId} ${title}`, action })), [
    { date: '2026-03-02T11:30:00.000Z', round: 1, commit: head1, finding: 'S1 Cancelling leaves no audit trail', action: 'declined' },
    { date: '2026-03-03T10:00:00.000Z', round: 2, commit: head2, finding: 'I1 Total is rounded to whole units', action: 'fixed-in-code' },
    { date: '2026-03-03T10:00:00.000Z', round: 2, commit: head2, finding: 'I2 Refund can be negative when the fee exceeds the payment', action: 'fixed-in-code' },
    { date: '2026-03-04T10:00:00.000Z', round: 3, commit: head3, finding: 'I1 Refund can be negative when the fee exceeds the payment', action: 'regressed' },
  ]);
  assert.deepEqual(
    priorFindingsForPrompt(ledger).map(({ id, round, status, reason }) => ({ id, round, status, reason })),
    [
      { id: 'I1', round: 3, status: 'regressed', reason: `Reported again after it was fixed in ${head2.slice(0, 7)}.` },
      { id: 'I1', round: 1, status: 'fixed', reason: 'The code it quoted is no longer in src/orders.ts.' },
      { id: 'S1', round: 3, status: 'declined', reason: 'Audit rows are written by a database trigger' },
    ],
  );
  assert.deepEqual(ledger.entries.map(({ fingerprint }) => fingerprint), [rounding1.fingerprint, refund1.fingerprint, noAudit1.fingerprint]);
  assert.deepEqual((await store.listRounds('feature/orders')).rounds.map(({ round, head }) => [round, head]), [[1, head1], [2, head2], [3, head3]]);
  assert.equal(repo.git('status', '--porcelain'), '');
});
