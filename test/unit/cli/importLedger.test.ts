import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { importLedgerIfNone } from '../../../src/engine/storage/importLedger';
import { openReviewStore } from '../../../src/engine/storage/reviewStore';
import { emptyLedger, type Ledger } from '../../../src/shared/ledgerModel';
import { TempRepo } from '../../fixtures/gitRepo';

const branch = 'feature/login';
let repo: TempRepo;
before(() => { repo = TempRepo.create(); });
after(() => { repo.remove(); });

const carried = (rounds: number[]): Ledger => ({
  ...emptyLedger(branch),
  rounds: rounds.map((round) => ({ round, createdAt: '2026-01-0' + String(round) + 'T00:00:00.000Z', head: String(round).repeat(40) })),
});

test('a carried ledger is adopted by a repository without history, and the next round continues its numbering', async () => {
  const store = await openReviewStore(repo.root);
  const ledger = carried([1, 2, 3]);

  assert.deepEqual(await importLedgerIfNone(store, branch, JSON.parse(JSON.stringify(ledger))), { imported: true, rounds: 3, findings: 0 });

  assert.deepEqual((await store.loadLedger(branch)).ledger, ledger);
  assert.equal(await store.nextRoundNumber(branch), 4);
  assert.deepEqual(await importLedgerIfNone(store, branch, carried([1, 2, 3, 4])), { imported: false, reason: 'this repository already has a review history of the branch' });
  assert.deepEqual((await store.loadLedger(branch)).ledger, ledger, 'the local history wins');
});

test('a ledger of another branch, an empty one or an invalid one is not adopted', async () => {
  const store = await openReviewStore(repo.root);
  assert.deepEqual(await importLedgerIfNone(store, 'other', carried([1])), { imported: false, reason: 'it is the history of branch "feature/login", not "other"' });
  assert.deepEqual(await importLedgerIfNone(store, 'other', emptyLedger('other')), { imported: false, reason: 'it holds no round' });
  const invalid = await importLedgerIfNone(store, 'other', { ...carried([2, 1]), branch: 'other' });
  assert.ok(!invalid.imported && /not a valid review history \(rounds must increase\)/.test(invalid.reason), JSON.stringify(invalid));
  assert.equal(await store.nextRoundNumber('other'), 1);
});
