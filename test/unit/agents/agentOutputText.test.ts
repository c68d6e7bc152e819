import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandToolCallName, formatTimeout, parseJsonLine, stderrExcerpt, toolCallDetail } from '../../../src/engine/agents/agentOutputText';

test('JSONL lines that are not JSON objects read as undefined', () => {
  assert.deepEqual(parseJsonLine('  {"type":"result"}  '), { type: 'result' });
  for (const line of ['', 'Warning: something', '[1,2]', '{"half":']) assert.equal(parseJsonLine(line), undefined, line);
});

test('shell tools are named by the first two words of their command', () => {
  assert.equal(commandToolCallName('Bash', '  git   diff --stat main'), 'Bash(git diff)');
  assert.equal(commandToolCallName('shell', ''), 'shell');
});

test('tool call details are relative to the worktree, one line, and short', () => {
  assert.equal(toolCallDetail('/wt', { file_path: '/wt/src/a.ts' }, ['command', 'file_path']), 'src/a.ts');
  assert.equal(toolCallDetail('/wt', { file_path: '/etc/passwd' }, ['file_path']), '/etc/passwd');
  assert.equal(toolCallDetail('/wt', { command: 'git\n  log' }, ['command']), 'git log');
  assert.equal(toolCallDetail('/wt', { pattern: 'x'.repeat(500) }, ['pattern']).length, 200);
  assert.equal(toolCallDetail('/wt', { other: 1 }, ['command']), '');
});

test('stderr excerpts keep the last five meaningful lines, without the CLI’s noise', () => {
  const tail = ['one', '', 'NOISE a', 'two', 'three', 'four', 'five', 'six', 'NOISE b'].join('\n');
  assert.equal(stderrExcerpt(tail, /^NOISE/), ' Last output: two | three | four | five | six');
  assert.equal(stderrExcerpt('\n\n'), '');
});

test('timeouts read in seconds or minutes', () => {
  assert.equal(formatTimeout(4_000), '4 s');
  assert.equal(formatTimeout(120_000), '2 min');
  assert.equal(formatTimeout(90_000), '1.5 min');
});
