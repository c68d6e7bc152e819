import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runReview } from '../../../src/engine/review/runReview';
import { formatRetry } from '../../../src/shared/reportFormat';
import { createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import { startModelServer, step, type Step } from '../../fixtures/modelServer/modelServer';

const claudeBin = path.resolve(__dirname, '..', '..', '..', 'node_modules', '.bin', 'claude');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-retry-'));
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });

async function review(script: Step[]) {
  const repo = createDiscountRepo();
  const server = await startModelServer({ protocol: 'anthropic', script });
  const logs: string[] = [];
  try {
    const report = await runReview({
      cwd: repo.root,
      baseBranch: 'main',
      reviewers: [{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin, enabled: true }],
      signal: new AbortController().signal,
      baseEnv: { ...process.env, HOME: scratch, CLAUDE_CONFIG_DIR: fs.mkdtempSync(path.join(scratch, 'c-')), ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: 'sk-test', CLAUDE_CODE_MAX_RETRIES: '0' },
      onLog: (line) => logs.push(line),
    });
    return { report, logs, requests: server.modelRequests.length };
  } finally {
    await server.close();
    repo.remove();
  }
}

test('a reviewer whose answer is not JSON is run once more, and the retro says so', async () => {
  // First run: prose, then prose again after the CLI's StructuredOutput nudge. Rerun: a valid answer.
  const { report, logs, requests } = await review([step.text('The discount looks fine to me.'), step.text('Nothing to add.'), step.structured(twoFindings)]);
  assert.equal(requests, 3);
  const run = report.reviewers[0]!;
  assert.equal(run.status, 'succeeded');
  assert.deepEqual(report.findings.map((finding) => finding.id), ['C1', 'S1']);
  assert.equal(run.retry?.reason, 'invalid-answer');
  assert.equal(run.retry.rerunSucceeded, true);
  assert.match(formatRetry(run), /^initial run gave an invalid answer \(.*no JSON.*\); rerun succeeded$/);
  assert.equal(run.stats.turns, 3, 'the retro counts both attempts');
  assert.ok(logs.some((line) => /Running it once more/.test(line)));
});

test('a reviewer that fails for a reason a rerun cannot fix (HTTP 401) is not retried', async () => {
  await assert.rejects(review([step.error(401), step.structured(twoFindings)]), /No reviewer finished the review \(claude: Claude Code is not signed in or its key was rejected \(HTTP 401\)/);
});
