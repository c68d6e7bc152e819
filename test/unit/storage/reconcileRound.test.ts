import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markLikelyFixed, recordDismissal, recordFixApplied, withdrawEditorResolution } from '../../../src/engine/storage/ledgerActions';
import { priorFindingsForPrompt } from '../../../src/engine/storage/ledgerViews';
import { reconcileRound } from '../../../src/engine/storage/reconcileRound';
import { emptyLedger, latestEvent, ledgerStatusOf, type Ledger, type LedgerEntry } from '../../../src/shared/ledgerModel';
import { dateOf, findingIn, headOf, reconcile, type Files } from './ledgerFixtures';

const cart = `import { db } from './db';

export async function total(cartId: string): Promise<number> {
  const rows = await db.query(\`SELECT price FROM items WHERE cart = '\${cartId}'\`);
  let sum = 0;
  for (const row of rows) {
    sum += row.price;
  }
  return sum;
}

export function discount(sum: number): number {
  return sum > 100 ? sum * 0.9 : sum;
}

export function shipping(sum: number): number {
  return sum >= 50 ? 0 : 4.99;
}
`;

const files: Files = { 'src/cart.ts': cart, 'README.md': '# shop\n' };

const sqlLine = "  const rows = await db.query(`SELECT price FROM items WHERE cart = '${cartId}'`);";
const discountLine = '  return sum > 100 ? sum * 0.9 : sum;';
const shippingLine = '  return sum >= 50 ? 0 : 4.99;';

function sql(at: Files = files, id = 'C1'): ReturnType<typeof findingIn> {
  return findingIn(at, { id, title: 'Cart id is interpolated into SQL', path: 'src/cart.ts', snippet: sqlLine, severity: 'critical', reviewers: ['claude', 'codex'] });
}
function discount(at: Files = files, id = 'S1'): ReturnType<typeof findingIn> {
  return findingIn(at, { id, title: 'Discount threshold is a magic number', path: 'src/cart.ts', snippet: discountLine, severity: 'suggestion', reviewers: ['gemini'] });
}
function shipping(at: Files = files, id = 'I1'): ReturnType<typeof findingIn> {
  return findingIn(at, { id, title: 'Shipping cost uses floating-point money', path: 'src/cart.ts', snippet: shippingLine, reviewers: ['codex'] });
}

function withCart(text: string): Files {
  return { ...files, 'src/cart.ts': text };
}

function entry(ledger: Ledger, fingerprint: string): LedgerEntry {
  const found = ledger.entries.find((candidate) => candidate.fingerprint === fingerprint);
  assert.ok(found, `no ledger entry ${fingerprint}`);
  return found;
}

async function firstRound(): Promise<Ledger> {
  return (await reconcile(emptyLedger('feature/cart'), 1, files, [sql(), shipping(), discount()])).ledger;
}

test('the first round records every finding as open, reported at the round’s commit', async () => {
  const ledger = await firstRound();

  assert.deepEqual(ledger.rounds, [{ round: 1, createdAt: dateOf(1), head: headOf(1) }]);
  const sqlEntry = entry(ledger, sql().fingerprint);
  assert.equal(ledgerStatusOf(sqlEntry), 'open');
  assert.deepEqual(sqlEntry.history.map(({ status, action, round, commit, findingId }) => ({ status, action, round, commit, findingId })), [
    { status: 'open', action: 'reported', round: 1, commit: headOf(1), findingId: 'C1' },
  ]);
  assert.equal(sqlEntry.startLine, 4);
  assert.deepEqual(sqlEntry.reporterIds, ['claude', 'codex']);
  assert.equal(sqlEntry.firstSeenRound, 1);
  assert.notEqual(sqlEntry.codeHash, null);
});

test('an open finding whose snippet is gone at the new HEAD is fixed, at that commit', async () => {
  const fixedCart = cart.replace(sqlLine, "  const rows = await db.query('SELECT price FROM items WHERE cart = $1', [cartId]);");

  const { ledger } = await reconcile(await firstRound(), 2, withCart(fixedCart), [shipping(withCart(fixedCart)), discount(withCart(fixedCart))]);

  const sqlEntry = entry(ledger, sql().fingerprint);
  assert.equal(ledgerStatusOf(sqlEntry), 'fixed');
  assert.deepEqual(latestEvent(sqlEntry), {
    status: 'fixed',
    action: 'fixed-in-code',
    round: 2,
    date: dateOf(2),
    commit: headOf(2),
    findingId: 'C1',
    reason: 'The code it quoted is no longer in src/cart.ts.',
    codeHash: sqlEntry.codeHash,
  });
  assert.equal(ledgerStatusOf(entry(ledger, shipping().fingerprint)), 'open');
});

