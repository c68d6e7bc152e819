import assert from 'node:assert/strict';
import fs from 'node:fs';
import { afterEach, test } from 'node:test';
import type { AgentRunOutcome } from '../../../src/engine/agents/agentRunner';
import { ReviewError } from '../../../src/engine/errors';
import { step } from '../../fixtures/modelServer/modelServer';
import { isRunning, killEvery, processesIn, waitFor } from '../../fixtures/processes';
import { runGemini, setUpGemini, twoFindings, type GeminiHarness } from './geminiHarness';

const answer = `\`\`\`json\n${JSON.stringify(twoFindings)}\n\`\`\``;

let harness: GeminiHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

function failure(outcome: AgentRunOutcome): { kind: string; error: string } {
  if (outcome.status !== 'failed') assert.fail(`expected a failure, got ${outcome.status}`);
  return { kind: outcome.kind, error: outcome.error };
}

test('HTTP 401 fails as auth with how to sign in', async () => {
  harness = await setUpGemini({ script: [step.error(401)] });

  const { kind, error } = failure((await runGemini(harness)).outcome);

  assert.equal(kind, 'auth');
  assert.match(error, /^Authentication failed \(HTTP 401\): Gemini CLI is not signed in or its API key is invalid\./);
  assert.match(error, /Run `gemini` in a terminal and sign in with Google, or set GEMINI_API_KEY/);
  assert.match(error, /“scripted error 401 \(UNAUTHENTICATED\)”/);
});

test('HTTP 429 fails as rate-limit after one request (maxAttempts 1)', async () => {
  harness = await setUpGemini({ script: [step.error(429)] });

  const { kind, error } = failure((await runGemini(harness)).outcome);

  assert.equal(kind, 'rate-limit');
  assert.match(error, /^Rate limited by the Gemini API \(HTTP 429\)/);
  assert.equal(harness.server.modelRequests.length, 1);
});

