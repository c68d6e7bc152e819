import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { firstUserContentText, functionResponses, offeredFunctionNames, systemInstructionText, thinkingConfigOf, type FunctionResponse } from '../../fixtures/modelServer/geminiProtocol';
import { GeminiRunner } from '../../../src/engine/agents/gemini/geminiRunner';
import { step } from '../../fixtures/modelServer/modelServer';
import { geminiBin, runGemini, setUpGemini, twoFindings, type GeminiHarness } from './geminiHarness';

const answer = `Here is my review.\n\n\`\`\`json\n${JSON.stringify(twoFindings, null, 2)}\n\`\`\`\n`;

let harness: GeminiHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

test('a run that reads a file and the diff, then answers with a json block, yields the findings, stats and tokens', async () => {
  harness = await setUpGemini({
    script: [
      step.tool('read_file', { file_path: 'src/price.js' }),
      step.tool('run_shell_command', { command: 'git diff --no-ext-diff main...HEAD', description: 'Show the branch diff' }),
      step.text(answer),
    ],
  });

  const { outcome, events } = await runGemini(harness);

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  assert.deepEqual(
    outcome.answer.findings.map((finding) => finding.title),
    ['Discount divides by 10 instead of 100', 'Negative percentages are accepted'],
  );
  assert.deepEqual(outcome.warnings, []);
  assert.deepEqual(outcome.stats.toolCalls, { read_file: 1, 'run_shell_command(git diff)': 1 });
  assert.equal(outcome.stats.turns, 3);
  assert.equal(outcome.stats.inputTokens, 300, 'three answers of 100 prompt tokens');
  assert.equal(outcome.stats.outputTokens, 60);
  assert.equal(outcome.stats.costUsd, null);
  assert.ok(outcome.stats.durationMs > 0);
  assert.deepEqual(
    events.filter((event) => event.type === 'tool-call'),
    [
      { type: 'tool-call', name: 'read_file', detail: 'src/price.js' },
      { type: 'tool-call', name: 'run_shell_command(git diff)', detail: 'git diff --no-ext-diff main...HEAD' },
    ],
  );
  assert.ok(outcome.transcript.split('\n').some((line) => line.includes('"type":"result"')));
  assert.deepEqual(fs.readdirSync(harness.homesDir), [], 'the private Gemini home is deleted after the run');
});

test('the prompt naming branch, base and files is the system instruction; file and diff come back as function responses', async () => {
  harness = await setUpGemini({
    script: [
      step.tool('read_file', { file_path: 'src/price.js' }),
      step.tool('run_shell_command', { command: 'git diff --no-ext-diff main...HEAD', description: 'Show the branch diff' }),
      step.text(answer),
    ],
  });

  await runGemini(harness);

  const [first, , third] = harness.server.modelRequests;
  assert.ok(first && third, 'three model requests');
  const system = systemInstructionText(first);
  for (const expected of ['feature/discount', '`main`', 'src/price.js', 'src/cart.js', '## Working in Gemini CLI', '"documentationAssessment"']) {
    assert.ok(system.includes(expected), `system instruction names ${expected}`);
  }
  assert.match(firstUserContentText(first), /Review the branch as your instructions describe/);
  assert.equal(first.headers['x-goog-api-key'], 'gemini-test-key');
  assert.deepEqual(offeredFunctionNames(first).sort(), ['glob', 'grep_search', 'list_directory', 'read_file', 'run_shell_command']);
  const [read, diff] = functionResponses(third) as [FunctionResponse, FunctionResponse];
  assert.equal(read.isError, false);
  assert.match(read.text, /export function discounted\(item, percent\)/);
  assert.equal(diff.isError, false);
  assert.ok(diff.text.includes('+  return price(item) * (100 - percent) / 10;'), 'the diff reached the model');
});