test('an open finding whose file was deleted is fixed, saying so', async () => {
  const { ledger } = await reconcile(await firstRound(), 2, { 'README.md': '# shop\n' }, []);

  for (const fingerprint of [sql().fingerprint, shipping().fingerprint, discount().fingerprint]) {
    assert.equal(ledgerStatusOf(entry(ledger, fingerprint)), 'fixed');
    assert.equal(latestEvent(entry(ledger, fingerprint)).reason, 'src/cart.ts no longer exists.');
  }
});

test('a finding whose snippet was never found at a reviewed commit is not called fixed when it is still missing', async () => {
  const misquoted = findingIn(files, { id: 'I1', title: 'Total ignores quantity', path: 'src/cart.ts', snippet: 'sum += row.price * 1;' });
  const elsewhere = findingIn(files, { id: 'I2', title: 'Retry ignores cancellation', path: 'src/retry.ts', snippet: 'await sleep(backoff(attempt));' });
  assert.equal(misquoted.anchor.status, 'unanchored');
  const first = (await reconcile(emptyLedger('feature/cart'), 1, files, [misquoted, elsewhere])).ledger;

  const { ledger } = await reconcile(first, 2, files, []);

  for (const fingerprint of [misquoted.fingerprint, elsewhere.fingerprint]) {
    assert.equal(ledgerStatusOf(entry(ledger, fingerprint)), 'open');
    assert.equal(entry(ledger, fingerprint).lastCheckedRound, 2);
  }
});

test('an open finding not reported again while its code is still there stays open, marked as not re-reported', async () => {
  const { ledger } = await reconcile(await firstRound(), 2, files, [sql(), discount()]);

  const shippingEntry = entry(ledger, shipping().fingerprint);
  assert.equal(ledgerStatusOf(shippingEntry), 'open');
  assert.equal(shippingEntry.history.length, 1, 'no status change');
  assert.equal(shippingEntry.lastSeenRound, 1);
  assert.equal(shippingEntry.lastCheckedRound, 2);
  const prior = priorFindingsForPrompt(ledger).find((finding) => finding.title === shipping().title);
  assert.ok(prior);
  assert.equal(prior.reportedInLatestRound, false);
  assert.equal(prior.status, 'open');
});

test('a finding reported again keeps one entry, follows its code to new lines and takes the new id', async () => {
  const moved = withCart(`// Cart totals.\n\n${cart}`);

  const { ledger } = await reconcile(await firstRound(), 2, moved, [sql(moved, 'C1'), shipping(moved, 'I2'), discount(moved, 'S1')]);

  assert.equal(ledger.entries.length, 3);
  const shippingEntry = entry(ledger, shipping().fingerprint);
  assert.equal(shippingEntry.findingId, 'I2');
  assert.equal(shippingEntry.startLine, 19);
  assert.equal(shippingEntry.lastSeenRound, 2);
  assert.equal(shippingEntry.history.length, 1);
});

test('a finding fixed at a reviewed commit that is reported again has regressed', async () => {
  const without = withCart(cart.replace(`${discountLine}\n`, '  return applyDiscountPolicy(sum);\n'));
  const afterFix = (await reconcile(await firstRound(), 2, without, [])).ledger;
  assert.equal(ledgerStatusOf(entry(afterFix, discount().fingerprint)), 'fixed');

  const { ledger } = await reconcile(afterFix, 3, files, [discount(files, 'S4')]);

  const discountEntry = entry(ledger, discount().fingerprint);
  assert.equal(ledgerStatusOf(discountEntry), 'regressed');
  assert.deepEqual(
    discountEntry.history.map(({ action, round }) => [action, round]),
    [['reported', 1], ['fixed-in-code', 2], ['regressed', 3]],
  );
  assert.equal(latestEvent(discountEntry).reason, `Reported again after it was fixed in ${headOf(2).slice(0, 7)}.`);
  assert.equal(latestEvent(discountEntry).findingId, 'S4');
});

