import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carryOpenFindings, verdictWithCarried } from '../../../src/engine/review/carryOpenFindings';
import { recordDismissal } from '../../../src/engine/storage/ledgerActions';
import type { Finding } from '../../../src/shared/findingModel';
import { emptyLedger, ledgerStatusOf, type Ledger } from '../../../src/shared/ledgerModel';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';
import { findingIn, reconcile, type Files } from '../storage/ledgerFixtures';

// An incremental round carries the findings still open from earlier rounds into its report. The ledger is
// reconciled the way a recorded round reconciles it; files are the repository's at each reviewed commit.

const round1: Files = {
  'src/cart.ts': ['export function total(items) {', '  let sum = 0;', '  for (const item of items) sum += item.price;', '  return sum;', '}', ''].join('\n'),
  'src/ship.ts': ['export function shipping(sum) {', '  return sum >= 50 ? 0 : 4.99;', '}', ''].join('\n'),
};
const floatSum = '  for (const item of items) sum += item.price;';
const shippingLine = '  return sum >= 50 ? 0 : 4.99;';

const sumFinding = (files: Files, id = 'I1'): Finding => findingIn(files, { id, title: 'Prices are summed as floats', path: 'src/cart.ts', snippet: floatSum });
const shipFinding = (files: Files, id = 'S1'): Finding =>
  findingIn(files, { id, title: 'Free-shipping threshold is a magic number', path: 'src/ship.ts', snippet: shippingLine, severity: 'suggestion', reviewers: ['gemini'] });

function reportOf(round: number, findings: Finding[]): ReviewReport {
  return { ...sampleReport(), round, findings };
}

/** Round 1 reported both findings; the returned ledger and report are round 1's. */
async function afterRound1(): Promise<{ ledger: Ledger; report: ReviewReport }> {
  const findings = [sumFinding(round1), shipFinding(round1)];
  const { ledger } = await reconcile(emptyLedger('feature/cart'), 1, round1, findings);
  return { ledger, report: reportOf(1, findings) };
}

async function carryAt(files: Files, ledger: Ledger, findings: Finding[], reports: Record<number, ReviewReport>, renames = new Map<string, string>()) {
  const reconciled = await reconcile(ledger, 2, files, findings);
  const carried = await carryOpenFindings({
    findings,
    ledger: reconciled.ledger,
    round: 2,
    previousRound: 1,
    loadReport: (round) => Promise.resolve(reports[round] ?? null),
    readFileAtHead: (path) => Promise.resolve(files[path] ?? null),
    renames,
  });
  return { ...carried, reconciled: reconciled.ledger };
}

test('an open finding the new round did not report is carried over, re-anchored where its code moved, numbered after the new findings', async () => {
  const { ledger, report } = await afterRound1();
  // The new commit adds a header comment to cart.ts (the finding's line moves down by two) and one new problem.
  const round2: Files = { ...round1, 'src/cart.ts': `// Cart totals.\n// Prices in cents.\n${round1['src/cart.ts']!}` };
  const newFinding = findingIn(round2, { id: 'I1', title: 'Header says cents but prices are floats', path: 'src/cart.ts', snippet: '// Prices in cents.' });

  const { findings, carried, ledger: after, notes } = await carryAt(round2, ledger, [newFinding], { 1: report });

  assert.deepEqual(findings.map((finding) => [finding.id, finding.title, finding.carriedFrom ?? null]), [
    ['I1', 'Header says cents but prices are floats', null],
    ['I2', 'Prices are summed as floats', { round: 1, findingId: 'I1' }],
    ['S1', 'Free-shipping threshold is a magic number', { round: 1, findingId: 'S1' }],
  ]);
  const sum = carried.find((finding) => finding.title === 'Prices are summed as floats')!;
  assert.deepEqual(sum.anchor, { status: 'exact', startLine: 5, endLine: 5 }, 'anchored where the line is now');
  assert.deepEqual([sum.location.startLine, sum.location.endLine], [5, 5]);
  assert.equal(sum.body, 'About Prices are summed as floats.', 'the body is the earlier report’s');
  const entry = after.entries.find((candidate) => candidate.fingerprint === sum.fingerprint)!;
  assert.deepEqual([entry.findingId, entry.startLine, entry.lastSeenRound, ledgerStatusOf(entry)], ['I2', 5, 2, 'open'], 'the ledger shows it as this report does');
  assert.deepEqual(entry.history.map((event) => event.action), ['reported'], 'carrying is not reporting it again');
  assert.ok(notes.some((note) => note.startsWith('I2, S1 are still open from earlier rounds')), notes.join('\n'));
});

test('a finding reported again, fixed in code, or declined is not carried', async () => {
  const { ledger: reviewed, report } = await afterRound1();
  const declined = recordDismissal(reviewed, shipFinding(round1).fingerprint, 'Marketing decides the threshold', new Date('2026-03-01T12:00:00Z'));
  // The new commit rewrites the summing loop: the float finding is fixed.
  const round2: Files = { ...round1, 'src/cart.ts': round1['src/cart.ts']!.replace(floatSum, '  for (const item of items) sum += Math.round(item.price * 100);') };
  const { carried: none } = await carryAt(round2, declined, [], { 1: report });
  assert.deepEqual(none, []);

  // Reported again this round: it is this round's finding, not a carried one.
  const again = sumFinding(round1, 'I1');
  const { findings, carried } = await carryAt(round1, reviewed, [again], { 1: report });
  assert.deepEqual(carried.map((finding) => finding.title), ['Free-shipping threshold is a magic number']);
  assert.deepEqual(findings.map((finding) => finding.id), ['I1', 'S1']);
});

