import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyConsolidation } from '../../../src/engine/consolidation/applyConsolidation';
import { clustersOf, type FindingCluster } from '../../../src/engine/consolidation/consolidatorInput';
import { buildFindings } from '../../../src/engine/findings/buildFindings';
import type { ConsolidatedFinding, ConsolidatorAnswer } from '../../../src/shared/consolidatorAnswer';
import { answerWith, branchFiles, cartFinding, twoFindings } from '../../fixtures/discountBranch';

const [divideBy10, negativePercent] = twoFindings.findings;

/** K1 division (critical, claude), K2 cart (important, gemini), K3 negative percentages (suggestion, claude). */
async function clusters(): Promise<FindingCluster[]> {
  const built = await buildFindings({
    answers: [
      { reviewerId: 'claude', answer: answerWith([divideBy10!, negativePercent!]) },
      { reviewerId: 'gemini', answer: answerWith([cartFinding]) },
    ],
    readFileAtHead: (path) => Promise.resolve(branchFiles[path] ?? null),
  });
  return clustersOf(built);
}

function answer(findings: ConsolidatedFinding[], extra: Partial<ConsolidatorAnswer> = {}): ConsolidatorAnswer {
  return {
    verdict: { decision: 'needs-changes', reason: 'Fix C1.' },
    executiveSummary: 'Summary.',
    findings,
    rejected: [],
    designObservations: [],
    testingAssessment: { summary: '', gaps: [] },
    documentationAssessment: '',
    commitStructure: '',
    acknowledgedLimitations: [],
    processNotes: [],
    reviewerNotes: [],
    ...extra,
  };
}

const keep = (keys: string[], severity: ConsolidatedFinding['severity'], title: string, location: ConsolidatedFinding['location'] = null): ConsolidatedFinding => ({
  clusters: keys,
  severity,
  severityRationale: null,
  title,
  body: '',
  location,
});

const sources = async () => ({ clusters: await clusters(), reviewerIds: ['claude', 'gemini'], commits: [{ hash: 'abc1234', subject: 'Add discounts', body: 'Rounding is left for later.' }] });

test('the cluster keys follow the deterministic order of the findings', async () => {
  assert.deepEqual((await clusters()).map((cluster) => [cluster.key, cluster.finding.title]), [
    ['K1', divideBy10!.title],
    ['K2', cartFinding.title],
    ['K3', negativePercent!.title],
  ]);
});

test('two clusters judged to be one problem become one finding with every reporter and the other lines as extra locations', async () => {
  const result = applyConsolidation(answer([keep(['K1', 'K3'], 'critical', 'Discount arithmetic is wrong'), keep(['K2'], 'important', 'Cart')]), await sources());
  const merged = result.findings[0]!;
  assert.equal(merged.id, 'C1');
  assert.equal(merged.location.path, 'src/price.js');
  assert.equal(merged.anchor.startLine, 7);
  assert.deepEqual(merged.extraLocations.map((location) => `${location.path}:${location.startLine}`), ['src/price.js:6']);
  assert.deepEqual(merged.reporters, [{ reviewerId: 'claude', severity: 'critical' }]);
  assert.deepEqual(result.mergedClusters, [{ findingId: 'C1', clusterCount: 2 }]);
  assert.ok(merged.fix, 'the fix of the first cluster is kept');
});

test('a location must be one a reviewer reported for the cluster; the primary may move to another reported line', async () => {
  const result = applyConsolidation(answer([keep(['K3', 'K1'], 'critical', 'Arithmetic', { file: 'src/price.js', line: 7 }), keep(['K2'], 'important', 'Cart', { file: 'src/cart.js', line: 99 })]), await sources());
  assert.equal(result.findings[0]!.anchor.startLine, 7, 'moved to a line a reviewer reported');
  assert.equal(result.findings[1]!.anchor.startLine, 3, 'an invented line is refused');
  assert.ok(result.corrections.some((note) => note.includes('at src/cart.js:99, where no reviewer reported it; it stays at src/cart.js:3')));
});

test('unknown keys, a second ruling on a cluster and a cluster without a ruling are corrected, not trusted', async () => {
  const result = applyConsolidation(
    answer([keep(['K1', 'K9'], 'critical', 'Arithmetic')], { rejected: [{ cluster: 'K1', reason: 'Nope.' }, { cluster: 'K3', reason: 'Callers clamp the percentage.' }] }),
    await sources(),
  );
  assert.deepEqual(result.findings.map((finding) => [finding.id, finding.title]), [['C1', 'Arithmetic'], ['I1', cartFinding.title]]);
  assert.deepEqual(result.rejected.map((rejected) => [rejected.title, rejected.reason, rejected.reviewerIds]), [[negativePercent!.title, 'Callers clamp the percentage.', ['claude']]]);
  assert.ok(result.corrections.some((note) => note.includes('kept a finding for a group of findings it was not given')));
  assert.ok(result.corrections.some((note) => note.includes(`ruled twice on "${divideBy10!.title}"`)));
  assert.ok(result.corrections.some((note) => note.includes(`did not rule on "${cartFinding.title}" (I1)`)));
  assert.ok(result.corrections.every((note) => !/\bK\d+\b/.test(note)), 'no correction names an internal cluster key');
});

test('a severity other than the highest reported is a change with its reason, or "No reason given."', async () => {
  const lowered = { ...keep(['K1'], 'important', 'Arithmetic'), severityRationale: 'Only used in a preview.' };
  const result = applyConsolidation(answer([lowered, keep(['K2'], 'suggestion', 'Cart'), keep(['K3'], 'suggestion', 'Negative')], { verdict: { decision: 'merge-with-fixes', reason: 'Fix I1.' } }), await sources());
  assert.deepEqual(result.severityChanges, [
    { findingId: 'I1', from: 'critical', to: 'important', rationale: 'Only used in a preview.' },
    { findingId: 'S1', from: 'important', to: 'suggestion', rationale: 'No reason given.' },
  ]);
  assert.equal(result.verdictDecision, 'merge-with-fixes');
});

test('a verdict milder than the findings is raised; quotes must be the author’s words; unknown reviewers are dropped', async () => {
  const result = applyConsolidation(
    answer([keep(['K1'], 'critical', 'A'), keep(['K2'], 'important', 'B'), keep(['K3'], 'suggestion', 'C')], {
      verdict: { decision: 'merge', reason: '' },
      acknowledgedLimitations: [
        { quote: 'rounding is  left for later.', source: 'commit abc1234' },
        { quote: 'Taxes are out of scope.', source: 'commit abc1234' },
      ],
      designObservations: [{ kind: 'strength', scope: 'in-scope', title: 'Small', body: '', reviewers: ['gemini', 'ghost'] }],
      reviewerNotes: [{ reviewer: 'ghost', narrative: 'Boo.' }, { reviewer: 'claude', narrative: ' Sharp. ' }],
    }),
    await sources(),
  );
  assert.equal(result.verdictDecision, 'needs-changes');
  assert.deepEqual(result.acknowledgedLimitations.map((limitation) => limitation.quote), ['rounding is  left for later.']);
  assert.ok(result.corrections.some((note) => note.includes('"Taxes are out of scope."') && note.includes('left out')));
  assert.deepEqual(result.designObservations[0]?.reviewerIds, ['gemini']);
  assert.deepEqual([...result.narratives], [['claude', 'Sharp.']]);
});
