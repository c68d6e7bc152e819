import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConsolidatorAnswer } from '../../../src/shared/consolidatorAnswer';
import { retroFacts } from '../../../src/shared/retroFacts';
import type { ReviewerAnswer } from '../../../src/shared/reviewerAnswer';
import { answerWith, cartFinding, twoFindings } from '../../fixtures/discountBranch';
import { step } from '../../fixtures/modelServer/modelServer';
import { stringsIn } from '../../fixtures/modelServer/requestText';
import type { ScriptedAgentScripts } from '../../fixtures/scriptedAgents';
import { scriptedReviewSession } from '../../fixtures/scriptedReview';

// The consolidator is a real agent CLI against its own scripted model server; the reviewers are real too.

const [divideBy10, negativePercent] = twoFindings.findings;
const readmeFinding: ReviewerAnswer['findings'][number] = {
  severity: 'suggestion',
  title: 'README heading is lowercase',
  body: 'Headings elsewhere are capitalised.',
  file: 'README.md',
  startLine: 1,
  endLine: 1,
  snippet: '# shop',
  fix: null,
  tags: ['docs'],
};
// Clusters in the deterministic order (severity, then file, then line): K1 the division (critical),
// K2 the cart (important), K3 negative percentages (claude + gemini, important at most), K4 the README.
const claudeAnswer = answerWith([divideBy10!, negativePercent!]);
const geminiAnswer = answerWith([cartFinding, { ...negativePercent!, severity: 'important', title: 'Negative percentage raises the price' }, readmeFinding]);

const consolidation: ConsolidatorAnswer = {
  verdict: { decision: 'merge', reason: 'Nothing blocks it.' },
  executiveSummary: 'The branch adds percentage discounts. The arithmetic is wrong by a factor of ten.',
  findings: [
    { clusters: ['K1'], severity: 'critical', severityRationale: null, title: 'Discounted prices are ten times too high', body: 'Dividing by 10 keeps 950% of the price.', location: null },
    {
      clusters: ['K3'],
      severity: 'suggestion',
      severityRationale: 'Every caller passes a constant percentage, so no user input reaches it today.',
      title: 'Negative percentages raise the price',
      body: 'Reject percentages below zero.',
      location: { file: 'src/price.js', line: 6 },
    },
    { clusters: ['K2'], severity: 'important', severityRationale: null, title: 'Cart discount is hard-coded', body: 'Take it from the promotion.', location: { file: 'src/checkout.js', line: 40 } },
  ],
  rejected: [{ cluster: 'K4', reason: 'Lowercase headings are the house style of this README.' }],
  designObservations: [{ kind: 'concern', scope: 'future', title: 'Prices as floats', body: 'Cents would avoid rounding.', reviewers: ['claude', 'nobody'] }],
  testingAssessment: { summary: 'Nothing tests the discount.', gaps: [{ risk: 'high', gap: 'A test for discounted()' }] },
  documentationAssessment: 'The README does not mention discounts.',
  commitStructure: 'One focused commit.',
  acknowledgedLimitations: [
    { quote: 'percentage discounts', source: 'commit' },
    { quote: 'Discounts above 100% are rejected on purpose.', source: 'pull request' },
  ],
  processNotes: ['claude and gemini disagreed on negative percentages.'],
  reviewerNotes: [
    { reviewer: 'claude', narrative: 'Found the factor-of-ten error.' },
    { reviewer: 'gemini', narrative: 'Widest coverage; one false positive on style.' },
    { reviewer: 'ghost', narrative: 'Not a reviewer of this run.' },
  ],
};

const session = scriptedReviewSession();
const review = (scripts: ScriptedAgentScripts) => session.review(scripts, { recordRounds: false });