test('findings in a file renamed since the previous round follow it', async () => {
  const { ledger, report } = await afterRound1();
  const round2: Files = { 'src/cart.ts': round1['src/cart.ts']!, 'src/shipping.ts': round1['src/ship.ts']! };
  const renames = new Map([['src/ship.ts', 'src/shipping.ts']]);
  // The ledger reads an old path that was renamed as its new name (recordRound does this with the same map).
  const readRenamed = (path: string): string | null => round2[path] ?? round2[renames.get(path) ?? ''] ?? null;
  const reconciled = await reconcile(ledger, 2, { ...round2, 'src/ship.ts': readRenamed('src/ship.ts')! }, []);

  const { carried, ledger: after } = await carryOpenFindings({
    findings: [],
    ledger: reconciled.ledger,
    round: 2,
    previousRound: 1,
    loadReport: () => Promise.resolve(report),
    readFileAtHead: (path) => Promise.resolve(round2[path] ?? null),
    renames,
  });

  const ship = carried.find((finding) => finding.title.startsWith('Free-shipping'))!;
  assert.equal(ship.location.path, 'src/shipping.ts');
  assert.equal(ship.anchor.status, 'exact');
  assert.equal(after.entries.find((entry) => entry.fingerprint === ship.fingerprint)!.path, 'src/shipping.ts');
});

test('a finding left out of the previous report is taken from the report of the round that last reported it; without one, a note says so', async () => {
  const { ledger, report } = await afterRound1();
  const round2Report = reportOf(2, []);
  const round2 = await reconcile(ledger, 2, round1, []);
  const fromOlder = await carryOpenFindings({
    findings: [],
    ledger: (await reconcile(round2.ledger, 3, round1, [])).ledger,
    round: 3,
    previousRound: 2,
    loadReport: (round) => Promise.resolve(round === 1 ? report : round === 2 ? round2Report : null),
    readFileAtHead: (path) => Promise.resolve(round1[path] ?? null),
    renames: new Map(),
  });
  assert.deepEqual(fromOlder.carried.map((finding) => finding.carriedFrom), [{ round: 1, findingId: 'I1' }, { round: 1, findingId: 'S1' }]);

  const missing = await carryOpenFindings({
    findings: [],
    ledger: round2.ledger,
    round: 2,
    previousRound: 1,
    loadReport: () => Promise.resolve(null),
    readFileAtHead: (path) => Promise.resolve(round1[path] ?? null),
    renames: new Map(),
  });
  assert.deepEqual(missing.carried, []);
  assert.match(missing.notes.join('\n'), /2 finding\(s\) still open from earlier rounds \("Prices are summed as floats", "Free-shipping threshold is a magic number"\) are not in this report/);
});

test('a carried finding keeps where it was first carried from, and drops a fix verification made at an older commit', async () => {
  const { ledger } = await afterRound1();
  const verified: Finding = { ...sumFinding(round1, 'I3'), carriedFrom: { round: 1, findingId: 'I1' }, fixVerification: { status: 'passed', durationMs: 10, detail: null } };
  const previous = reportOf(2, [verified, shipFinding(round1)]);
  const round2 = await reconcile(ledger, 2, round1, []);
  const reconciled = await reconcile(round2.ledger, 3, round1, []);
  const { carried } = await carryOpenFindings({
    findings: [],
    ledger: reconciled.ledger,
    round: 3,
    previousRound: 2,
    loadReport: (round) => Promise.resolve(round === 2 ? previous : null),
    readFileAtHead: (path) => Promise.resolve(round1[path] ?? null),
    renames: new Map(),
  });
  const sum = carried.find((finding) => finding.title === 'Prices are summed as floats')!;
  assert.deepEqual(sum.carriedFrom, { round: 1, findingId: 'I1' });
  assert.equal(sum.fixVerification, undefined);
});

test('carried findings count in the verdict: a consolidator’s milder verdict is raised, a deterministic one is made again', () => {
  const report = sampleReport();
  const carried: Finding = { ...sumFinding(round1, 'C1'), severity: 'critical', carriedFrom: { round: 1, findingId: 'C1' } };
  const agent = verdictWithCarried({ ...report, verdictDecision: 'merge', verdict: 'Merge' }, [carried], [carried]);
  assert.equal(agent.verdictDecision, 'needs-changes');
  assert.match(agent.verdict, /^Needs changes — 1 critical issue \(C1\)/);
  assert.match(agent.note ?? '', /still open from earlier rounds \(C1\): the consolidator's "merge" is raised to "needs-changes"/);

  const deterministic = verdictWithCarried({ ...report, verdictDecision: 'merge', verdict: 'Merge', consolidation: { ...report.consolidation, mode: 'deterministic' } }, [carried], [carried]);
  assert.deepEqual([deterministic.verdictDecision, deterministic.note], ['needs-changes', null]);

  const nothingCarried = verdictWithCarried({ ...report, verdictDecision: 'merge', verdict: 'Merge' }, [], []);
  assert.deepEqual(nothingCarried, { verdictDecision: 'merge', verdict: 'Merge', note: null });
});
