import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import { runReview } from '../../../src/engine/review/runReview';
import type { ConsolidatorAnswer } from '../../../src/shared/consolidatorAnswer';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { parseReviewers } from '../../../src/shared/reviewerConfig';
import { twoFindings } from '../../fixtures/discountBranch';
import { step } from '../../fixtures/modelServer/modelServer';
import { stringsIn } from '../../fixtures/modelServer/requestText';
import { envWithoutAgentVariables } from '../../fixtures/scriptedAgents';
import { scriptedReviewSession } from '../../fixtures/scriptedReview';

// Whole reviews, recorded under .git: a Codex reviewer configured only with baseUrl/apiKeyEnv (the
// scripted Responses server stands in for a local model server) and a Claude Code consolidator that
// keeps one finding and rejects the other, twice. The second round's consolidator is told the
// reviewer's track record, and each report carries it.

const consolidation: ConsolidatorAnswer = {
  verdict: { decision: 'needs-changes', reason: 'The discount is wrong.' },
  executiveSummary: 'Adds percentage discounts, with the arithmetic off by ten.',
  findings: [{ clusters: ['K1'], severity: 'critical', severityRationale: null, title: 'Discounted prices are ten times too high', body: 'Divide by 100.', location: null }],
  rejected: [{ cluster: 'K2', reason: 'Every caller passes a constant percentage.' }],
  designObservations: [],
  testingAssessment: { summary: 'No tests.', gaps: [] },
  documentationAssessment: 'None needed.',
  commitStructure: 'One commit.',
  acknowledgedLimitations: [],
  processNotes: [],
  reviewerNotes: [{ reviewer: 'local', narrative: 'Found the division error.' }],
};

const session = scriptedReviewSession();

/** One recorded round: the local reviewer answers with the two findings, the consolidator keeps one. */
async function localRound(): Promise<{ report: ReviewReport; consolidatorRequest: string; authorization: unknown }> {
  const agents = await session.startAgents({ codex: [step.structured(twoFindings)], consolidator: { cli: 'claude', script: [step.structured(consolidation)] } });
  const endpoint = agents.servers.codex!;
  const [local] = parseReviewers([{ id: 'local', cli: 'codex', model: 'gpt-5.5', effort: 'high', command: agents.reviewers[0]!.command, baseUrl: `${endpoint.url}/v1`, apiKeyEnv: 'LOCAL_LLM_KEY' }]);
  const env: NodeJS.ProcessEnv = { ...envWithoutAgentVariables(), ...agents.env, LOCAL_LLM_KEY: 'sk-local-endpoint' };
  assert.equal(env.OPENAI_BASE_URL, undefined);
  const report = await runReview({ cwd: session.repo().root, baseBranch: 'main', reviewers: [local!], consolidator: agents.consolidator, signal: new AbortController().signal, baseEnv: env, pullRequestContext: false });
  return {
    report,
    consolidatorRequest: stringsIn(agents.servers.consolidator!.modelRequests[0]).join('\n'),
    authorization: endpoint.modelRequests[0]?.headers.authorization,
  };
}

test('a Codex reviewer on a baseUrl endpoint reviews, and its track record grows round by round and reaches the consolidator', async () => {
  const first = await localRound();

  assert.equal(first.authorization, 'Bearer sk-local-endpoint');
  assert.deepEqual(first.report.reviewers.map((run) => [run.reviewerId, run.status]), [['local', 'succeeded']]);
  assert.deepEqual(first.report.findings.map((finding) => finding.title), ['Discounted prices are ten times too high']);
  assert.doesNotMatch(first.consolidatorRequest, /reviewerTrackRecords"/, 'no history before the first round');
  assert.deepEqual(first.report.trackRecords, [{ reviewerId: 'local', cli: 'codex', model: 'gpt-5.5', kept: 1, open: 1, fixed: 0, declined: 0, regressed: 0, rejected: 1, rounds: 1 }]);

  const second = await localRound();

  assert.equal(second.report.round, 2);
  assert.ok(
    second.consolidatorRequest.includes('local (gpt-5.5): 1 kept (0 fixed, 0 declined, 1 open), 1 rejected as false positives, over 1 round'),
    'the consolidator is told the record before this round',
  );
  assert.deepEqual(second.report.trackRecords, [{ reviewerId: 'local', cli: 'codex', model: 'gpt-5.5', kept: 1, open: 1, fixed: 0, declined: 0, regressed: 0, rejected: 2, rounds: 2 }]);
  assert.match(renderMarkdownReport(second.report), /### Track record in this repository\n\n\| Reviewer \|[^\n]*\n[^\n]*\n\| `local` \| 1 \| 0 \| 0 \| 1 \| 0 \| 2 \| 2 \|/);
});

test('a review that is not recorded has no track records', async () => {
  const agents = await session.startAgents({ codex: [step.structured(twoFindings)] });

  const report = await runReview({ cwd: session.repo().root, baseBranch: 'main', reviewers: agents.reviewers, signal: new AbortController().signal, baseEnv: { ...envWithoutAgentVariables(), ...agents.env }, pullRequestContext: false, recordRounds: false });

  assert.equal(report.trackRecords, undefined);
});
