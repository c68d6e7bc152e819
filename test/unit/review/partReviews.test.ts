import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergePartResults } from '../../../src/engine/review/partReviews';
import type { AgentJobResult } from '../../../src/engine/review/runAgentWithRetry';
import type { ReviewerAnswer } from '../../../src/shared/reviewerAnswer';
import { answerWith, cartFinding, twoFindings } from '../../fixtures/discountBranch';

const stats = (durationMs: number, costUsd: number | null) => ({ durationMs, turns: 2, toolCalls: { Read: 1 }, inputTokens: 100, outputTokens: null, costUsd });
const succeeded = (answer: ReviewerAnswer, durationMs: number, costUsd: number | null): AgentJobResult<ReviewerAnswer> => ({
  outcome: { status: 'succeeded', answer, stats: stats(durationMs, costUsd), warnings: [], transcript: `t${durationMs}` },
  retry: null,
  toolDetails: [`read ${durationMs}`],
  partial: null,
});
const parts = [
  { prompt: 'p1', files: ['src/price.js'] },
  { prompt: 'p2', files: ['src/cart.js', 'src/a.js', 'src/b.js', 'src/c.js'] },
  { prompt: 'p3', files: ['README.md'] },
];

test('the parts’ answers become one: every finding, the notes joined, the stats summed', () => {
  const merged = mergePartResults([succeeded(twoFindings, 100, 0.5), succeeded(answerWith([cartFinding]), 200, null), succeeded(answerWith([]), 50, 0.25)], parts);

  assert.equal(merged.outcome.status, 'succeeded');
  assert.deepEqual(merged.outcome.answer.findings.map((finding) => finding.title), [...twoFindings.findings.map((finding) => finding.title), cartFinding.title]);
  assert.deepEqual(merged.outcome.stats, { durationMs: 350, turns: 6, toolCalls: { Read: 3 }, inputTokens: 300, outputTokens: null, costUsd: 0.75 });
  assert.deepEqual(merged.filesGiven, ['src/price.js', 'src/cart.js', 'src/a.js', 'src/b.js', 'src/c.js', 'README.md']);
  assert.deepEqual(merged.toolDetails, ['read 100', 'read 200', 'read 50']);
});

test('a part that fails is named in the warnings and its files are not counted as reviewed; all failing fails the reviewer', () => {
  const failed: AgentJobResult<ReviewerAnswer> = {
    outcome: { status: 'failed', kind: 'rate-limit', error: 'Rate limited', stats: stats(10, null), transcript: '' },
    retry: null,
    toolDetails: [],
    partial: null,
  };
  const merged = mergePartResults([succeeded(twoFindings, 100, null), failed, succeeded(answerWith([]), 50, null)], parts);

  assert.equal(merged.outcome.status, 'succeeded');
  assert.deepEqual(merged.outcome.warnings, ['Part 2 of 3 (`src/cart.js`, `src/a.js`, `src/b.js` and 1 more) did not finish: Rate limited']);
  assert.deepEqual(merged.filesGiven, ['src/price.js', 'README.md']);

  const allFailed = mergePartResults([failed, failed, failed], parts);
  assert.equal(allFailed.outcome.status, 'failed');
  assert.deepEqual(allFailed.filesGiven, []);
});
