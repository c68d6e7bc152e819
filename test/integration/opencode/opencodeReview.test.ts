import assert from 'node:assert/strict';
import fs from 'node:fs';
import { afterEach, test } from 'node:test';
import { chatMessageTexts, chatScriptedUsage, chatToolNames } from '../../fixtures/modelServer/chatCompletionsProtocol';
import { step } from '../../fixtures/modelServer/modelServer';
import { errorOf, runOpencode, scriptedKey, setUpOpencode, twoFindings, type OpencodeHarness } from './opencodeHarness';

const answer = `Here is my review.\n\n\`\`\`json\n${JSON.stringify(twoFindings, null, 2)}\n\`\`\`\n`;

let harness: OpencodeHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

test('a run that reads a file and the diff, then answers with a json block, yields the findings with their fix, stats and tokens', async () => {
  harness = await setUpOpencode({
    script: (worktree) => [
      step.tool('read', { filePath: `${worktree}/src/price.js` }),
      step.tool('bash', { command: 'git diff --no-ext-diff main...HEAD', description: 'Show the branch diff' }),
      step.text(answer),
    ],
  });

  const { outcome, events } = await runOpencode(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.deepEqual(
    outcome.answer.findings.map((finding) => finding.title),
    ['Discount divides by 10 instead of 100', 'Negative percentages are accepted'],
  );
  assert.equal(outcome.answer.findings[0]?.fix?.edits[0]?.replacement, '  return price(item) * (100 - percent) / 100;\n');
  assert.deepEqual(outcome.warnings, []);
  assert.deepEqual(outcome.stats.toolCalls, { read: 1, 'bash(git diff)': 1 });
  assert.equal(outcome.stats.turns, 3);
  assert.equal(outcome.stats.inputTokens, 3 * chatScriptedUsage.inputTokens);
  assert.equal(outcome.stats.outputTokens, 3 * chatScriptedUsage.outputTokens);
  assert.equal(outcome.stats.costUsd, null, 'a local endpoint has no price');
  assert.deepEqual(
    events.filter((event) => event.type === 'tool-call'),
    [
      { type: 'tool-call', name: 'read', detail: 'src/price.js' },
      { type: 'tool-call', name: 'bash(git diff)', detail: 'git diff --no-ext-diff main...HEAD' },
    ],
  );
  assert.deepEqual(fs.readdirSync(harness.homesDir), [], 'the private home is deleted after the run');

  const requests = harness.server.modelRequests;
  assert.equal(requests.length, 3, 'no extra request (e.g. for a session title)');
  const [first, , third] = requests;
  assert.equal(first?.headers.authorization, `Bearer ${scriptedKey}`);
  assert.deepEqual(chatToolNames(first).sort(), ['bash', 'glob', 'grep', 'read'], 'read-only tools only');
  const user = chatMessageTexts(first, 'user').join('\n');
  for (const expected of ['feature/discount', 'src/price.js', '## Working in opencode', '"documentationAssessment"']) assert.ok(user.includes(expected), `the prompt names ${expected}`);
  const toolOutputs = chatMessageTexts(third!, 'tool').join('\n');
  assert.match(toolOutputs, /export function discounted\(item, percent\)/, 'the file reached the model');
  assert.ok(toolOutputs.includes('+  return price(item) * (100 - percent) / 10;'), 'the diff reached the model');
});

test('a command outside the read-only set is refused, and the answer still comes through with a warning', async () => {
  harness = await setUpOpencode({
    script: [
      step.tool('bash', { command: 'touch pwned', description: 'x' }),
      step.tool('bash', { command: 'git diff --output=written.txt main...HEAD', description: 'x' }),
      step.text(answer),
    ],
  });

  const { outcome } = await runOpencode(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.match(outcome.warnings.join('\n'), /refused 2 tool call\(s\).*bash\(touch pwned\).*bash\(git diff\)/);
  assert.equal(fs.existsSync(`${harness.worktree.path}/pwned`), false);
  assert.equal(fs.existsSync(`${harness.worktree.path}/written.txt`), false);
  const outputs = chatMessageTexts(harness.server.modelRequests[2]!, 'tool').join('\n');
  assert.match(outputs, /rule which prevents you from using this specific tool call/);
});