test('Codex consolidates: merges, re-rates with a reason, rejects a false positive, and never moves a finding to an invented place', async () => {
  const report = await review({
    claude: [step.structured(claudeAnswer)],
    gemini: [step.structured(geminiAnswer)],
    consolidator: { cli: 'codex', script: [step.structured(consolidation)] },
  });

  assert.equal(report.consolidation.mode, 'agent');
  const run = report.consolidation.consolidator;
  assert.ok(run);
  assert.equal(run.cli, 'codex');
  assert.equal(run.status, 'succeeded');
  assert.deepEqual(
    report.findings.map((finding) => [finding.id, finding.severity, finding.title, `${finding.location.path}:${finding.anchor.startLine}`]),
    [
      ['C1', 'critical', 'Discounted prices are ten times too high', 'src/price.js:7'],
      ['I1', 'important', 'Cart discount is hard-coded', 'src/cart.js:3'],
      ['S1', 'suggestion', 'Negative percentages raise the price', 'src/price.js:6'],
    ],
  );
  assert.deepEqual(report.findings[2]?.reporters, [{ reviewerId: 'claude', severity: 'suggestion' }, { reviewerId: 'gemini', severity: 'important' }]);
  assert.ok(report.notes.some((note) => note.includes('at src/checkout.js:40, where no reviewer reported it; it stays at src/cart.js:3')), report.notes.join('\n'));

  assert.deepEqual(report.consolidation.severityChanges, [
    { findingId: 'S1', from: 'important', to: 'suggestion', rationale: 'Every caller passes a constant percentage, so no user input reaches it today.' },
  ]);
  assert.deepEqual(report.consolidation.rejected, [
    { title: 'README heading is lowercase', path: 'README.md', startLine: 1, severity: 'suggestion', reviewerIds: ['gemini'], reason: 'Lowercase headings are the house style of this README.' },
  ]);

  // A "merge" verdict over a critical finding is not taken as is.
  assert.equal(report.verdictDecision, 'needs-changes');
  assert.equal(report.verdict, 'Needs changes — 1 critical issue (C1) and 1 important issue to resolve before merging');
  assert.ok(report.notes.some((note) => /verdict "merge" is milder than its own findings allow/.test(note)));

  assert.equal(report.summary, consolidation.executiveSummary);
  assert.deepEqual(report.testing.gaps, [{ risk: 'high', gap: 'A test for discounted()' }]);
  assert.deepEqual(report.testing.byReviewer.map((entry) => entry.reviewerId), ['claude', 'gemini']);
  assert.equal(report.commitAssessment, 'One focused commit.');
  assert.deepEqual(report.designObservations[0]?.reviewerIds, ['claude']);
  assert.deepEqual(report.acknowledgedLimitations, [{ quote: 'percentage discounts', source: 'commit' }]);
  assert.ok(report.notes.some((note) => /Discounts above 100% are rejected on purpose.*left out/.test(note)));
  assert.ok(report.notes.includes('claude and gemini disagreed on negative percentages.'));
  assert.deepEqual(report.reviewers.map((run) => run.narrative), ['Found the factor-of-ten error.', 'Widest coverage; one false positive on style.']);

  const retro = retroFacts(report);
  assert.deepEqual(retro.columns.map((column) => [column.run.reviewerId, column.falsePositives, column.uniqueInsights]), [['claude', 0, 1], ['gemini', 1, 1]]);
  assert.deepEqual({ dropped: retro.totals.dropped, downgraded: retro.totals.downgraded }, { dropped: 1, downgraded: 1 });

  // The consolidator read compact clusters, not transcripts, and was told its own CLI's tools.
  const request = stringsIn(session.agents()!.servers.consolidator!.modelRequests[0]).join('\n');
  for (const [key, file] of [['K1', 'src/price.js'], ['K2', 'src/cart.js'], ['K3', 'src/price.js'], ['K4', 'README.md']] as const) {
    assert.match(request, new RegExp(`"key": "${key}",\\s*"file": "${file.replace('.', '\\.')}"`));
  }
  assert.match(request, /a shell in a read-only sandbox/);
  assert.doesNotMatch(request, /"type":"tool_use"|structured_output/);
});

