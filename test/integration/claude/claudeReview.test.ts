import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { firstUserMessageText, step, toolResults, type ToolResult } from '../../fixtures/modelServer/modelServer';
import { runClaude, setUpClaude, twoFindings, type ClaudeHarness } from './claudeHarness';

let harness: ClaudeHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

test('a run that reads the diff with git and answers with structured output yields the findings and stats', async () => {
  harness = await setUpClaude({
    script: [step.tool('Bash', { command: 'git diff --no-ext-diff main...HEAD', description: 'Show the branch diff' }), step.structured(twoFindings)],
  });

  const { outcome, events } = await runClaude(harness);

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  assert.deepEqual(
    outcome.answer.findings.map((finding) => finding.title),
    ['Discount divides by 10 instead of 100', 'Negative percentages are accepted'],
  );
  assert.deepEqual(outcome.warnings, []);
  assert.deepEqual(outcome.stats.toolCalls, { 'Bash(git diff)': 1 });
  assert.equal(outcome.stats.turns, 2);
  assert.equal(outcome.stats.inputTokens, 200);
  assert.equal(outcome.stats.outputTokens, 40);
  assert.ok(outcome.stats.durationMs > 0);
  assert.ok(events.some((event) => event.type === 'tool-call' && event.name === 'Bash(git diff)' && event.detail.includes('main...HEAD')));
  assert.ok(outcome.transcript.split('\n').some((line) => line.includes('"type":"result"')));
});

test('the first request carries the prompt naming branch, base and changed files; the diff comes back as the tool result', async () => {
  harness = await setUpClaude({
    script: [step.tool('Bash', { command: 'git diff --no-ext-diff main...HEAD' }), step.structured(twoFindings)],
  });

  await runClaude(harness);

  const [first, second] = harness.server.modelRequests;
  assert.ok(first && second, 'two model requests');
  const prompt = firstUserMessageText(first);
  for (const expected of ['feature/discount', '`main`', 'src/price.js', 'src/cart.js']) assert.ok(prompt.includes(expected), `prompt names ${expected}`);
  assert.equal(first.headers['x-api-key'], 'sk-test');
  const diffResult = toolResults(second)[0];
  assert.ok(diffResult);
  assert.equal(diffResult.isError, false);
  assert.ok(diffResult.text.includes('+  return price(item) * (100 - percent) / 10;'));
});

test('Read works on a file of the checkout while Write is not a tool and writes nothing', async () => {
  const written = 'written-by-agent.txt';
  harness = await setUpClaude({
    script: (worktree) => [
      step.tool('Read', { file_path: path.join(worktree, 'src', 'price.js') }),
      step.tool('Write', { file_path: path.join(worktree, written), content: 'pwned' }),
      step.structured(twoFindings),
    ],
  });

  const { outcome } = await runClaude(harness);

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  const results = toolResults(harness.server.modelRequests.at(-1)!);
  assert.equal(results.length, 2);
  const [readResult, writeResult] = results as [ToolResult, ToolResult];
  assert.equal(readResult.isError, false);
  assert.match(readResult.text, /discounted\(item, percent\)/);
  assert.equal(writeResult.isError, true);
  assert.match(writeResult.text, /No such tool available: Write/);
  assert.equal(fs.existsSync(path.join(harness.worktree.path, written)), false);
  assert.deepEqual(outcome.stats.toolCalls, { Read: 1, Write: 1 });
});
