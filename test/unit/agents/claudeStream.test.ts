import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AgentEvent, AgentRunOutcome } from '../../../src/engine/agents/agentRunner';
import { reviewerAnswerContract } from '../../../src/engine/agents/reviewerAnswerContract';
import { claudeOutcome } from '../../../src/engine/agents/claude/claudeOutcome';
import { ClaudeStreamParser, toolCallName } from '../../../src/engine/agents/claude/claudeStream';
import type { AgentProcessResult } from '../../../src/engine/process/runAgentProcess';

// Fixtures are stdout of real Claude Code 2.1.330 runs against the scripted model server
// (temp paths replaced by /tmp/deep-review-wt-FIXTURE).
const fixtureDir = path.join(__dirname, 'fixtures', 'claude');
const worktree = '/tmp/deep-review-wt-FIXTURE';

function parseFixture(name: string): { parser: ClaudeStreamParser; events: AgentEvent[]; transcript: string } {
  const transcript = fs.readFileSync(path.join(fixtureDir, `${name}.jsonl`), 'utf8');
  const parser = new ClaudeStreamParser(worktree);
  const events = transcript.split('\n').flatMap((line) => parser.push(line));
  return { parser, events, transcript };
}

function ended(overrides: Partial<AgentProcessResult> = {}): AgentProcessResult {
  return { exitCode: 0, signal: null, timedOut: false, cancelled: false, stderrTail: '', pid: 1234, ...overrides };
}

function outcomeOf(name: string, process: Partial<AgentProcessResult> = {}): AgentRunOutcome {
  const { parser, transcript } = parseFixture(name);
  return claudeOutcome({ process: ended(process), parser, timeoutMs: 60_000, transcript, durationMs: 1500 }, reviewerAnswerContract());
}

function errorOf(outcome: AgentRunOutcome): string {
  return outcome.status === 'succeeded' ? '' : outcome.error;
}

test('a two-turn run yields turns, tool calls by name, tokens and cost', () => {
  const { parser } = parseFixture('two-turn-success');

  assert.equal(parser.stats.turns, 2);
  assert.deepEqual(parser.stats.toolCalls, { 'Bash(git diff)': 1 });
  assert.equal(parser.stats.inputTokens, 200);
  assert.equal(parser.stats.outputTokens, 40);
  assert.equal(parser.stats.costUsd, 0.0016);
});

test('tool calls become events with a short detail; the StructuredOutput answer is not a tool call', () => {
  const { events } = parseFixture('two-turn-success');

  assert.deepEqual(
    events.filter((event) => event.type === 'tool-call'),
    [{ type: 'tool-call', name: 'Bash(git diff)', detail: 'git diff --no-ext-diff main...HEAD' }],
  );
});

test('Read, Grep, denied and unavailable tools are all counted as attempted calls; file paths are shown relative to the worktree', () => {
  const { parser, events } = parseFixture('tools-read-denied-write');

  assert.deepEqual(parser.stats.toolCalls, { Read: 1, 'Bash(touch pwned)': 1, Write: 1, Grep: 1 });
  assert.deepEqual(
    events.flatMap((event) => (event.type === 'tool-call' ? [event.detail] : [])),
    ['src/price.js', 'touch pwned', 'x.txt', 'discount'],
  );
});

test('a successful run with structured output succeeds with the parsed answer', () => {
  const outcome = outcomeOf('two-turn-success');

  assert.equal(outcome.status, 'succeeded');
  assert.equal(outcome.answer.findings.length, 2);
  assert.equal(outcome.stats.durationMs, 1500);
  assert.match(outcome.transcript, /"type":"result"/);
});

test('a text answer given before the CLI nudges for StructuredOutput is found in the earlier assistant text', () => {
  const { parser } = parseFixture('text-answer-after-nudge');
  const result = parser.result;
  assert.ok(result);
  assert.equal(result.result, 'My answer is above.');
  assert.equal(result.structured_output, undefined);

  const outcome = outcomeOf('text-answer-after-nudge');

  assert.equal(outcome.status, 'succeeded');
  assert.equal(outcome.answer.findings.length, 1);
  assert.match(outcome.warnings.join('\n'), /Dropped finding 2 "Negative percentages are accepted": severity/);
});

test('HTTP 401 says authentication failed and how to log in', () => {
  const outcome = outcomeOf('http-401', { exitCode: 1 });

  assert.equal(outcome.status, 'failed');
  assert.match(errorOf(outcome), /^Authentication failed \(HTTP 401\)/);
  assert.match(errorOf(outcome), /\/login/);
  assert.match(errorOf(outcome), /ANTHROPIC_API_KEY/);
});

test('HTTP 429 says the API rate limit is reached', () => {
  assert.match(errorOf(outcomeOf('http-429', { exitCode: 1 })), /^Rate limited by the model API \(HTTP 429\)/);
});

test('HTTP 500 is a service error', () => {
  assert.match(errorOf(outcomeOf('http-500', { exitCode: 1 })), /^The model service returned an error \(HTTP 500\)/);
});

test('the CLI API error messages are not counted as turns or taken as the model’s text', () => {
  const { parser } = parseFixture('http-401');

  assert.equal(parser.stats.turns, 0);
  assert.equal(parser.assistantText, '');
  assert.equal(parser.apiErrorKind, 'authentication_failed');
});

test('hitting the turn limit says so and how to raise it', () => {
  const outcome = outcomeOf('max-turns', { exitCode: 1 });

  assert.equal(outcome.status, 'failed');
  assert.match(errorOf(outcome), /Reached maximum number of turns \(2\)/);
  assert.match(errorOf(outcome), /--max-turns/);
});

test('an API retry becomes a retry event with the status', () => {
  const { events } = parseFixture('retry-then-success');

  assert.deepEqual(
    events.filter((event) => event.type === 'retry'),
    [{ type: 'retry', attempt: 1, reason: 'HTTP 529 overloaded' }],
  );
  assert.equal(outcomeOf('retry-then-success').status, 'succeeded');
});

test('a CLI that dies without a result line fails with its exit code and the end of stderr', () => {
  const parser = new ClaudeStreamParser(worktree);
  parser.push('not json at all');
  parser.push('{"type":"system","subtype":"init"}');

  const outcome = claudeOutcome({
    process: ended({ exitCode: 1, stderrTail: 'Error: something broke\n' }),
    parser,
    timeoutMs: 60_000,
    transcript: '',
    durationMs: 10,
  }, reviewerAnswerContract());

  assert.equal(errorOf(outcome), 'Claude Code exited with code 1 without a result. Last output: Error: something broke');
});

test('timeouts and cancellations win over whatever the stream said', () => {
  const { parser } = parseFixture('two-turn-success');
  const facts = { parser, timeoutMs: 90_000, transcript: '', durationMs: 10 };

  assert.equal(errorOf(claudeOutcome({ ...facts, process: ended({ exitCode: null, signal: 'SIGTERM', timedOut: true }) }, reviewerAnswerContract())), 'Claude Code timed out after 1.5 min and was stopped.');
  assert.equal(claudeOutcome({ ...facts, process: ended({ exitCode: null, signal: 'SIGTERM', cancelled: true }) }, reviewerAnswerContract()).status, 'cancelled');
});

test('Bash calls are named by the first two words of the command', () => {
  assert.equal(toolCallName('Bash', { command: '  git   log --oneline -5' }), 'Bash(git log)');
  assert.equal(toolCallName('Bash', { command: 'ls' }), 'Bash(ls)');
  assert.equal(toolCallName('Bash', {}), 'Bash');
  assert.equal(toolCallName('Read', { file_path: '/x' }), 'Read');
});
