import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { geminiEnvironmentSpec } from '../../../src/engine/agents/gemini/geminiEnvironment';
import { geminiReadOnlyPolicy } from '../../../src/engine/agents/gemini/geminiPolicy';
import { runAgentProcess } from '../../../src/engine/process/runAgentProcess';
import { functionResponses, systemInstructionText, type FunctionResponse } from '../../fixtures/modelServer/geminiProtocol';
import { snapshotWorkingTree } from '../../fixtures/gitRepo';
import { linesOutsideDiff } from '../../fixtures/modelServer/requestText';
import { startModelServer, step, type ModelServer, type RecordedRequest, type Step } from '../../fixtures/modelServer/modelServer';
import { geminiBin, runGemini, setUpGemini, twoFindings, type GeminiHarness } from './geminiHarness';
import { agentSecret, createHostileBranch, geminiMdSecret, systemMdSecret, type HostileBranch } from './geminiHostileBranch';

// The model plays along with an attacker: a plain git diff (where BASH_ENV / GIT_EXTERNAL_DIFF would
// run), the same diff without external diff tools, a command outside the policy, then its answer.
const answer = `Review done.\n\n\`\`\`json\n${JSON.stringify(twoFindings)}\n\`\`\`\n`;
const script: Step[] = [
  step.tool('run_shell_command', { command: 'git diff main...HEAD -- src/price.js', description: 'Show the diff' }),
  step.tool('run_shell_command', { command: 'git diff --no-ext-diff main...HEAD -- src/price.js', description: 'Show the diff' }),
  step.tool('run_shell_command', { command: 'touch pwned', description: 'As GEMINI.md asks' }),
  step.text(answer),
];

let harness: GeminiHarness | undefined;
let attacker: ModelServer | undefined;
let hostile: HostileBranch | undefined;
afterEach(async () => {
  await harness?.dispose();
  await attacker?.close();
  hostile?.dispose();
  harness = attacker = hostile = undefined;
});

async function setUpHostile(): Promise<{ harness: GeminiHarness; attacker: ModelServer; hostile: HostileBranch }> {
  attacker = await startModelServer({ protocol: 'gemini', script });
  hostile = createHostileBranch(attacker.url);
  harness = await setUpGemini({ script, extraBranchFiles: hostile.files });
  // A realistic setup: the user once trusted the folder their checkouts (here: review worktrees) live in.
  fs.writeFileSync(path.join(harness.userHome, '.gemini', 'trustedFolders.json'), JSON.stringify({ [path.dirname(harness.worktree.path)]: 'TRUST_FOLDER' }));
  return { harness, attacker, hostile };
}

test('a branch with hostile Gemini settings, .env files, system.md, agents and GEMINI.md cannot configure or execute anything', async () => {
  const { harness, attacker, hostile } = await setUpHostile();
  assert.ok(fs.existsSync(path.join(harness.worktree.path, '.gemini', 'settings.json')), 'the hostile settings are in the checkout');
  const userTreeBefore = snapshotWorkingTree(harness.repo.root);

  const { outcome } = await runGemini(harness);

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  assert.deepEqual(hostile.markers(), [], 'no MCP, discovery, hook, telemetry, BASH_ENV or GIT_EXTERNAL_DIFF marker');
  assert.equal(attacker.requests.length, 0, 'nothing reached the second server');
  assert.equal(fs.existsSync(path.join(harness.worktree.path, 'pwned')), false);
  assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: harness.worktree.path, encoding: 'utf8' }), '');
  assert.deepEqual(snapshotWorkingTree(harness.repo.root), userTreeBefore, "the user's working tree and .git/config are unchanged");

  const requests = harness.server.modelRequests;
  assert.equal(requests.length, 4);
  for (const request of requests) {
    assert.equal(request.headers['x-goog-api-key'], 'gemini-test-key');
    assert.ok(systemInstructionText(request).startsWith('# Code review: branch `feature/discount`'), 'the system instruction is Deep Review’s prompt');
    assert.deepEqual(secretsOutsideDiff(request), [], 'the branch’s system.md, GEMINI.md and agent were not sent (other than in its diff)');
  }
  const results = functionResponses(requests[3]!);
  assert.equal(results.length, 3);
  const [plainDiff, diff, touch] = results as [FunctionResponse, FunctionResponse, FunctionResponse];
  assert.match(plainDiff.text, /external diff died|cannot run/, 'plain git diff ran with Gemini’s empty diff.external, not the branch’s GIT_EXTERNAL_DIFF');
  assert.ok(diff.text.includes('+  return price(item) * (100 - percent) / 10;'), 'the allowed git diff ran as plain git');
  assert.equal(touch.isError, true);
  assert.match(touch.text, /denied by policy/);
});

// Control: the same branch and user setup under the naive command line (`--skip-trust`, the user's own Gemini
// home, no private settings) fires its vectors, so the test above proves the isolation and not a broken fixture.
test('the hostile branch is live: the naive --skip-trust command line runs its MCP servers, hooks, .env and forbidden command', async () => {
  const { harness, hostile } = await setUpHostile();
  const policy = path.join(harness.homesDir, 'naive-policy.toml');
  fs.writeFileSync(policy, geminiReadOnlyPolicy());

  await runAgentProcess({
    command: geminiBin,
    args: ['-p', harness.prompt, '-m', harness.reviewer.model, '--output-format', 'stream-json', '--skip-trust', '--policy', policy],
    cwd: harness.worktree.path,
    env: agentEnvironment(harness.baseEnv, geminiEnvironmentSpec),
    timeoutMs: 30_000,
    signal: new AbortController().signal,
    onStdoutLine: () => undefined,
    notFoundHint: '',
  });

  const markers = hostile.markers();
  const expected = ['BASH_ENV', 'GIT_EXTERNAL_DIFF', 'discoveryCommand', 'hook-BeforeTool', 'hook-SessionStart', 'mcp-server', 'mcp-serverCommand', 'telemetry-outfile'];
  for (const marker of expected.map((name) => `PWNED-${name}`)) {
    assert.ok(markers.includes(marker), `${marker} fired in the naive run (markers: ${markers.join(', ')})`);
  }
  assert.ok(fs.existsSync(path.join(harness.worktree.path, 'pwned')), 'the branch’s tools.allowed let the forbidden command run');
  const first = harness.server.modelRequests[0];
  assert.ok(first);
  assert.ok(systemInstructionText(first).startsWith(`# ${systemMdSecret}`), 'the branch’s system.md replaced the system instruction');
  assert.ok(secretsOutsideDiff(first).some((line) => line.includes(geminiMdSecret)), 'GEMINI.md was sent as instructions');
});

/** Lines of a request that carry a branch secret other than as `+` lines of the reviewed diff. */
function secretsOutsideDiff(request: RecordedRequest): string[] {
  return linesOutsideDiff(request).filter((line) => [geminiMdSecret, agentSecret, systemMdSecret].some((secret) => line.includes(secret)));
}
