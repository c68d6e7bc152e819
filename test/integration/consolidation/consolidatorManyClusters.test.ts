import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConsolidatorAnswer } from '../../../src/shared/consolidatorAnswer';
import type { AgentCli } from '../../../src/shared/reviewerConfig';
import type { ReviewerAnswer } from '../../../src/shared/reviewerAnswer';
import { answerWith, createDiscountRepo } from '../../fixtures/discountBranch';
import { step } from '../../fixtures/modelServer/modelServer';
import { stringsIn } from '../../fixtures/modelServer/requestText';
import { scriptedReviewSession } from '../../fixtures/scriptedReview';

// A review with more groups of findings than one command-line argument could hold (about 248 did, 128 KiB):
// the consolidator's prompt goes by stdin, so a real CLI against its scripted server sees every group.

const clusterCount = 1_200;
const valuesFile = 'src/values.js';
const lines = Array.from({ length: clusterCount }, (_, index) => `export const limit${index} = compute(${index} * 7, "unit-${index}");`);
const findings: ReviewerAnswer['findings'] = lines.map((line, index) => ({
  severity: 'suggestion',
  title: `Magic number in limit ${index} of batch ${index % 37}`,
  body: `limit${index} multiplies by 7 where the named constant from the pricing module belongs; ${'the reason is spelled out at length. '.repeat(3)}`,
  file: valuesFile,
  startLine: index + 1,
  endLine: index + 1,
  snippet: line,
  fix: null,
  tags: ['maintainability'],
}));
const keys = lines.map((_, index) => `K${index + 1}`);
const lastKey = keys.at(-1)!;
const consolidation: ConsolidatorAnswer = {
  verdict: { decision: 'merge', reason: 'Only naming suggestions.' },
  executiveSummary: `One problem repeated ${clusterCount - 1} times, and one false positive.`,
  findings: [{ clusters: keys.slice(0, -1), severity: 'suggestion', severityRationale: null, title: 'Name the multiplier', body: 'Every limit repeats the same literal 7.', location: null }],
  rejected: [{ cluster: lastKey, reason: 'The last limit is the constant itself.' }],
  designObservations: [],
  testingAssessment: { summary: '', gaps: [] },
  documentationAssessment: '',
  commitStructure: '',
  acknowledgedLimitations: [],
  processNotes: [],
  reviewerNotes: [],
};

const session = scriptedReviewSession();

for (const cli of ['codex', 'claude'] as const satisfies readonly AgentCli[]) {
  test(`${cli} consolidates ${clusterCount} groups of findings: its prompt goes by stdin and holds every group`, async () => {
    session.useRepo(createDiscountRepo({ [valuesFile]: `${lines.join('\n')}\n` }));
    const reviewer = cli === 'codex' ? 'claude' : 'codex';
    const report = await session.review({ [reviewer]: [step.structured(answerWith(findings))], consolidator: { cli, script: [step.structured(consolidation)] } }, { recordRounds: false });

    assert.equal(report.consolidation.mode, 'agent', report.consolidation.fallbackReason ?? '');
    assert.equal(report.consolidation.consolidator?.status, 'succeeded');
    assert.deepEqual(report.findings.map((finding) => finding.title), ['Name the multiplier']);
    assert.deepEqual(report.consolidation.rejected.map((rejected) => rejected.reason), ['The last limit is the constant itself.']);
    assert.equal(report.notes.filter((note) => /did not rule on/.test(note)).length, 0);
    const request = stringsIn(session.agents()!.servers.consolidator!.modelRequests[0]).join('\n');
    assert.ok(Buffer.byteLength(request, 'utf8') > 128 * 1024, `the prompt (${Buffer.byteLength(request, 'utf8')} bytes) is more than one argument could hold`);
    for (const key of ['K1', 'K600', lastKey]) assert.match(request, new RegExp(`"key": "${key}"`));
    assert.match(request, /Magic number in limit 1199 of batch 15/);
  });
}
