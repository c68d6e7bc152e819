import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AgentEvent, AgentRunOutcome } from '../../../src/engine/agents/agentRunner';
import { reviewerAnswerContract } from '../../../src/engine/agents/reviewerAnswerContract';
import { geminiOutcome } from '../../../src/engine/agents/gemini/geminiOutcome';
import { GeminiStreamParser, geminiToolCallName } from '../../../src/engine/agents/gemini/geminiStream';
import type { AgentProcessResult } from '../../../src/engine/process/runAgentProcess';

// Fixtures are stdout of real Gemini CLI 0.61.0 runs against the scripted model server
// (the worktree path replaced by /tmp/deep-review-wt-FIXTURE). Exit codes below are the ones those runs had.
const fixtureDir = path.join(__dirname, 'fixtures', 'gemini');
const worktree = '/tmp/deep-review-wt-FIXTURE';

function parseFixture(name: string): { parser: GeminiStreamParser; events: AgentEvent[]; transcript: string } {
  const transcript = fs.readFileSync(path.join(fixtureDir, `${name}.jsonl`), 'utf8');
  const parser = new GeminiStreamParser(worktree);
  const events = transcript.split('\n').flatMap((line) => parser.push(line));
  return { parser, events, transcript };
}

function ended(overrides: Partial<AgentProcessResult> = {}): AgentProcessResult {
  return { exitCode: 0, signal: null, timedOut: false, cancelled: false, stderrTail: '', pid: 1234, ...overrides };
}

function outcomeOf(name: string | null, process: Partial<AgentProcessResult> = {}, warnings: string[] = []): AgentRunOutcome {
  const { parser, transcript } = name === null ? { parser: new GeminiStreamParser(worktree), transcript: '' } : parseFixture(name);
  return geminiOutcome({ process: ended(process), parser, timeoutMs: 90_000, transcript, durationMs: 1500, warnings }, reviewerAnswerContract());
}

function failureOf(outcome: AgentRunOutcome): { kind: string; error: string } {
  if (outcome.status !== 'failed') assert.fail(`expected a failure, got ${outcome.status}`);
  return { kind: outcome.kind, error: outcome.error };
}

test('a three-turn run yields turns (model responses), tool calls by name and tokens; Gemini reports no cost', () => {
  const { parser } = parseFixture('three-turn-success');

  assert.equal(parser.stats.turns, 3);
  assert.deepEqual(parser.stats.toolCalls, { read_file: 1, 'run_shell_command(git diff)': 1 });
  assert.equal(parser.stats.inputTokens, 300);
  assert.equal(parser.stats.outputTokens, 60);
  assert.equal(parser.stats.costUsd, null);
});

