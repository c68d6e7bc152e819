import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { reviewerProblem } from '../../../src/engine/agents/reviewerProblem';
import { ReviewError } from '../../../src/engine/errors';
import { step } from '../../fixtures/modelServer/modelServer';
import { isRunning, killEvery, processesIn, waitFor } from '../../fixtures/processes';
import { runClaude, setUpClaude, twoFindings, type ClaudeHarness } from './claudeHarness';

let harness: ClaudeHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

function errorOf(outcome: { status: string; error?: string }): string {
  return outcome.error ?? '';
}

test('not logged in (no key, a fresh config folder): auth at once, before any model request, with a one-line summary', async () => {
  harness = await setUpClaude({ script: [step.structured(twoFindings)] });
  delete harness.baseEnv.ANTHROPIC_API_KEY;

  const { outcome } = await runClaude(harness);

  assert.equal(kindOf(outcome), 'auth');
  assert.match(errorOf(outcome), /Claude Code said: “Not logged in · Please run \/login”/);
  assert.equal(harness.server.modelRequests.length, 0);
  assert.equal(outcome.status === 'failed' ? reviewerProblem(harness.reviewer, outcome.kind, outcome.error).summary : '', 'claude: Claude Code is not signed in or its key was rejected — run `claude`, then /login');
});

test('HTTP 401 fails the run with an authentication message that says how to log in', async () => {
  harness = await setUpClaude({ script: [step.error(401)] });

  const { outcome } = await runClaude(harness);

  assert.equal(outcome.status, 'failed');
  assert.match(errorOf(outcome), /^Authentication failed \(HTTP 401\): Claude Code is not logged in or its API key is invalid\./);
  assert.match(errorOf(outcome), /run `claude` in a terminal and type \/login, or set ANTHROPIC_API_KEY/);
});

test('HTTP 500 fails the run as a service error', async () => {
  harness = await setUpClaude({ script: [step.error(500)] });

  const { outcome } = await runClaude(harness);

  assert.equal(outcome.status, 'failed');
  assert.match(errorOf(outcome), /^The model service returned an error \(HTTP 500\)/);
  assert.equal(harness.server.modelRequests.length, 1, 'no retries with CLAUDE_CODE_MAX_RETRIES=0');
});

test('a model that never answers hits the timeout, and the whole process group is gone afterwards', async () => {
  harness = await setUpClaude({ script: [step.hang()] });
  const worktree = harness.worktree.path;
  const server = harness.server;

  const run = runClaude(harness, { timeoutMs: 4_000, runner: { killGraceMs: 1_000 } });
  await waitFor(() => server.modelRequests.length > 0);
  const running = processesIn(worktree);
  const { outcome } = await run;

  assert.ok(running.length > 0, 'the CLI was running in the worktree');
  assert.equal(outcome.status, 'failed');
  assert.equal(errorOf(outcome), 'Claude Code timed out after 4 s and was stopped.');
  assert.deepEqual(running.filter(isRunning), []);
  assert.deepEqual(processesIn(worktree), []);
});

test('aborting the signal mid-run cancels it and stops the CLI', async () => {
  harness = await setUpClaude({ script: [step.structured(twoFindings, 30_000)] });
  const worktree = harness.worktree.path;
  const server = harness.server;
  const controller = new AbortController();

  const started = Date.now();
  const run = runClaude(harness, { signal: controller.signal, runner: { killGraceMs: 1_000 } });
  await waitFor(() => server.modelRequests.length > 0);
  const running = processesIn(worktree);
  controller.abort();
  const { outcome } = await run;

  assert.equal(outcome.status, 'cancelled');
  assert.ok(Date.now() - started < 15_000, 'stopped long before the scripted answer');
  assert.ok(running.length > 0);
  assert.deepEqual(running.filter(isRunning), []);
});

test('an answer given as text with a json block (no StructuredOutput call) is still parsed', async () => {
  const answerText = `Here is my review.\n\n\`\`\`json\n${JSON.stringify(twoFindings, null, 2)}\n\`\`\`\n`;
  harness = await setUpClaude({ script: [step.text(answerText), step.text('My answer is above.')] });

  const { outcome } = await runClaude(harness);

  // The CLI nudges the model once ("[structured-output-enforce] …") and then ends with success and no structured_output.
  assert.equal(harness.server.modelRequests.length, 2);
  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  assert.equal(outcome.answer.findings.length, 2);
  assert.equal(outcome.stats.turns, 2);
});