test('not signed in (no key, settings that name no sign-in method): auth, and no path to the deleted private home of the run', async () => {
  harness = await setUpGemini({ script: [step.structured(twoFindings)], userSettings: { general: { maxAttempts: 1 } } });
  delete harness.baseEnv.GEMINI_API_KEY;

  const { kind, error } = failure((await runGemini(harness)).outcome);

  assert.equal(kind, 'auth');
  assert.match(error, /^Gemini CLI is not signed in: .*Run `gemini` in a terminal/);
  assert.doesNotMatch(error, /settings\.json|\/tmp\//);
  assert.equal(harness.server.modelRequests.length, 0);
});

test('HTTP 500 fails as a service error', async () => {
  harness = await setUpGemini({ script: [step.error(500)] });

  const { kind, error } = failure((await runGemini(harness)).outcome);

  assert.equal(kind, 'service');
  assert.match(error, /^The Gemini API returned an error \(HTTP 500\); it is usually temporary/);
});

test('a model that never answers hits the timeout, and no process is left in the worktree', async () => {
  harness = await setUpGemini({ script: [step.hang()] });
  const worktree = harness.worktree.path;
  const server = harness.server;

  const run = runGemini(harness, { timeoutMs: 8_000, runner: { killGraceMs: 1_000 } });
  await waitFor(() => server.modelRequests.length > 0, 15_000);
  const running = processesIn(worktree);
  const { kind, error } = failure((await run).outcome);

  assert.ok(running.length > 0, 'the CLI was running in the worktree');
  assert.equal(kind, 'timeout');
  assert.equal(error, 'Gemini CLI timed out after 8 s and was stopped.');
  assert.deepEqual(running.filter(isRunning), []);
  assert.deepEqual(processesIn(worktree), []);
});

test('the CLI killed mid-run fails as a crash naming the signal', async () => {
  harness = await setUpGemini({ script: [step.text(answer, 30_000)] });
  const worktree = harness.worktree.path;
  const server = harness.server;

  const run = runGemini(harness);
  await waitFor(() => server.modelRequests.length > 0, 15_000);
  killEvery(processesIn(worktree));
  const { kind, error } = failure((await run).outcome);

  assert.equal(kind, 'crash');
  assert.match(error, /^Gemini CLI was killed by SIGKILL without a result\./);
});

test('a garbage event stream fails as a service error that says the reply was unreadable', async () => {
  harness = await setUpGemini({ script: [step.garbage('this is not an event stream\n\n{]')] });

  const { kind, error } = failure((await runGemini(harness)).outcome);

  assert.equal(kind, 'service');
  assert.match(error, /^The Gemini API sent a reply that is not a valid event stream\./);
});

test('a stream cut off mid-reply fails as a service error that says the connection broke', async () => {
  harness = await setUpGemini({ script: [step.truncated({ kind: 'text', text: answer }, 120)] });

  const { kind, error } = failure((await runGemini(harness)).outcome);

  assert.equal(kind, 'service');
  assert.match(error, /^The connection to the Gemini API broke off in the middle of a reply\./);
});

test('an answer without JSON fails as invalid-answer (worth a rerun)', async () => {
  harness = await setUpGemini({ script: [step.text('Looks fine to me.')] });

  const { kind, error } = failure((await runGemini(harness)).outcome);

  assert.equal(kind, 'invalid-answer');
  assert.match(error, /answer contains no JSON object/);
});

test('a JSON answer that fails the schema fails as invalid-answer naming the problem', async () => {
  harness = await setUpGemini({ script: [step.text('```json\n{"summary": "ok", "findings": "none"}\n```')] });

  const { kind, error } = failure((await runGemini(harness)).outcome);

  assert.equal(kind, 'invalid-answer');
  assert.match(error, /does not match the answer schema: findings: /);
});

test('an empty model reply fails as no-output (worth a rerun), although the CLI exits 0', async () => {
  harness = await setUpGemini({ script: [step.text('')] });

  const { kind, error } = failure((await runGemini(harness)).outcome);

  assert.equal(kind, 'no-output');
  assert.match(error, /^The model gave an empty reply\. Gemini CLI said: “The model returned an empty response/);
});

test('aborting the signal mid-run cancels within 2 s, stops the CLI and keeps the transcript so far', async () => {
  harness = await setUpGemini({ script: [step.tool('read_file', { file_path: 'src/price.js' }), step.text(answer, 30_000)] });
  const worktree = harness.worktree.path;
  const server = harness.server;
  const controller = new AbortController();

  const run = runGemini(harness, { signal: controller.signal });
  await waitFor(() => server.modelRequests.length > 1, 15_000);
  const running = processesIn(worktree);
  const aborted = Date.now();
  controller.abort();
  const { outcome } = await run;

  assert.equal(outcome.status, 'cancelled');
  assert.ok(Date.now() - aborted < 2_000, `stopped ${Date.now() - aborted} ms after the abort`);
  assert.ok(running.length > 0);
  assert.deepEqual(running.filter(isRunning), []);
  assert.match(outcome.transcript, /"type":"tool_use".*"tool_name":"read_file"/);
  assert.deepEqual(outcome.stats.toolCalls, { read_file: 1 });
});

test('a missing CLI rejects with cli-not-found and an install hint, and leaves no private home behind', async () => {
  harness = await setUpGemini({ script: [] });
  harness.reviewer = { ...harness.reviewer, command: 'gemini-not-installed-here' };

  await assert.rejects(runGemini(harness), (error: unknown) => {
    assert.ok(error instanceof ReviewError);
    assert.equal(error.code, 'cli-not-found');
    assert.match(error.message, /`gemini-not-installed-here` was not found on PATH/);
    assert.match(error.hint ?? '', /npm install -g @google\/gemini-cli/);
    return true;
  });
  assert.deepEqual(fs.readdirSync(harness.homesDir), []);
});