test('a consolidator that fails leaves the clusters as the report, and the report says why', async () => {
  const report = await review({
    claude: [step.structured(claudeAnswer)],
    gemini: [step.structured(geminiAnswer)],
    consolidator: { cli: 'codex', script: [step.error(500, { error: { message: 'upstream exploded', type: 'server_error' } })] },
  });

  assert.equal(report.consolidation.mode, 'deterministic');
  assert.equal(report.consolidation.consolidator?.status, 'failed');
  assert.match(report.consolidation.fallbackReason ?? '', /^The consolidator \(Codex \(gpt-5\.5, high\)\) did not finish: .*\. Findings are merged by file, lines and concern only, each at the highest severity a reviewer gave, with every reporter\.$/);
  assert.deepEqual(
    report.findings.map((finding) => [finding.id, finding.title, finding.reporters.map((reporter) => reporter.reviewerId).join('+')]),
    [
      ['C1', divideBy10!.title, 'claude'],
      ['I1', cartFinding.title, 'gemini'],
      ['I2', 'Negative percentage raises the price', 'claude+gemini'],
      ['S1', readmeFinding.title, 'gemini'],
    ],
  );
  assert.equal(report.verdictDecision, 'needs-changes');
  assert.deepEqual(report.consolidation.rejected, []);
});

test('a consolidator whose answer breaks the schema is run once more, and the retro records it', async () => {
  const broken = { ...consolidation, verdict: { decision: 'ship it', reason: '' } };
  const report = await review({
    claude: [step.structured(claudeAnswer)],
    gemini: [step.structured(geminiAnswer)],
    consolidator: { cli: 'codex', script: [step.structured(broken), step.structured(consolidation)] },
  });

  assert.equal(report.consolidation.mode, 'agent');
  const retry = report.consolidation.consolidator?.retry;
  assert.ok(retry);
  assert.equal(retry.reason, 'invalid-answer');
  assert.match(retry.detail, /verdict\.decision/);
  assert.equal(retry.rerunSucceeded, true);
  assert.equal(retroFacts(report).totals.retries, 1);
});

test('Claude Code consolidates through structured output when it is not a reviewer', async () => {
  const codexAnswer = answerWith([divideBy10!]);
  const geminiOnly = answerWith([cartFinding]);
  const answer: ConsolidatorAnswer = {
    ...consolidation,
    verdict: { decision: 'needs-changes', reason: 'Fix the division first.' },
    findings: [
      { clusters: ['K1'], severity: 'critical', severityRationale: null, title: 'Ten times too high', body: 'Divide by 100.', location: null },
      { clusters: ['K2'], severity: 'important', severityRationale: null, title: 'Hard-coded cart discount', body: 'Use the promotion.', location: null },
    ],
    rejected: [],
    acknowledgedLimitations: [],
    reviewerNotes: [{ reviewer: 'codex', narrative: 'Precise.' }],
  };
  const report = await review({
    codex: [step.structured(codexAnswer)],
    gemini: [step.structured(geminiOnly)],
    consolidator: { cli: 'claude', script: [step.structured(answer)] },
  });

  assert.equal(report.consolidation.mode, 'agent');
  assert.equal(report.consolidation.consolidator?.cli, 'claude');
  assert.equal(report.verdict, 'Needs changes — Fix the division first.');
  assert.deepEqual(report.findings.map((finding) => `${finding.id} ${finding.title}`), ['C1 Ten times too high', 'I1 Hard-coded cart discount']);
  assert.deepEqual(report.reviewers.map((run) => run.narrative), ['Precise.', null]);
  const request = stringsIn(session.agents()!.servers.consolidator!.modelRequests[0]).join('\n');
  assert.match(request, /Read, Grep and Glob for files inside the checkout/);
});
