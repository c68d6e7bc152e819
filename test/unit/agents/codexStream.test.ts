import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AgentEvent, AgentRunOutcome } from '../../../src/engine/agents/agentRunner';
import { reviewerAnswerContract } from '../../../src/engine/agents/reviewerAnswerContract';
import { codexOutcome, type CodexRunFacts } from '../../../src/engine/agents/codex/codexOutcome';
import { codexProviderFromArgs } from '../../../src/engine/agents/codex/codexProvider';
import { CodexStreamParser } from '../../../src/engine/agents/codex/codexStream';
import type { AgentProcessResult } from '../../../src/engine/process/runAgentProcess';

// Fixtures are stdout of real Codex 0.169.0 runs against the scripted model server (temp paths
// replaced by /tmp/deep-review-wt-FIXTURE, the server port by PORT).
const fixtureDir = path.join(__dirname, 'fixtures', 'codex');
const scriptedProvider = codexProviderFromArgs(['-c', 'model_provider="scripted"', '-c', 'model_providers.scripted.env_key="CODEX_SCRIPTED_API_KEY"']);
const builtIn = codexProviderFromArgs([]);

function parseLines(lines: readonly string[]): { parser: CodexStreamParser; events: AgentEvent[] } {
  const parser = new CodexStreamParser();
  const events = lines.flatMap((line) => parser.push(line));
  return { parser, events };
}

function parseFixture(name: string): { parser: CodexStreamParser; events: AgentEvent[]; transcript: string } {
  const transcript = fs.readFileSync(path.join(fixtureDir, `${name}.jsonl`), 'utf8');
  return { ...parseLines(transcript.split('\n')), transcript };
}

function ended(overrides: Partial<AgentProcessResult> = {}): AgentProcessResult {
  return { exitCode: 0, signal: null, timedOut: false, cancelled: false, stderrTail: '', pid: 1234, ...overrides };
}

function outcomeOf(name: string, overrides: Partial<Omit<CodexRunFacts, 'parser' | 'transcript' | 'process'>> & { process?: Partial<AgentProcessResult> } = {}): AgentRunOutcome {
  const { parser, transcript } = parseFixture(name);
  const { process, ...rest } = overrides;
  return codexOutcome({
    parser,
    transcript,
    process: ended(process),
    lastMessage: parser.agentMessages.at(-1) ?? '',
    timeoutMs: 60_000,
    durationMs: 1500,
    stoppedWaitingForNetwork: false,
    provider: scriptedProvider,
    ...rest,
  }, reviewerAnswerContract());
}

function errorOf(outcome: AgentRunOutcome): string {
  return outcome.status === 'succeeded' ? '' : outcome.error;
}

function kindOf(outcome: AgentRunOutcome): string {
  return outcome.status === 'failed' ? outcome.kind : outcome.status;
}

test('a two-response run yields turns, the shell call by name and the tokens; cost is unknown', () => {
  const { parser, events } = parseFixture('two-turn-success');

  assert.equal(parser.stats.turns, 2);
  assert.deepEqual(parser.stats.toolCalls, { 'shell(git diff)': 1 });
  assert.equal(parser.stats.inputTokens, 200);
  assert.equal(parser.stats.outputTokens, 40);
  assert.equal(parser.stats.costUsd, null);
  assert.deepEqual(
    events.filter((event) => event.type === 'tool-call'),
    [{ type: 'tool-call', name: 'shell(git diff)', detail: 'git diff --no-ext-diff main...HEAD' }],
  );
  assert.ok(parser.turnCompleted);
});

test('commands are named by their first two words without the /bin/bash -lc wrapper, quoted or not', () => {
  const { parser, events } = parseFixture('parallel-tools-reasoning');

  assert.deepEqual(parser.stats.toolCalls, { 'shell(grep -n)': 1, 'shell(sleep 0.5;)': 1, 'shell(git log)': 1 });
  assert.deepEqual(
    events.flatMap((event) => (event.type === 'tool-call' ? [event.detail] : [])),
    ["grep -n 'discounted' src/cart.js", 'sleep 0.5; git diff --no-ext-diff main...HEAD -- src/price.js', "git log --format='%h %s' -3"],
  );
});

test('tokens are the turn’s totals: cached input and reasoning output are already included', () => {
  const { parser } = parseFixture('parallel-tools-reasoning');

  assert.equal(parser.stats.inputTokens, 1400);
  assert.equal(parser.stats.outputTokens, 130);
});