test('a fixed finding that no reviewer reports again stays fixed', async () => {
  const without = withCart(cart.replace(`${discountLine}\n`, '  return applyDiscountPolicy(sum);\n'));
  const afterFix = (await reconcile(await firstRound(), 2, without, [])).ledger;

  const { ledger } = await reconcile(afterFix, 3, files, []);

  assert.equal(ledgerStatusOf(entry(ledger, discount().fingerprint)), 'fixed');
  assert.equal(entry(ledger, discount().fingerprint).history.length, 2);
});

test('a regressed finding stays regressed while reported, and is fixed again when its code goes', async () => {
  const without = withCart(cart.replace(`${discountLine}\n`, '  return applyDiscountPolicy(sum);\n'));
  let ledger = (await reconcile(await firstRound(), 2, without, [])).ledger;
  ledger = (await reconcile(ledger, 3, files, [discount()])).ledger;
  ledger = (await reconcile(ledger, 4, files, [discount()])).ledger;
  assert.equal(ledgerStatusOf(entry(ledger, discount().fingerprint)), 'regressed');

  ledger = (await reconcile(ledger, 5, without, [])).ledger;

  assert.deepEqual(
    entry(ledger, discount().fingerprint).history.map(({ status }) => status),
    ['open', 'fixed', 'regressed', 'fixed'],
  );
});

test('a declined finding reported again with the same code stays declined and is named for the report to leave out', async () => {
  const declined = recordDismissal(await firstRound(), shipping().fingerprint, 'Prices are display-only here', new Date(dateOf(1)));
  const shiftedFar = withCart(cart.replace('import { db }', '// eslint-disable-next-line\nimport { db }'));

  const { ledger, stillDeclined } = await reconcile(declined, 2, shiftedFar, [sql(shiftedFar), shipping(shiftedFar, 'I7')]);

  assert.deepEqual(stillDeclined, [shipping().fingerprint]);
  const shippingEntry = entry(ledger, shipping().fingerprint);
  assert.equal(ledgerStatusOf(shippingEntry), 'declined');
  assert.equal(latestEvent(shippingEntry).reason, 'Prices are display-only here');
  assert.equal(shippingEntry.lastSeenRound, 2);
});

test('a declined finding reported again after the code around it changed reopens, quoting the reason it was declined for', async () => {
  const declined = recordDismissal(await firstRound(), shipping().fingerprint, 'Prices are display-only here', new Date(dateOf(1)));
  const changed = withCart(cart.replace('export function shipping(sum: number): number {', 'export function shipping(sum: number, express: boolean): number {\n  if (express) return 12.5;'));

  const { ledger, stillDeclined } = await reconcile(declined, 2, changed, [shipping(changed, 'I3')]);

  assert.deepEqual(stillDeclined, []);
  const shippingEntry = entry(ledger, shipping().fingerprint);
  assert.equal(ledgerStatusOf(shippingEntry), 'open');
  assert.deepEqual(latestEvent(shippingEntry), {
    status: 'open',
    action: 'reopened',
    round: 2,
    date: dateOf(2),
    commit: headOf(2),
    findingId: 'I3',
    reason: 'Reported again and its code changed since it was declined (Prices are display-only here).',
    codeHash: shippingEntry.codeHash,
  });
});

test('a declined finding that is not reported stays declined, even when its code is gone', async () => {
  const declined = recordDismissal(await firstRound(), discount().fingerprint, 'Policy decided by product', new Date(dateOf(1)));
  const without = withCart(cart.replace(`${discountLine}\n`, '  return applyDiscountPolicy(sum);\n'));

  const { ledger } = await reconcile(declined, 2, without, []);

  assert.equal(ledgerStatusOf(entry(ledger, discount().fingerprint)), 'declined');
  assert.equal(entry(ledger, discount().fingerprint).history.length, 2);
});

test('a fix applied in the editor is confirmed by the next round that no longer has the code, without a second event', async () => {
  const applied = recordFixApplied(await firstRound(), sql().fingerprint, new Date('2026-03-01T12:00:00.000Z'));
  assert.deepEqual(
    { ...latestEvent(entry(applied, sql().fingerprint)), codeHash: null },
    { status: 'fixed', action: 'fix-applied', round: 1, date: '2026-03-01T12:00:00.000Z', commit: null, findingId: 'C1', reason: null, codeHash: null },
  );
  const fixedCart = withCart(cart.replace(sqlLine, "  const rows = await db.query('SELECT price FROM items WHERE cart = $1', [cartId]);"));

  const { ledger } = await reconcile(applied, 2, fixedCart, []);

  const sqlEntry = entry(ledger, sql().fingerprint);
  assert.deepEqual(sqlEntry.history.map(({ action, commit }) => [action, commit]), [['reported', headOf(1)], ['fix-applied', headOf(2)]]);
});

