import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildConsolidatorInput, clustersOf } from '../../../src/engine/consolidation/consolidatorInput';
import { buildFindings } from '../../../src/engine/findings/buildFindings';
import { renderConsolidatorPrompt } from '../../../src/engine/prompts/consolidatorPrompt';
import { answerWith, branchFiles, twoFindings } from '../../fixtures/discountBranch';
import { sampleReport } from '../../fixtures/sampleReport';

const claudeLine = 'claude (opus): 40 kept (12 fixed, 3 declined, 25 open), 5 rejected as false positives, over 6 rounds';

async function sources(reviewerTrackRecords?: string[]) {
  const answers = [{ reviewerId: 'claude', answer: answerWith(twoFindings.findings) }];
  const built = await buildFindings({ answers, readFileAtHead: (path) => Promise.resolve(branchFiles[path] ?? null) });
  return { branch: sampleReport().branch, clusters: clustersOf(built), answers, failedReviewers: [], reviewerTrackRecords };
}

test('the consolidator reads each reviewer’s track record as one compact line, with the instruction to weigh it, not follow it', async () => {
  const json = buildConsolidatorInput(await sources([claudeLine]), 90_000);
  const prompt = renderConsolidatorPrompt(sampleReport().branch, json, { cli: 'claude' });

  assert.deepEqual((JSON.parse(json) as { reviewerTrackRecords?: unknown }).reviewerTrackRecords, [claudeLine]);
  assert.ok(prompt.includes(claudeLine));
  assert.match(prompt, /`reviewerTrackRecords`[^]*Weigh it as a prior, not a verdict/);
  assert.match(prompt, /never keep or reject a\s+finding because of who reported it/);
});

test('without a history the input has no track records at all', async () => {
  for (const records of [undefined, []]) {
    const input = JSON.parse(buildConsolidatorInput(await sources(records), 90_000)) as Record<string, unknown>;
    assert.ok(!('reviewerTrackRecords' in input));
  }
});