test('tool calls become events with a short detail, and the answer text (sent as deltas) one text event', () => {
  const { events } = parseFixture('three-turn-success');

  assert.deepEqual(
    events.filter((event) => event.type === 'tool-call'),
    [
      { type: 'tool-call', name: 'read_file', detail: 'src/price.js' },
      { type: 'tool-call', name: 'run_shell_command(git diff)', detail: 'git diff --no-ext-diff main...HEAD' },
    ],
  );
  const texts = events.filter((event) => event.type === 'text');
  assert.equal(texts.length, 1);
  assert.match(texts[0]?.type === 'text' ? texts[0].text : '', /^Here is my review\.[\s\S]*"documentationAssessment"[\s\S]*```\n$/);
});

test('a successful run with a json block in the joined deltas yields the findings', () => {
  const outcome = outcomeOf('three-turn-success');

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  assert.equal(outcome.answer.findings.length, 2);
  assert.equal(outcome.stats.durationMs, 1500);
  assert.deepEqual(outcome.warnings, []);
});

test('refused calls are counted as attempted calls and listed with why; absolute paths inside the worktree are shown relative', () => {
  const { parser, events } = parseFixture('tools-refused');

  assert.deepEqual(parser.stats.toolCalls, { read_file: 1, 'run_shell_command(touch pwned)': 1, write_file: 1, 'run_shell_command(git diff)': 1, grep_search: 1 });
  assert.deepEqual(
    parser.refusals.map((refusal) => [refusal.tool, refusal.type]),
    [
      ['run_shell_command', 'policy_violation'],
      ['write_file', 'tool_not_registered'],
      ['run_shell_command', 'policy_violation'],
    ],
  );
  assert.deepEqual(
    events.flatMap((event) => (event.type === 'tool-call' ? [event.detail] : [])),
    ['src/price.js', 'touch pwned', 'w.txt', 'git diff --output=x', 'discount'],
  );
  assert.equal(parser.stats.turns, 6);
});

test('HTTP 401 (exit 145) fails as auth with the API’s own message and how to sign in', () => {
  const { kind, error } = failureOf(outcomeOf('http-401', { exitCode: 145 }));

  assert.equal(kind, 'auth');
  assert.match(error, /^Authentication failed \(HTTP 401\): Gemini CLI is not signed in or its API key is invalid\. Run `gemini` in a terminal and sign in with Google/);
  assert.match(error, /Gemini CLI said: “scripted error 401 \(UNAUTHENTICATED\)”$/);
});

test('an invalid API key (HTTP 400, exit 144) fails as auth too', () => {
  const { kind, error } = failureOf(outcomeOf('http-400-api-key-invalid', { exitCode: 144 }));

  assert.equal(kind, 'auth');
  assert.match(error, /^Authentication failed \(HTTP 400\)/);
  assert.match(error, /API key not valid/);
});

test('HTTP 429 (exit 173) fails as rate-limit and HTTP 500 (exit 244) as service', () => {
  assert.equal(failureOf(outcomeOf('http-429', { exitCode: 173 })).kind, 'rate-limit');
  const { kind, error } = failureOf(outcomeOf('http-500', { exitCode: 244 }));
  assert.equal(kind, 'service');
  assert.match(error, /^The Gemini API returned an error \(HTTP 500\); it is usually temporary\./);
});

test('garbage and truncated streams (exit 1, "[API Error: …]" without a status) fail as service errors that say what broke', () => {
  const garbage = failureOf(outcomeOf('garbage-stream', { exitCode: 1 }));
  const truncated = failureOf(outcomeOf('truncated-stream', { exitCode: 1 }));

  assert.deepEqual([garbage.kind, truncated.kind], ['service', 'service']);
  assert.match(garbage.error, /^The Gemini API sent a reply that is not a valid event stream\. .*“\[API Error: Incomplete JSON segment at the end\]”/);
  assert.match(truncated.error, /^The connection to the Gemini API broke off in the middle of a reply\./);
});

test('an empty model reply ends with status error but exit 0, and fails as no-output', () => {
  const { kind, error } = failureOf(outcomeOf('empty-reply', { exitCode: 0 }));

  assert.equal(kind, 'no-output');
  assert.match(error, /^The model gave an empty reply\./);
});

test('the session turn limit (exit 53) fails as turn-limit', () => {
  const { kind, error } = failureOf(outcomeOf('turn-limit', { exitCode: 53 }));

  assert.equal(kind, 'turn-limit');
  assert.match(error, /reached its limit of model turns/);
});

test('without a result line: exit 0 is no-output, a signal or other exit code a crash', () => {
  assert.equal(failureOf(outcomeOf(null, { exitCode: 0 })).kind, 'no-output');
  const killed = failureOf(outcomeOf(null, { exitCode: null, signal: 'SIGKILL' }));
  assert.deepEqual([killed.kind, killed.error], ['crash', 'Gemini CLI was killed by SIGKILL without a result.']);
  const crashed = failureOf(outcomeOf(null, { exitCode: 1, stderrTail: 'Ripgrep is not available.\nTypeError: boom\n    at x (y.js:1:1)' }));
  assert.deepEqual([crashed.kind, crashed.error], ['crash', 'Gemini CLI exited with code 1 without a result. Last output: TypeError: boom']);
});

test('exit 41 (no usable auth method) fails as auth; exit 55 (untrusted folder) says folder trust was turned back on', () => {
  const auth = failureOf(outcomeOf(null, { exitCode: 41, stderrTail: 'Please set an Auth method in your settings' }));
  assert.equal(auth.kind, 'auth');
  assert.match(auth.error, /sign in with Google, or set GEMINI_API_KEY/);
  const untrusted = failureOf(outcomeOf(null, { exitCode: 55 }));
  assert.equal(untrusted.kind, 'other');
  assert.match(untrusted.error, /untrusted folder: a system settings file .* turns folder trust back on/);
});

test('timeout and cancellation win over whatever the stream says', () => {
  const timedOut = failureOf(outcomeOf('three-turn-success', { timedOut: true, exitCode: null, signal: 'SIGTERM' }));
  assert.deepEqual([timedOut.kind, timedOut.error], ['timeout', 'Gemini CLI timed out after 1.5 min and was stopped.']);
  const cancelled = outcomeOf('three-turn-success', { cancelled: true, exitCode: null, signal: 'SIGTERM' });
  assert.equal(cancelled.status, 'cancelled');
  assert.match(cancelled.transcript, /"type":"init"/);
});

test('retries reported on stderr and warnings from before the run are kept on a successful answer', () => {
  const stderrTail = 'Attempt 1 failed with status 500. Retrying with backoff... _ApiError: {}\nAttempt 2 failed with status 429. Retrying with backoff...';
  const outcome = outcomeOf('three-turn-success', { stderrTail }, ['effort note']);

  if (outcome.status !== 'succeeded') assert.fail(outcome.error);
  assert.deepEqual(outcome.warnings, [
    'effort note',
    'Gemini CLI retried a model request after HTTP 500 (attempt 1)',
    'Gemini CLI retried a model request after HTTP 429 (attempt 2)',
  ]);
});

test('shell calls are named by their first two words; other tools by their name', () => {
  assert.equal(geminiToolCallName('run_shell_command', { command: '  git   log --oneline -5' }), 'run_shell_command(git log)');
  assert.equal(geminiToolCallName('run_shell_command', { command: '' }), 'run_shell_command');
  assert.equal(geminiToolCallName('read_file', { file_path: 'a.txt' }), 'read_file');
});

test('lines that are not JSON (stderr noise, partial lines) are ignored', () => {
  const parser = new GeminiStreamParser(worktree);

  assert.deepEqual(parser.push('Warning: 256-color support not detected.'), []);
  assert.deepEqual(parser.push('{"type":"message","role":"assistant","content":"par'), []);
  assert.equal(parser.result, null);
  assert.equal(parser.assistantText, '');
});