test('a fix applied in the editor that the reviewed commit does not contain reopens the finding', async () => {
  const applied = recordFixApplied(await firstRound(), sql().fingerprint, new Date('2026-03-01T12:00:00.000Z'));

  const { ledger } = await reconcile(applied, 2, files, []);

  const sqlEntry = entry(ledger, sql().fingerprint);
  assert.equal(ledgerStatusOf(sqlEntry), 'open');
  assert.equal(latestEvent(sqlEntry).action, 'reopened');
  assert.match(latestEvent(sqlEntry).reason ?? '', /still has the code .* not committed/);
});

test('a fix applied in the editor whose finding is reported again reopens it rather than calling it a regression', async () => {
  const applied = recordFixApplied(await firstRound(), sql().fingerprint, new Date('2026-03-01T12:00:00.000Z'));

  const { ledger } = await reconcile(applied, 2, files, [sql()]);

  assert.deepEqual(entry(ledger, sql().fingerprint).history.map(({ status }) => status), ['open', 'fixed', 'open']);
});

test('likely fixed while editing, then withdrawn when the code comes back', async () => {
  const ledger = await firstRound();
  const likely = markLikelyFixed(ledger, discount().fingerprint, new Date('2026-03-01T12:00:00.000Z'));
  assert.equal(latestEvent(entry(likely, discount().fingerprint)).action, 'likely-fixed');
  assert.equal(ledgerStatusOf(entry(likely, discount().fingerprint)), 'fixed');

  const withdrawn = withdrawEditorResolution(likely, discount().fingerprint);

  assert.deepEqual(withdrawn, ledger);
});

test('an applied fix undone in the editor is withdrawn with the "likely fixed" guess before it; a dismissal is not', async () => {
  const ledger = await firstRound();
  const likely = markLikelyFixed(ledger, discount().fingerprint, new Date('2026-03-01T12:00:00.000Z'));
  const applied = recordFixApplied(likely, discount().fingerprint, new Date('2026-03-01T12:00:01.000Z'));
  assert.deepEqual(entry(applied, discount().fingerprint).history.map(({ action }) => action), ['reported', 'likely-fixed', 'fix-applied']);

  assert.deepEqual(withdrawEditorResolution(applied, discount().fingerprint), ledger);

  const declined = recordDismissal(ledger, discount().fingerprint, 'intended', new Date('2026-03-01T12:00:02.000Z'));
  assert.equal(withdrawEditorResolution(declined, discount().fingerprint), declined);
});

test('rejected findings are kept with the round for reviewers’ track records', async () => {
  const { ledger } = await reconcile(emptyLedger('feature/cart'), 1, files, [sql()], [
    { title: 'README is too short', path: 'README.md', reviewerIds: ['gemini'], reason: 'Not part of this change.' },
  ]);

  assert.deepEqual(ledger.rejections, [{ round: 1, title: 'README is too short', path: 'README.md', reviewerIds: ['gemini'], reason: 'Not part of this change.' }]);
});

test('reporters accumulate across rounds', async () => {
  const again = findingIn(files, { id: 'C1', title: sql().title, path: 'src/cart.ts', snippet: sqlLine, severity: 'critical', reviewers: ['gemini'] });

  const { ledger } = await reconcile(await firstRound(), 2, files, [again]);

  assert.deepEqual(entry(ledger, sql().fingerprint).reporterIds, ['claude', 'codex', 'gemini']);
});

test('the input ledger is not changed', async () => {
  const ledger = await firstRound();
  const before = structuredClone(ledger);

  await reconcile(ledger, 2, {}, []);

  assert.deepEqual(ledger, before);
});

test('a round must come after the ledger’s latest round', async () => {
  const ledger = await firstRound();

  await assert.rejects(
    reconcileRound(ledger, { round: 1, createdAt: dateOf(1), head: headOf(1), findings: [], readFileAtHead: () => Promise.resolve(null) }),
    /already holds round 1/,
  );
});
