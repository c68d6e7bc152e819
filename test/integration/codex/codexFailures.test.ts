import assert from 'node:assert/strict';
import fs from 'node:fs';
import { afterEach, test } from 'node:test';
import { ReviewError } from '../../../src/engine/errors';
import { step } from '../../fixtures/modelServer/modelServer';
import { isRunning, processesIn, waitFor } from '../../fixtures/processes';
import { builtInProviderReviewer, builtInProviderRunner, errorOf, kindOf, runCodex, setUpCodex, twoFindings, type CodexHarness } from './codexHarness';

let harness: CodexHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

test('a missing CLI rejects with cli-not-found and an install hint, like the other runners', async () => {
  harness = await setUpCodex({ script: [] });
  harness.reviewer = { ...harness.reviewer, command: '/nonexistent/bin/codex' };

  await assert.rejects(runCodex(harness), (error: unknown) => {
    assert.ok(error instanceof ReviewError);
    assert.equal(error.code, 'cli-not-found');
    assert.match(error.message, /`\/nonexistent\/bin\/codex` does not exist/);
    assert.match(error.hint ?? '', /npm install -g @openai\/codex/);
    return true;
  });
});

test('HTTP 401 fails as auth with a message that says how to fix the key', async () => {
  harness = await setUpCodex({ script: [step.error(401)] });

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'auth');
  assert.match(errorOf(outcome), /^Authentication failed \(HTTP 401\): Codex is not logged in or its key was rejected\. Check the API key in CODEX_SCRIPTED_API_KEY\./);
  assert.match(errorOf(outcome), /scripted error 401/);
});

test('HTTP 401 from the built-in OpenAI provider (endpoint set with openai_base_url) says to run `codex login`', async () => {
  // The built-in provider retries a 401 five times (and first tries WebSockets, which the scripted server refuses): ~13 s.
  harness = await setUpCodex({ script: Array.from({ length: 6 }, () => step.error(401)) });
  // No key at all, as for a user who never logged in.
  harness.reviewer = builtInProviderReviewer(harness);

  const { outcome } = await runCodex(harness, { runner: builtInProviderRunner });

  assert.equal(kindOf(outcome), 'auth');
  assert.ok(harness.server.modelRequests.length > 0, 'the endpoint override was used');
  assert.equal(harness.server.modelRequests[0]?.headers.authorization, undefined);
  assert.match(errorOf(outcome), /^Codex is not signed in: there is no `codex login` and CODEX_API_KEY is not set\. Run `codex login` in a terminal/);
  assert.match(errorOf(outcome), /set CODEX_API_KEY/);
});

test('a provider key variable that is not set fails as auth and names the variable', async () => {
  harness = await setUpCodex({ script: [step.structured(twoFindings)] });
  delete harness.baseEnv.CODEX_SCRIPTED_API_KEY;

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'auth');
  assert.match(errorOf(outcome), /^Authentication failed: CODEX_SCRIPTED_API_KEY is not set\./);
  assert.equal(harness.server.modelRequests.length, 0);
});

test('HTTP 429 fails as rate-limit', async () => {
  harness = await setUpCodex({ script: [step.error(429)] });

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'rate-limit');
  assert.match(errorOf(outcome), /^Rate limited by the model API \(HTTP 429\)/);
});

test('HTTP 500 fails as a service error after one request (retries off)', async () => {
  harness = await setUpCodex({ script: [step.error(500)] });

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'service');
  assert.match(errorOf(outcome), /^The model service failed; it is usually temporary\./);
  assert.equal(harness.server.modelRequests.length, 1);
});

test('a server that never answers hits the timeout, and the whole process group is gone afterwards', async () => {
  harness = await setUpCodex({ script: [step.hang()] });
  const worktree = harness.worktree.path;
  const server = harness.server;

  const run = runCodex(harness, { timeoutMs: 4_000, runner: { killGraceMs: 1_000 } });
  await waitFor(() => server.modelRequests.length > 0);
  const running = processesIn(worktree);
  const { outcome } = await run;

  assert.ok(running.length >= 2, 'the node launcher and the native CLI ran in the worktree');
  assert.equal(kindOf(outcome), 'timeout');
  assert.equal(errorOf(outcome), 'Codex timed out after 4 s and was stopped.');
  assert.deepEqual(running.filter(isRunning), []);
  assert.deepEqual(processesIn(worktree), []);
});

test('a stream that stalls after its headers fails as a service error after the provider’s idle timeout (set in the reviewer args)', async () => {
  harness = await setUpCodex({ script: [step.stall()] });
  // A later -c wins: the reviewer's args override the harness's 5 s idle timeout.
  harness.reviewer = { ...harness.reviewer, args: [...(harness.reviewer.args ?? []), '-c', 'model_providers.deep-review-endpoint.stream_idle_timeout_ms=1500'] };

  const started = Date.now();
  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'service');
  assert.match(errorOf(outcome), /idle timeout waiting for SSE/);
  assert.ok(Date.now() - started < 5_000, 'the 1.5 s idle timeout applied');
});