test('agent messages become text events and the last one is the answer; reasoning is not a message', () => {
  const { parser, events } = parseFixture('parallel-tools-reasoning');

  assert.equal(parser.agentMessages.length, 2);
  assert.equal(parser.agentMessages[0], 'Reading the diff and the cart.');
  assert.match(parser.agentMessages[1] ?? '', /^\{"summary":/);
  assert.deepEqual(
    events.flatMap((event) => (event.type === 'text' ? [event.text.slice(0, 12)] : [])),
    ['Reading the ', '{"summary":"'],
  );
});

test('turns count model responses: calls running side by side belong to one response, a new item after they finish starts the next', () => {
  const item = (type: string, id: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ type, item: { id, ...extra } });
  const command = (id: string): Record<string, unknown> => ({ type: 'command_execution', command: `/bin/bash -lc 'echo ${id}'`, status: 'in_progress' });
  const { parser } = parseLines([
    '{"type":"turn.started"}',
    item('item.completed', 'r1', { type: 'reasoning', text: 'plan' }),
    item('item.started', 'a', command('a')),
    item('item.started', 'b', command('b')),
    item('item.completed', 'b', command('b')),
    item('item.completed', 'a', command('a')),
    item('item.started', 'c', command('c')),
    item('item.completed', 'c', command('c')),
    item('item.completed', 'm', { type: 'agent_message', text: '{}' }),
    '{"type":"turn.completed","usage":{"input_tokens":3,"output_tokens":1}}',
  ]);

  assert.equal(parser.stats.turns, 3);
  assert.equal(Object.values(parser.stats.toolCalls).reduce((sum, count) => sum + count, 0), 3);
});

test('lines that are not JSON or not events are ignored', () => {
  const { parser, events } = parseLines(['', 'pyenv: cannot rehash', '{"type":"item.completed","item":', '[1,2]', '{"type":"mystery"}', '{"type":"item.completed","item":{"id":"x","type":"todo_list","items":[]}}']);

  assert.deepEqual(events, []);
  assert.equal(parser.stats.turns, 0);
  assert.equal(parser.sessionStarted, false);
});

test('a successful run succeeds with the answer from the last-message file', () => {
  const outcome = outcomeOf('two-turn-success');

  assert.equal(outcome.status, 'succeeded');
  assert.equal(outcome.answer.findings.length, 2);
  assert.equal(outcome.stats.durationMs, 1500);
  assert.match(outcome.transcript, /"type":"turn.completed"/);
});

test('without a last-message file the last agent message is the answer', () => {
  assert.equal(outcomeOf('two-turn-success', { lastMessage: null }).status, 'succeeded');
});

test('an empty answer is no-output, worth a rerun', () => {
  const outcome = outcomeOf('empty-answer');

  assert.equal(kindOf(outcome), 'no-output');
  assert.match(errorOf(outcome), /^The reviewer gave no answer\./);
});

test('prose instead of JSON is an invalid answer, worth a rerun', () => {
  const outcome = outcomeOf('two-turn-success', { lastMessage: 'All good, ship it.' });

  assert.equal(kindOf(outcome), 'invalid-answer');
});

test('HTTP 401 from a custom provider is auth and names its key variable', () => {
  const outcome = outcomeOf('http-401', { process: { exitCode: 1 } });

  assert.equal(kindOf(outcome), 'auth');
  assert.match(errorOf(outcome), /^Authentication failed \(HTTP 401\): Codex is not logged in or its key was rejected\. Check the API key in CODEX_SCRIPTED_API_KEY\./);
});

test('HTTP 401 from the built-in provider says to run codex login or set CODEX_API_KEY', () => {
  const outcome = outcomeOf('http-401', { process: { exitCode: 1 }, provider: builtIn });

  assert.match(errorOf(outcome), /Run `codex login` in a terminal/);
  assert.match(errorOf(outcome), /CODEX_API_KEY/);
});

test('a missing key variable is auth and says where to set it', () => {
  const outcome = outcomeOf('missing-env-key', { process: { exitCode: 1 } });

  assert.equal(kindOf(outcome), 'auth');
  assert.match(errorOf(outcome), /^Authentication failed: CODEX_SCRIPTED_API_KEY is not set\. Set it in the environment VS Code starts from/);
});

test('HTTP 429 is rate-limit', () => {
  const outcome = outcomeOf('http-429', { process: { exitCode: 1 } });

  assert.equal(kindOf(outcome), 'rate-limit');
  assert.match(errorOf(outcome), /^Rate limited by the model API \(HTTP 429\)/);
});

