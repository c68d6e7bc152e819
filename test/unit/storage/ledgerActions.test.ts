import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markLikelyFixed, recordDismissal, recordFixApplied } from '../../../src/engine/storage/ledgerActions';
import { ReviewStoreError } from '../../../src/engine/storage/storageErrors';
import { emptyLedger, latestEvent, ledgerStatusOf, type Ledger } from '../../../src/shared/ledgerModel';
import { findingIn, headOf, reconcile, type Files } from './ledgerFixtures';

const files: Files = { 'src/queue.ts': 'export function drain(queue: Job[]): void {\n  while (queue.length) queue.shift()!.run();\n}\n' };
const unsafeShift = findingIn(files, { id: 'I1', title: 'Non-null assertion on shift()', path: 'src/queue.ts', snippet: 'queue.shift()!.run();' });
const when = new Date('2026-03-05T09:30:00.000Z');

async function reviewed(): Promise<Ledger> {
  return (await reconcile(emptyLedger('fix/queue'), 1, files, [unsafeShift])).ledger;
}

test('dismissing records the reason, the date and the commit the user looked at', async () => {
  const ledger = recordDismissal(await reviewed(), unsafeShift.fingerprint, '  The loop checks length first.  ', when);

  const event = latestEvent(ledger.entries[0]!);
  assert.equal(ledgerStatusOf(ledger.entries[0]!), 'declined');
  assert.deepEqual({ ...event, codeHash: null }, {
    status: 'declined',
    action: 'declined',
    round: 1,
    date: '2026-03-05T09:30:00.000Z',
    commit: headOf(1),
    findingId: 'I1',
    reason: 'The loop checks length first.',
    codeHash: null,
  });
  assert.equal(event.codeHash, ledger.entries[0]!.codeHash, 'the code it was declined for is remembered');
});

test('a dismissal needs a reason', async () => {
  const ledger = await reviewed();

  assert.throws(() => recordDismissal(ledger, unsafeShift.fingerprint, '   ', when), /needs a reason/);
});

test('dismissing again with the same reason changes nothing', async () => {
  const once = recordDismissal(await reviewed(), unsafeShift.fingerprint, 'Checked by the loop.', when);

  assert.equal(recordDismissal(once, unsafeShift.fingerprint, 'Checked by the loop.', new Date()), once);
});

test('applying a fix marks the finding fixed with the action "fix applied", its commit unknown yet', async () => {
  const ledger = recordFixApplied(await reviewed(), unsafeShift.fingerprint, when);

  const event = latestEvent(ledger.entries[0]!);
  assert.equal(event.status, 'fixed');
  assert.equal(event.action, 'fix-applied');
  assert.equal(event.commit, null);
  assert.equal(event.date, '2026-03-05T09:30:00.000Z');
});

test('applying the fix after the editor saw the code go upgrades "likely fixed" to "fix applied"', async () => {
  const likely = markLikelyFixed(await reviewed(), unsafeShift.fingerprint, when);

  const applied = recordFixApplied(likely, unsafeShift.fingerprint, when);

  assert.deepEqual(applied.entries[0]!.history.map(({ action }) => action), ['reported', 'likely-fixed', 'fix-applied']);
  assert.equal(recordFixApplied(applied, unsafeShift.fingerprint, when), applied, 'a second apply changes nothing');
});

test('"likely fixed" does not touch a declined finding', async () => {
  const declined = recordDismissal(await reviewed(), unsafeShift.fingerprint, 'Intended.', when);

  assert.equal(markLikelyFixed(declined, unsafeShift.fingerprint, when), declined);
});

test('acting on a finding the ledger does not know is an error the user can act on', async () => {
  const ledger = await reviewed();

  assert.throws(
    () => recordDismissal(ledger, 'feedfacefeedface', 'No.', when),
    (error: unknown) => error instanceof ReviewStoreError && error.problem === 'unknown-finding' && /not in the review history of fix\/queue/.test(error.message) && error.hint !== undefined,
  );
});