test('an endpoint nobody listens on stops the run after the allowed network waits, not at the timeout', async () => {
  harness = await setUpCodex({ script: [] });
  await harness.server.close();
  const retries: string[] = [];

  const started = Date.now();
  const { outcome } = await runCodex(harness, {
    timeoutMs: 60_000,
    runner: { maxNetworkWaits: 2 },
    onEvent: (event) => {
      if (event.type === 'retry') retries.push(event.reason);
    },
  });

  assert.equal(kindOf(outcome), 'network');
  assert.match(errorOf(outcome), new RegExp(`^Codex could not connect to the model API at ${harness.server.url}/v1 and was stopped: Connection failed`));
  assert.ok(Date.now() - started < 15_000, 'stopped well before the timeout');
  assert.equal(retries.length, 2);
  assert.deepEqual(processesIn(harness.worktree.path), []);
});

test('a CLI killed mid-run fails as a crash and keeps the transcript so far', async () => {
  harness = await setUpCodex({ script: [step.structured(twoFindings, 30_000)] });
  const worktree = harness.worktree.path;
  const server = harness.server;

  const run = runCodex(harness, { runner: { killGraceMs: 1_000 } });
  await waitFor(() => server.modelRequests.length > 0);
  const native = processesIn(worktree).filter((pid) => executableOf(pid)?.endsWith('/codex'));
  assert.equal(native.length, 1, 'one native codex process');
  process.kill(native[0]!, 'SIGKILL');
  const { outcome } = await run;

  assert.equal(kindOf(outcome), 'crash');
  assert.match(errorOf(outcome), /^Codex was killed by SIGKILL before finishing its answer\./);
  assert.match(outcome.transcript, /"type":"turn.started"/);
  assert.deepEqual(processesIn(worktree), []);
});

test('a garbage event stream fails as a service error', async () => {
  harness = await setUpCodex({ script: [step.garbage('this is not an event stream\n\n{{{ nope\n\n')] });

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'service');
  assert.match(errorOf(outcome), /stream closed before response\.completed/);
});

test('a stream cut off mid-answer fails as a service error', async () => {
  harness = await setUpCodex({ script: [step.truncated({ kind: 'structured', output: twoFindings }, 300)] });

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'service');
  assert.match(errorOf(outcome), /stream disconnected before completion/);
});

test('an answer that is not JSON fails as an invalid answer (Codex itself accepts it)', async () => {
  harness = await setUpCodex({ script: [step.text('Looks fine to me.')] });

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'invalid-answer');
  assert.match(errorOf(outcome), /answer contains no JSON object/);
});

test('JSON that fails the answer schema fails as an invalid answer naming the problem', async () => {
  harness = await setUpCodex({ script: [step.structured({ summary: 'ok', findings: 'none' })] });

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'invalid-answer');
  assert.match(errorOf(outcome), /does not match the answer schema: findings: /);
});

test('an empty answer fails as no output', async () => {
  harness = await setUpCodex({ script: [step.text('')] });

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'no-output');
  assert.equal(errorOf(outcome), 'The reviewer gave no answer. — Run the review again; if it keeps happening, try a stronger model or higher effort for this reviewer.');
});

test('aborting the signal mid-run cancels it within 2 s, stops every process and keeps the transcript', async () => {
  harness = await setUpCodex({ script: [step.tool('exec_command', { cmd: 'git log --oneline' }), step.structured(twoFindings, 30_000)] });
  const worktree = harness.worktree.path;
  const server = harness.server;
  const controller = new AbortController();

  const run = runCodex(harness, { signal: controller.signal, runner: { killGraceMs: 1_000 } });
  await waitFor(() => server.modelRequests.length > 1);
  const running = processesIn(worktree);
  const aborted = Date.now();
  controller.abort();
  const { outcome } = await run;

  assert.equal(outcome.status, 'cancelled');
  assert.ok(Date.now() - aborted < 2_000, `stopped in ${Date.now() - aborted} ms`);
  assert.ok(running.length > 0);
  assert.deepEqual(running.filter(isRunning), []);
  assert.match(outcome.transcript, /"command":"\/bin\/bash -lc 'git log --oneline'"/);
  assert.deepEqual(outcome.stats.toolCalls, { 'shell(git log)': 1 });
});

test('an allowed option with a value Codex cannot take fails with what Codex said', async () => {
  harness = await setUpCodex({ script: [] });
  harness.reviewer = { ...harness.reviewer, args: [...(harness.reviewer.args ?? []), '-c', 'model_providers.deep-review-endpoint.stream_idle_timeout_ms=99999999999999999999'] };

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'other');
  assert.match(errorOf(outcome), /^Codex could not start \(it exited with code 1\)\. Last output: .*stream_idle_timeout_ms/);
  assert.match(errorOf(outcome), /Check "args" of this reviewer/);
});

function executableOf(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined; // ended while we looked
  }
}