test('HTTP 500 ("high demand") and a broken stream are service errors', () => {
  for (const name of ['http-500', 'stream-truncated']) {
    const outcome = outcomeOf(name, { process: { exitCode: 1 } });
    assert.equal(kindOf(outcome), 'service', name);
    assert.match(errorOf(outcome), /^The model service failed; it is usually temporary\./, name);
  }
});

test('"waiting for network" reconnects become retry events and are counted in a row', () => {
  const { parser, events } = parseFixture('network-waits');

  assert.deepEqual(events, [
    { type: 'retry', attempt: 1, reason: 'waiting for network: Connection failed: error sending request' },
    { type: 'retry', attempt: 2, reason: 'waiting for network: Connection failed: error sending request' },
  ]);
  assert.equal(parser.consecutiveNetworkWaits, 2);
  assert.deepEqual(parser.errors, []);
});

test('a run stopped for waiting on the network fails as a network error naming the endpoint', () => {
  const outcome = outcomeOf('network-waits', {
    process: { exitCode: null, signal: 'SIGTERM', cancelled: true },
    stoppedWaitingForNetwork: true,
    provider: codexProviderFromArgs(['-c', 'model_provider="corp"', '-c', 'model_providers.corp.base_url="https://llm.corp.example/v1"']),
  });

  assert.equal(kindOf(outcome), 'network');
  assert.match(errorOf(outcome), /^Codex could not connect to the model API at https:\/\/llm\.corp\.example\/v1 and was stopped: Connection failed: error sending request\./);
});

test('numbered reconnects (e.g. the WebSocket fallback) are retries that do not count as network waits or responses', () => {
  const { parser, events } = parseFixture('builtin-websocket-fallback');

  assert.deepEqual(
    events.flatMap((event) => (event.type === 'retry' ? [event.attempt] : [])),
    [2, 3, 4, 5],
  );
  assert.equal(parser.consecutiveNetworkWaits, 0);
  assert.ok(parser.turnCompleted);
  assert.equal(parser.stats.turns, 1, 'the fallback notice is not a model response');
});

test('a timeout says how long and that the CLI was stopped', () => {
  const outcome = outcomeOf('network-waits', { process: { exitCode: null, signal: 'SIGTERM', timedOut: true }, timeoutMs: 30 * 60_000 });

  assert.equal(kindOf(outcome), 'timeout');
  assert.equal(errorOf(outcome), 'Codex timed out after 30 min and was stopped. It was waiting for the network: Connection failed: error sending request.');
});

test('cancellation wins over everything else and keeps the transcript', () => {
  const outcome = outcomeOf('two-turn-success', { process: { exitCode: null, signal: 'SIGTERM', cancelled: true } });

  assert.equal(outcome.status, 'cancelled');
  assert.match(outcome.transcript, /shell|git diff/);
});

test('a kill by signal mid-run is a crash', () => {
  const transcript = fs.readFileSync(path.join(fixtureDir, 'two-turn-success.jsonl'), 'utf8').split('\n').slice(0, 4);
  const { parser } = parseLines(transcript);

  const outcome = codexOutcome({
    parser,
    transcript: transcript.join('\n'),
    process: ended({ exitCode: null, signal: 'SIGKILL' }),
    lastMessage: '',
    timeoutMs: 60_000,
    durationMs: 10,
    stoppedWaitingForNetwork: false,
    provider: scriptedProvider,
  }, reviewerAnswerContract());

  assert.equal(kindOf(outcome), 'crash');
  assert.match(errorOf(outcome), /^Codex was killed by SIGKILL before finishing its answer\./);
});

test('an exit before the session started is a start failure that shows what Codex said', () => {
  const { parser } = parseLines([]);

  const outcome = codexOutcome({
    parser,
    transcript: '',
    process: ended({ exitCode: 1, stderrTail: 'WARNING: proceeding, even though we could not create PATH aliases: x\nError loading config.toml: unknown variant `bogus`' }),
    lastMessage: null,
    timeoutMs: 60_000,
    durationMs: 10,
    stoppedWaitingForNetwork: false,
    provider: scriptedProvider,
  }, reviewerAnswerContract());

  assert.equal(kindOf(outcome), 'other');
  assert.equal(errorOf(outcome), 'Codex could not start (it exited with code 1). Last output: Error loading config.toml: unknown variant `bogus` Check "args" of this reviewer in deepReview.reviewers.');
});
