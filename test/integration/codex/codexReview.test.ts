import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { codexArgs } from '../../../src/engine/agents/codex/codexArgs';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { codexEnvironmentSpec } from '../../../src/engine/agents/codex/codexEnvironment';
import { runAgentProcess } from '../../../src/engine/process/runAgentProcess';
import { step } from '../../fixtures/modelServer/modelServer';
import { functionCallOutputs, messageTexts, offeredToolNames, promptText, responseFormat, scriptedUsage } from '../../fixtures/modelServer/openaiProtocol';
import { builtInProviderReviewer, builtInProviderRunner, codexBin, errorOf, runCodex, scriptedKey, scriptedProviderArgs, setUpCodex, twoFindings, type CodexHarness } from './codexHarness';

let harness: CodexHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const diffLine = '+  return price(item) * (100 - percent) / 10;';

test('a run that reads the diff with git and answers with the JSON yields the findings and stats', async () => {
  harness = await setUpCodex({ script: [step.tool('exec_command', { cmd: 'git diff --no-ext-diff main...HEAD' }), step.structured(twoFindings)] });

  const { outcome, events } = await runCodex(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.deepEqual(
    outcome.answer.findings.map((finding) => finding.title),
    ['Discount divides by 10 instead of 100', 'Negative percentages are accepted'],
  );
  assert.deepEqual(outcome.warnings, []);
  assert.deepEqual(outcome.stats.toolCalls, { 'shell(git diff)': 1 });
  assert.equal(outcome.stats.turns, 2);
  assert.equal(outcome.stats.inputTokens, 2 * scriptedUsage.inputTokens);
  assert.equal(outcome.stats.outputTokens, 2 * scriptedUsage.outputTokens);
  assert.equal(outcome.stats.costUsd, null);
  assert.ok(outcome.stats.durationMs > 0);
  assert.deepEqual(
    events.filter((event) => event.type === 'tool-call'),
    [{ type: 'tool-call', name: 'shell(git diff)', detail: 'git diff --no-ext-diff main...HEAD' }],
  );
  assert.ok(outcome.transcript.split('\n').some((line) => line.includes('"type":"turn.completed"')));
});

test('the first request carries the prompt naming branch, base and files, the key and the strict schema; the diff comes back as the tool output', async () => {
  harness = await setUpCodex({ script: [step.tool('exec_command', { cmd: 'git diff --no-ext-diff main...HEAD' }), step.structured(twoFindings)] });

  await runCodex(harness);

  const [first, second] = harness.server.modelRequests;
  assert.ok(first && second, 'two model requests');
  const prompt = promptText(first);
  for (const expected of ['feature/discount', '`main`', 'src/price.js', 'src/cart.js']) assert.ok(prompt.includes(expected), `prompt names ${expected}`);
  assert.equal(first.headers.authorization, `Bearer ${scriptedKey}`);
  assert.ok(messageTexts(first, 'developer').some((text) => text.includes('read-only code reviewer')), 'Deep Review’s instructions are a developer message');
  const format = responseFormat(first);
  assert.equal(format?.type, 'json_schema');
  assert.equal(format.strict, true);
  assert.deepEqual((format.schema as { required?: unknown }).required, ['summary', 'findings', 'designObservations', 'testingAssessment', 'documentationAssessment']);
  assert.ok(!JSON.stringify(format.schema).includes('minLength'), 'constraints strict mode rejects are left out');
  assert.ok(!offeredToolNames(first).includes('web_search'), 'no web search');
  const [diffOutput] = functionCallOutputs(second);
  assert.ok(diffOutput);
  assert.match(diffOutput.text, /Process exited with code 0/);
  assert.ok(diffOutput.text.includes(diffLine), 'the diff is the tool output');
});

test('a provider of the user’s own, defined in the reviewer’s args as Codex documents it, reviews like a baseUrl', async () => {
  harness = await setUpCodex({ script: [step.tool('exec_command', { cmd: 'git diff --no-ext-diff main...HEAD' }), step.structured(twoFindings)] });
  const { baseUrl: _baseUrl, apiKeyEnv: _apiKeyEnv, ...withoutEndpoint } = harness.reviewer;
  harness.reviewer = { ...withoutEndpoint, args: scriptedProviderArgs(harness.server.url) };

  const { outcome } = await runCodex(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.equal(outcome.answer.findings.length, 2);
  assert.equal(harness.server.modelRequests[0]?.headers.authorization, `Bearer ${scriptedKey}`);
  assert.match(functionCallOutputs(harness.server.modelRequests[1]!)[0]?.text ?? '', /return price\(item\)/, 'its shell ran git diff in the sandbox');
});

test('the built-in provider signs in with the key `codex login` saved in CODEX_HOME, though the user config is ignored', async () => {
  harness = await setUpCodex({ script: [step.structured(twoFindings)] });
  execFileSync(codexBin, ['login', '--with-api-key'], { env: harness.baseEnv, cwd: harness.codexHome, input: 'sk-saved-by-login\n', stdio: ['pipe', 'ignore', 'ignore'] });
  // The built-in provider's endpoint is moved by the wrapper; it first tries WebSockets, which the scripted server refuses (~6 s).
  harness.reviewer = builtInProviderReviewer(harness);

  const { outcome, events } = await runCodex(harness, { runner: builtInProviderRunner });

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.equal(harness.server.modelRequests[0]?.headers.authorization, 'Bearer sk-saved-by-login');
  assert.ok(events.some((event) => event.type === 'retry'), 'the WebSocket attempts show as retries');
});

test('a write in the worktree fails in the read-only sandbox and nothing is written', async () => {
  harness = await setUpCodex({ script: [step.tool('exec_command', { cmd: 'touch pwned && echo written > src/price.js' }), step.structured(twoFindings)] });

  const { outcome } = await runCodex(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  const [touchOutput] = functionCallOutputs(harness.server.modelRequests[1]!);
  assert.match(touchOutput?.text ?? '', /Read-only file system/);
  assert.doesNotMatch(touchOutput?.text ?? '', /Process exited with code 0/);
  assert.equal(fs.existsSync(path.join(harness.worktree.path, 'pwned')), false);
  assert.doesNotMatch(fs.readFileSync(path.join(harness.worktree.path, 'src', 'price.js'), 'utf8'), /written/);
  // Codex 0.169 leaves commands that hit the sandbox out of its --json events, so they are not in the stats.
});

test('commands see the reduced environment: no other vendor’s secrets, git hardening in place', async () => {
  harness = await setUpCodex({ script: [step.tool('exec_command', { cmd: 'env' }), step.structured(twoFindings)] });
  harness.baseEnv = { ...harness.baseEnv, ANTHROPIC_API_KEY: 'sk-ant-secret', GEMINI_API_KEY: 'gemini-secret', AWS_SECRET_ACCESS_KEY: 'aws-secret', GITHUB_TOKEN: 'ghp-secret' };

  const { outcome } = await runCodex(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  const [envOutput] = functionCallOutputs(harness.server.modelRequests[1]!);
  const names = (envOutput?.text ?? '').split('\n').map((line) => line.split('=')[0] ?? '');
  assert.ok(names.includes('GIT_CONFIG_COUNT'), 'git hardening reaches the commands');
  for (const secret of ['ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN']) assert.ok(!names.includes(secret), `${secret} is not passed`);
});

test('every -c key Deep Review passes is known to this Codex version (--strict-config accepts them)', async () => {
  harness = await setUpCodex({ script: [step.text('{}')] });
  const args = codexArgs({ reviewer: harness.reviewer, worktree: harness.worktree.path, schemaFile: '/dev/null', lastMessageFile: '/dev/null' });
  args.splice(args.indexOf('--'), 0, '--strict-config');
  args.splice(args.indexOf('--output-schema'), 2);
  let stdout = '';

  const ended = await runAgentProcess({
    command: codexBin,
    args,
    stdin: 'hi',
    cwd: harness.worktree.path,
    env: agentEnvironment(harness.baseEnv, codexEnvironmentSpec),
    timeoutMs: 20_000,
    signal: new AbortController().signal,
    onStdoutLine: (line) => (stdout += `${line}\n`),
    notFoundHint: '',
  });

  assert.equal(ended.exitCode, 0, ended.stderrTail);
  assert.match(stdout, /"type":"turn.completed"/);
});
