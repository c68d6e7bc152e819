import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import type { AgentRunOutcome } from '../../../src/engine/agents/agentRunner';
import { runReview } from '../../../src/engine/review/runReview';
import { ReviewError } from '../../../src/engine/errors';
import { step } from '../../fixtures/modelServer/modelServer';
import { isRunning, processesIn, waitFor } from '../../fixtures/processes';
import { runOpencode, setUpOpencode, twoFindings, type OpencodeHarness } from './opencodeHarness';

const answer = `\`\`\`json\n${JSON.stringify(twoFindings)}\n\`\`\``;

let harness: OpencodeHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

function failure(outcome: AgentRunOutcome): { kind: string; error: string } {
  if (outcome.status !== 'failed') assert.fail(`expected a failure, got ${outcome.status}`);
  return { kind: outcome.kind, error: outcome.error };
}

test('HTTP 401 from the endpoint fails as auth at once, with how to sign in', async () => {
  harness = await setUpOpencode({ script: [step.error(401)] });

  const { kind, error } = failure((await runOpencode(harness)).outcome);

  assert.equal(kind, 'auth');
  assert.match(error, /^Authentication failed \(HTTP 401\): http:\/\/127\.0\.0\.1:\d+\/v1 refused opencode's credentials\. Run `opencode auth login`/);
  assert.equal(harness.server.modelRequests.length, 1, 'not retried');
});

test('a built-in provider without a sign-in fails as auth naming `opencode auth login`, before any request', async () => {
  harness = await setUpOpencode({ script: [] });
  const { baseUrl: _baseUrl, apiKeyEnv: _apiKeyEnv, ...builtIn } = harness.reviewer;

  const { kind, error } = failure((await runOpencode(harness, { reviewer: { ...builtIn, model: 'anthropic/claude-sonnet-4-5' } })).outcome);

  assert.equal(kind, 'auth');
  assert.match(error, /^opencode has no model "anthropic\/claude-sonnet-4-5": its provider is not signed in, or the model name is wrong/);
  assert.match(error, /Run `opencode auth login` in a terminal and sign in to "anthropic"/);
  assert.equal(harness.server.requests.length, 0);
});

test('an endpoint that refuses connections is given up after the configured number of failed requests, as a network error', async () => {
  harness = await setUpOpencode({ script: [] });
  const closedPort = harness.server.url;
  await harness.server.close();
  const retries: string[] = [];

  const { outcome } = await runOpencode(harness, { runner: { maxFailedRequests: 2 }, onEvent: (event) => (event.type === 'retry' ? retries.push(event.reason) : undefined) });

  const { kind, error } = failure(outcome);
  assert.equal(kind, 'network');
  assert.match(error, new RegExp(`^opencode could not reach ${closedPort.replace(/[.]/g, '\\.')}/v1 \\(2 attempts in a row\\)`));
  assert.equal(retries.length, 2);
  assert.match(retries[0] ?? '', /Cannot connect to API/);
});

test('a model that never answers hits the timeout, and no process is left in the worktree', async () => {
  harness = await setUpOpencode({ script: [step.hang()] });
  const worktree = harness.worktree.path;
  const server = harness.server;

  // opencode takes a while to start on a busy machine: the timeout leaves it room to reach the model.
  const run = runOpencode(harness, { timeoutMs: 45_000, runner: { killGraceMs: 1_000 } });
  await waitFor(() => server.modelRequests.length > 0, 60_000);
  const running = processesIn(worktree);
  const { kind, error } = failure((await run).outcome);

  assert.ok(running.length > 0, 'the CLI was running in the worktree');
  assert.equal(kind, 'timeout');
  assert.equal(error, 'opencode timed out after 45 s and was stopped.');
  assert.deepEqual(running.filter(isRunning), []);
  assert.deepEqual(processesIn(worktree), []);
});

test('aborting the signal mid-run cancels within 2 s, stops the CLI and keeps the transcript so far', async () => {
  harness = await setUpOpencode({ script: (worktree) => [step.tool('read', { filePath: path.join(worktree, 'src/price.js') }), step.text(answer, 60_000)] });
  const worktree = harness.worktree.path;
  const server = harness.server;
  const controller = new AbortController();

  let readReported = false;
  const run = runOpencode(harness, { signal: controller.signal, onEvent: (event) => (readReported ||= event.type === 'tool-call') });
  await waitFor(() => readReported && server.modelRequests.length > 1, 60_000);
  const running = processesIn(worktree);
  const aborted = Date.now();
  controller.abort();
  const { outcome } = await run;

  assert.equal(outcome.status, 'cancelled');
  assert.ok(Date.now() - aborted < 2_000, `stopped ${Date.now() - aborted} ms after the abort`);
  assert.ok(running.length > 0);
  assert.deepEqual(running.filter(isRunning), []);
  assert.match(outcome.transcript, /"type":"tool_use".*"tool":"read"/);
  assert.deepEqual(outcome.stats.toolCalls, { read: 1 });
});

test('an answer without JSON fails as invalid-answer; one that fails the schema names the problem', async () => {
  harness = await setUpOpencode({ script: [step.text('Looks fine to me.')] });
  const prose = failure((await runOpencode(harness)).outcome);
  assert.equal(prose.kind, 'invalid-answer');
  assert.match(prose.error, /answer contains no JSON object/);
  await harness.dispose();

  harness = await setUpOpencode({ script: [step.text('```json\n{"summary": "ok", "findings": "none"}\n```')] });
  const wrong = failure((await runOpencode(harness)).outcome);
  assert.equal(wrong.kind, 'invalid-answer');
  assert.match(wrong.error, /does not match the answer schema: findings: /);
});

test('in a review, an opencode reviewer whose answer is not JSON is run once more and its findings come through', async () => {
  harness = await setUpOpencode({ script: [step.text('The discount looks fine to me.'), step.text(answer)] });
  const logs: string[] = [];

  const report = await runReview({
    cwd: harness.repo.root,
    baseBranch: 'main',
    reviewers: [harness.reviewer],
    signal: new AbortController().signal,
    baseEnv: harness.baseEnv,
    onLog: (line) => logs.push(line),
  });

  const run = report.reviewers[0];
  assert.equal(run?.status, 'succeeded');
  assert.equal(run.retry?.reason, 'invalid-answer');
  assert.equal(run.retry.rerunSucceeded, true);
  assert.deepEqual(report.findings.map((finding) => finding.title), ['Discount divides by 10 instead of 100', 'Negative percentages are accepted']);
  assert.equal(harness.server.modelRequests.length, 2);
  assert.ok(logs.some((line) => /Running it once more/.test(line)));
});

test('a missing CLI rejects with cli-not-found and an install hint, and leaves no private home behind', async () => {
  harness = await setUpOpencode({ script: [] });
  harness.reviewer = { ...harness.reviewer, command: 'opencode-not-installed-here' };

  await assert.rejects(runOpencode(harness), (error: unknown) => {
    assert.ok(error instanceof ReviewError);
    assert.equal(error.code, 'cli-not-found');
    assert.match(error.message, /`opencode-not-installed-here` was not found on PATH/);
    assert.match(error.hint ?? '', /npm install -g opencode-ai/);
    return true;
  });
  assert.deepEqual(fs.readdirSync(harness.homesDir), []);
});