test('an answer without any JSON fails as an invalid answer', async () => {
  harness = await setUpClaude({ script: [step.text('Looks fine to me.'), step.text('Still fine.')] });

  const { outcome } = await runClaude(harness);

  assert.equal(outcome.status, 'failed');
  assert.match(errorOf(outcome), /answer contains no JSON object/);
});

test('a missing CLI rejects with cli-not-found and an install hint', async () => {
  harness = await setUpClaude({ script: [] });
  harness.reviewer = { ...harness.reviewer, command: 'claude-not-installed-here' };

  await assert.rejects(runClaude(harness), (error: unknown) => {
    assert.ok(error instanceof ReviewError);
    assert.equal(error.code, 'cli-not-found');
    assert.match(error.message, /`claude-not-installed-here` was not found on PATH/);
    assert.match(error.hint ?? '', /npm install -g @anthropic-ai\/claude-code/);
    return true;
  });
});

test('HTTP 429 fails the run as rate limited, without retrying', async () => {
  harness = await setUpClaude({ script: [step.error(429)] });
  const { outcome } = await runClaude(harness);
  assert.equal(kindOf(outcome), 'rate-limit');
  assert.match(errorOf(outcome), /^Rate limited by the model API \(HTTP 429\)/);
  assert.equal(harness.server.modelRequests.length, 1);
});

test('a garbage event stream fails as a service error that points at proxies', async () => {
  harness = await setUpClaude({ script: [step.garbage('this is not an event stream\n\n{{{ nope\n\n'), step.garbage('still not\n\n')] });
  const { outcome } = await runClaude(harness);
  assert.equal(kindOf(outcome), 'service');
  assert.match(errorOf(outcome), /^The model service sent a response Claude Code could not use; .*malformed response/);
});

test('a stream cut off mid-answer fails as a service error', async () => {
  const cut = step.truncated({ kind: 'structured', output: twoFindings }, 300);
  harness = await setUpClaude({ script: [cut, cut] });
  const { outcome } = await runClaude(harness);
  assert.equal(kindOf(outcome), 'service');
  assert.match(errorOf(outcome), /Connection to the API was lost/);
});

test('JSON that fails the answer schema is an invalid answer naming what is wrong', async () => {
  const bad = step.text('```json\n{"summary":"x","findings":"none"}\n```');
  harness = await setUpClaude({ script: [bad, bad] });
  const { outcome } = await runClaude(harness);
  assert.equal(kindOf(outcome), 'invalid-answer');
  assert.match(errorOf(outcome), /does not match the answer schema: findings: Invalid input: expected array/);
});

test('an empty answer is no output', async () => {
  harness = await setUpClaude({ script: [step.text(''), step.text(''), step.text('')] });
  const { outcome } = await runClaude(harness);
  assert.equal(kindOf(outcome), 'no-output', errorOf(outcome));
  assert.match(errorOf(outcome), /gave no answer/);
});

test('a CLI killed mid-run fails as a crash and keeps the transcript so far', async () => {
  harness = await setUpClaude({ script: [step.structured(twoFindings, 30_000)] });
  const worktree = harness.worktree.path;
  const server = harness.server;
  const run = runClaude(harness, { runner: { killGraceMs: 1_000 } });
  await waitFor(() => server.modelRequests.length > 0);
  killEvery(processesIn(worktree));
  const { outcome } = await run;
  assert.equal(kindOf(outcome), 'crash');
  assert.match(errorOf(outcome), /^Claude Code was killed by SIGKILL without a result\./);
  assert.match(outcome.transcript, /"subtype":"init"/);
  assert.deepEqual(processesIn(worktree), []);
});

test('cancel stops the CLI within 2 seconds and keeps the transcript so far', async () => {
  harness = await setUpClaude({ script: [step.structured(twoFindings, 30_000)] });
  const server = harness.server;
  const controller = new AbortController();
  const run = runClaude(harness, { signal: controller.signal });
  await waitFor(() => server.modelRequests.length > 0);
  const cancelledAt = Date.now();
  controller.abort();
  const { outcome } = await run;
  assert.equal(outcome.status, 'cancelled');
  assert.ok(Date.now() - cancelledAt < 2_000, `stopped in ${Date.now() - cancelledAt} ms`);
  assert.match(outcome.transcript, /"subtype":"init"/);
});

function kindOf(outcome: { status: string; kind?: string }): string {
  return outcome.kind ?? outcome.status;
}
