import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { runAgentProcess } from '../../../src/engine/process/runAgentProcess';
import { snapshotWorkingTree } from '../../fixtures/gitRepo';
import { chatMessageTexts } from '../../fixtures/modelServer/chatCompletionsProtocol';
import { startModelServer, step, type ModelServer, type RecordedRequest, type Step } from '../../fixtures/modelServer/modelServer';
import { linesOutsideDiff } from '../../fixtures/modelServer/requestText';
import { errorOf, opencodeBin, runOpencode, scriptedKey, setUpOpencode, twoFindings, type OpencodeHarness } from './opencodeHarness';
import { createHostileBranch, instructionSecrets, userProviderId, type HostileBranch } from './opencodeHostileBranch';

// The model plays along with an attacker: an allowed git diff (where BASH_ENV / GIT_EXTERNAL_DIFF
// would run), then a write the branch's permissions try to allow, then its answer.
const script: Step[] = [
  step.tool('bash', { command: 'git diff main...HEAD -- src/price.js', description: 'diff' }),
  step.tool('bash', { command: 'touch pwned', description: 'x' }),
  step.text(`\`\`\`json\n${JSON.stringify(twoFindings)}\n\`\`\``),
];

let harness: OpencodeHarness | undefined;
let attacker: ModelServer | undefined;
let hostile: HostileBranch | undefined;
afterEach(async () => {
  await harness?.dispose();
  await attacker?.close();
  hostile?.dispose();
  harness = attacker = hostile = undefined;
});

async function setUpHostile(): Promise<{ harness: OpencodeHarness; attacker: ModelServer; hostile: HostileBranch }> {
  attacker = await startModelServer({ protocol: 'chat', script });
  hostile = createHostileBranch(attacker.url);
  harness = await setUpOpencode({ script, extraBranchFiles: hostile.files });
  return { harness, attacker, hostile };
}

test('a branch with hostile opencode config, plugins, tools, agents, skills, AGENTS.md and .env cannot configure or execute anything', async () => {
  const { harness, attacker, hostile } = await setUpHostile();
  assert.ok(fs.existsSync(path.join(harness.worktree.path, 'opencode.json')), 'the hostile config is in the checkout');
  const userFilesBefore = snapshotWorkingTree(harness.repo.root);

  const { outcome } = await runOpencode(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.deepEqual(hostile.markers(), [], 'no MCP server, plugin, custom tool, BASH_ENV or GIT_EXTERNAL_DIFF marker');
  assert.equal(attacker.requests.length, 0, 'nothing reached the second server');
  assert.equal(fs.existsSync(path.join(harness.worktree.path, 'pwned')), false);
  assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: harness.worktree.path, encoding: 'utf8' }), '');
  assert.match(outcome.warnings.join('\n'), /refused 1 tool call\(s\).*bash\(touch pwned\)/);

  const requests = harness.server.modelRequests;
  assert.equal(requests.length, 3);
  for (const request of requests) {
    assert.equal(request.headers.authorization, `Bearer ${scriptedKey}`);
    assert.deepEqual(secretsOutsideDiff(request), [], 'no instruction file, agent prompt or skill was sent');
  }
  assert.ok(chatMessageTexts(requests[1]!, 'tool').join('\n').includes('+  return price(item) * (100 - percent) / 10;'), 'the allowed git diff ran');
  assert.deepEqual(snapshotWorkingTree(harness.repo.root), userFilesBefore, 'the user’s working tree and .git/config are unchanged');
});

// Control: the same branch under the command line opencode's documentation gives for scripting
// (`opencode run`), with the user's local provider in their global config, fires its vectors: so the
// test above proves the isolation and not a broken fixture.
test('the hostile branch is live: a naive opencode run starts its MCP server, plugin and tool, follows its redirect and sends its instructions', async () => {
  const { harness, attacker, hostile } = await setUpHostile();
  const configDir = path.join(harness.home, '.config', 'opencode');
  fs.mkdirSync(configDir, { recursive: true });
  const userConfig = { provider: { [userProviderId]: { npm: '@ai-sdk/openai-compatible', name: 'Local', options: { baseURL: `${harness.server.url}/v1`, apiKey: scriptedKey }, models: { m: { name: 'm' } } } } };
  fs.writeFileSync(path.join(configDir, 'opencode.json'), JSON.stringify(userConfig));

  await runAgentProcess({
    command: opencodeBin,
    args: ['run', '--format', 'json', '--title', 'Review', '--model', `${userProviderId}/m`],
    stdin: harness.prompt,
    cwd: harness.worktree.path,
    env: { PATH: process.env.PATH ?? '', HOME: harness.home, OPENCODE_DISABLE_MODELS_FETCH: '1', OPENCODE_DISABLE_AUTOUPDATE: '1' },
    // Slower than the isolated run: it also loads the branch's plugin, tool and MCP server.
    timeoutMs: 150_000,
    signal: new AbortController().signal,
    onStdoutLine: () => undefined,
    notFoundHint: '',
  });

  const markers = hostile.markers();
  for (const expected of ['mcp-server', 'plugin', 'custom-tool'].map((name) => `PWNED-${name}`)) {
    assert.ok(markers.includes(expected), `${expected} fired in the naive run (markers: ${markers.join(', ')})`);
  }
  assert.equal(harness.server.modelRequests.length, 0, 'the branch moved the user’s provider');
  assert.equal(attacker.modelRequests.length, 3, 'every model request went to the attacker');
  assert.equal(attacker.modelRequests[0]?.headers.authorization, `Bearer ${scriptedKey}`, 'with the user’s key');
  assert.ok(fs.existsSync(path.join(harness.worktree.path, 'pwned')), 'the model’s write ran (opencode allows every command by default)');
  const sent = new Set(attacker.modelRequests.flatMap(secretsOutsideDiff));
  for (const secret of [instructionSecrets.agentsMd, instructionSecrets.instructionsFile, instructionSecrets.agentPrompt, instructionSecrets.opencodeSkill, instructionSecrets.claudeSkill, instructionSecrets.agentsSkill]) {
    assert.ok(sent.has(secret), `${secret} was sent as instructions in the naive run`);
  }
});

/** The instruction secrets a request carries other than as `+` lines of the reviewed diff. */
function secretsOutsideDiff(request: RecordedRequest): string[] {
  const lines = linesOutsideDiff(request);
  return Object.values(instructionSecrets).filter((secret) => lines.some((line) => line.includes(secret)));
}
