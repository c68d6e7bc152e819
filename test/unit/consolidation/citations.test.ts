import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyConsolidation } from '../../../src/engine/consolidation/applyConsolidation';
import { Citations } from '../../../src/engine/consolidation/citations';
import { clustersOf } from '../../../src/engine/consolidation/consolidatorInput';
import { buildFindings } from '../../../src/engine/findings/buildFindings';
import type { ConsolidatedFinding, ConsolidatorAnswer } from '../../../src/shared/consolidatorAnswer';
import { answerWith, branchFiles, cartFinding, twoFindings } from '../../fixtures/discountBranch';

// The consolidator writes before the findings are numbered, so it cites cluster keys ("(K3)"); the report
// must show the final ids, and never a key nor an id that names nothing.

const [divideBy10, negativePercent] = twoFindings.findings;

/** K1 division (critical, claude), K2 cart (important, gemini), K3 negative percentages (suggestion, claude). */
async function sources() {
  const built = await buildFindings({
    answers: [
      { reviewerId: 'claude', answer: answerWith([divideBy10!, negativePercent!]) },
      { reviewerId: 'gemini', answer: answerWith([cartFinding]) },
    ],
    readFileAtHead: (path) => Promise.resolve(branchFiles[path] ?? null),
  });
  return { clusters: clustersOf(built), reviewerIds: ['claude', 'gemini'], commits: [] };
}

const keep = (keys: string[], severity: ConsolidatedFinding['severity'], title: string, body = ''): ConsolidatedFinding => ({ clusters: keys, severity, severityRationale: null, title, body, location: null });

function answer(extra: Partial<ConsolidatorAnswer>): ConsolidatorAnswer {
  return {
    verdict: { decision: 'needs-changes', reason: '' },
    executiveSummary: '',
    findings: [],
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

test('keys cited in titles, bodies, design observations and narratives become the final ids of what the clusters became', async () => {
  const result = applyConsolidation(
    answer({
      // K2 (important) is listed first, yet the critical K1 becomes C1 and K2 becomes I1.
      findings: [keep(['K2'], 'important', 'Cart total ignores the discount (see K1)', 'Worse together with (K1).'), keep(['K1'], 'critical', 'Division by 10', 'Also breaks the cart (K2).')],
      rejected: [{ cluster: 'K3', reason: 'Callers clamp it; unlike (K1).' }],
      designObservations: [{ kind: 'concern', scope: 'in-scope', title: 'Arithmetic spread out', body: 'K1 and K2 share a cause.', reviewers: ['claude'] }],
      reviewerNotes: [{ reviewer: 'claude', narrative: 'Found (K1) alone; its (K3) was wrong.' }],
    }),
    await sources(),
  );
  assert.deepEqual(result.findings.map((finding) => [finding.id, finding.title, finding.body]), [
    ['C1', 'Division by 10', 'Also breaks the cart (I1).'],
    ['I1', 'Cart total ignores the discount (see C1)', 'Worse together with (C1).'],
  ]);
  assert.equal(result.rejected[0]!.reason, 'Callers clamp it; unlike (C1).');
  assert.equal(result.designObservations[0]!.body, 'C1 and I1 share a cause.');
  assert.equal(result.narratives.get('claude'), `Found (C1) alone; its (rejected: “${negativePercent!.title}”) was wrong.`);
  assert.deepEqual(result.corrections, []);
});

test('a key of no cluster or an id of no finding is taken out and said, never shown', async () => {
  const result = applyConsolidation(answer({ findings: [keep(['K1'], 'critical', 'Division', 'See (K7) and (I9, K2).'), keep(['K2', 'K3'], 'important', 'Cart')] }), await sources());
  const text = result.citations.resolve('Fix (K1) first, then K9; (S4) can wait. The constant `K2_LIMIT` is fine.', 'the verdict');
  assert.equal(result.findings[0]!.body, 'See and (I1).');
  assert.equal(text, 'Fix (C1) first, then a finding it did not name; can wait. The constant `K2_LIMIT` is fine.');
  assert.deepEqual(result.corrections, [
    'The consolidator cited a group of findings it was not given in the text of C1; the citation was taken out.',
    'The consolidator cited I9 in the text of C1, which is no finding of this report; the citation was taken out.',
    'The consolidator cited S4 in the verdict, which is no finding of this report; the citation was taken out.',
    'The consolidator cited a group of findings it was not given in the verdict; the citation was taken out.',
  ]);
});

test('no internal key survives anywhere in a resolved text; code, K8s and S3 buckets are left alone', () => {
  const corrections: string[] = [];
  const citations = new Citations({ idsByKey: new Map([['K1', 'I1']]), rejectedTitlesByKey: new Map(), finalIds: new Set(['I1']) }, corrections);
  const resolved = citations.resolve('K1, `K1`, (K1 and K12), [K12], K8s, an S3 bucket, C99 and ```\nconst K5 = 1;\n```', 'the summary');
  assert.equal(resolved, 'I1, I1, (I1), [a finding it did not name], K8s, an S3 bucket, C99 and ```\nconst K5 = 1;\n```');
  assert.equal(corrections.length, 1, 'one problem, said once');
});