test('effort becomes the thinking budget through the private settings (effort "low" on a Gemini 2.5 model)', async () => {
  harness = await setUpGemini({ script: [step.text(answer)] });
  harness.reviewer = { ...harness.reviewer, effort: 'low' };

  const { outcome } = await runGemini(harness);

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  const [request] = harness.server.modelRequests;
  assert.ok(request);
  assert.equal(thinkingConfigOf(request)?.thinkingBudget, 2048);
});

test('write_file, touch, git diff --output and reads outside the checkout are refused, and nothing is written', async () => {
  harness = await setUpGemini({
    script: [
      step.tool('read_file', { file_path: '/etc/hostname' }),
      step.tool('write_file', { file_path: 'written-by-agent.txt', content: 'pwned' }),
      step.tool('run_shell_command', { command: 'touch pwned', description: 'Create a file' }),
      step.tool('run_shell_command', { command: 'git diff --no-ext-diff --output=diff.txt main...HEAD', description: 'Write the diff' }),
      step.tool('run_shell_command', { command: 'git diff --no-ext-diff main...HEAD > diff.txt', description: 'Redirect the diff' }),
      step.text(answer),
    ],
  });

  const { outcome } = await runGemini(harness);

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  const results = functionResponses(harness.server.modelRequests.at(-1)!);
  assert.equal(results.length, 5);
  assert.ok(results.every((result) => result.isError));
  const [outside, write, touch, output, redirect] = results as [FunctionResponse, FunctionResponse, FunctionResponse, FunctionResponse, FunctionResponse];
  assert.match(outside.text, /outside|workspace/i);
  assert.match(write.text, /Tool "write_file" not found/);
  assert.match(touch.text, /denied by policy\. Deep Review runs read-only/);
  assert.match(output.text, /denied by policy\. this option is not allowed/);
  assert.match(redirect.text, /denied by policy/);
  for (const file of ['written-by-agent.txt', 'pwned', 'diff.txt']) assert.equal(fs.existsSync(path.join(harness.worktree.path, file)), false, `${file} was not written`);
  assert.deepEqual(outcome.stats.toolCalls, { read_file: 1, write_file: 1, 'run_shell_command(touch pwned)': 1, 'run_shell_command(git diff)': 2 });
});

test('a branch’s .geminiignore and .gitignore cannot hide its files from the reviewer', async () => {
  harness = await setUpGemini({
    script: [step.tool('read_file', { file_path: 'src/price.js' }), step.tool('read_file', { file_path: 'README.md' }), step.text(answer)],
    extraBranchFiles: { '.geminiignore': 'src/\n', '.gitignore': 'README.md\n' },
  });

  await runGemini(harness);

  const [price, readme] = functionResponses(harness.server.modelRequests.at(-1)!) as [FunctionResponse, FunctionResponse];
  assert.equal(price.isError, false, price.text);
  assert.match(price.text, /export function discounted/);
  assert.equal(readme.isError, false, readme.text);
  assert.match(readme.text, /Prices and discounts/);
});

test('check finds the real CLI with its version and reports API-key sign-in; a missing CLI gets the install hint', async () => {
  harness = await setUpGemini({ script: [] });
  const runner = new GeminiRunner();

  const found = await runner.check(harness.reviewer, harness.baseEnv);
  const missing = await runner.check({ ...harness.reviewer, command: 'gemini-not-installed-here' }, harness.baseEnv);

  assert.deepEqual(found.binary, { command: geminiBin, path: geminiBin, version: '0.61.0', error: null });
  assert.deepEqual(found.auth, { status: 'ok', detail: 'Gemini API key (GEMINI_API_KEY is set).', nextStep: null });
  assert.equal(missing.binary.path, null);
  assert.match(missing.binary.error ?? '', /`gemini-not-installed-here` was not found on PATH\. Install Gemini CLI \(npm install -g @google\/gemini-cli\)/);
  assert.equal(harness.server.requests.length, 0, 'checking never calls the model');
});
