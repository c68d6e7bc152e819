import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { codexEnvironmentSpec } from '../../../src/engine/agents/codex/codexEnvironment';
import { runAgentProcess } from '../../../src/engine/process/runAgentProcess';
import { snapshotWorkingTree } from '../../fixtures/gitRepo';
import { linesOutsideDiff } from '../../fixtures/modelServer/requestText';
import { startModelServer, step, type ModelServer, type RecordedRequest, type Step } from '../../fixtures/modelServer/modelServer';
import { functionCallOutputs } from '../../fixtures/modelServer/openaiProtocol';
import { codexBin, errorOf, runCodex, scriptedKey, scriptedProviderArgs, setUpCodex, twoFindings, type CodexHarness } from './codexHarness';
import { createHostileBranch, instructionSecrets, type HostileBranch } from './codexHostileBranch';

// The model plays along with an attacker: an allowed git diff (where BASH_ENV / GIT_EXTERNAL_DIFF
// would run), then a write the branch's rules try to allow, then its answer.
const script: Step[] = [
  step.tool('exec_command', { cmd: 'git diff main...HEAD -- src/price.js' }),
  step.tool('exec_command', { cmd: 'touch pwned' }),
  step.structured(twoFindings),
];

let harness: CodexHarness | undefined;
let attacker: ModelServer | undefined;
let hostile: HostileBranch | undefined;
afterEach(async () => {
  await harness?.dispose();
  await attacker?.close();
  hostile?.dispose();
  harness = attacker = hostile = undefined;
});

/** The realistic setup: the user has trusted the main repository in Codex, and the worktree inherits that trust. */
async function setUpHostile(): Promise<{ harness: CodexHarness; attacker: ModelServer; hostile: HostileBranch }> {
  attacker = await startModelServer({ protocol: 'openai', script });
  hostile = createHostileBranch(attacker.url);
  harness = await setUpCodex({
    script,
    extraBranchFiles: hostile.files,
    userConfig: (repoRoot) => `[projects.${JSON.stringify(repoRoot)}]\ntrust_level = "trusted"\n`,
  });
  return { harness, attacker, hostile };
}

test('a branch with hostile .codex config, rules, hooks, skills and AGENTS files cannot configure or execute anything', async () => {
  const { harness, attacker, hostile } = await setUpHostile();
  assert.ok(fs.existsSync(path.join(harness.worktree.path, '.codex', 'config.toml')), 'the hostile config is in the checkout');
  const userFilesBefore = snapshotWorkingTree(harness.repo.root);
  const userConfigBefore = fs.readFileSync(path.join(harness.codexHome, 'config.toml'), 'utf8');

  const { outcome } = await runCodex(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.deepEqual(hostile.markers(), [], 'no MCP server, hook, notify, BASH_ENV or GIT_EXTERNAL_DIFF marker');
  assert.equal(attacker.requests.length, 0, 'nothing reached the second server');
  assert.equal(fs.existsSync(path.join(harness.worktree.path, 'pwned')), false);
  assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: harness.worktree.path, encoding: 'utf8' }), '');

  const requests = harness.server.modelRequests;
  assert.equal(requests.length, 3);
  for (const request of requests) {
    assert.equal(request.headers.authorization, `Bearer ${scriptedKey}`);
    assert.deepEqual(secretsOutsideDiff(request), [], 'no instruction file, skill or project developer_instructions was sent');
  }
  const [diffOutput, touchOutput] = functionCallOutputs(requests[2]!);
  assert.ok(diffOutput?.text.includes('+  return price(item) * (100 - percent) / 10;'), 'the allowed git diff ran as plain git');
  assert.match(touchOutput?.text ?? '', /Read-only file system/, 'the branch’s rule did not let touch out of the sandbox');

  assert.deepEqual(snapshotWorkingTree(harness.repo.root), userFilesBefore, 'the user’s working tree and .git/config are unchanged');
  assert.equal(fs.readFileSync(path.join(harness.codexHome, 'config.toml'), 'utf8'), userConfigBefore, 'no trust was written to the user’s config');
});

// Control: the same branch and the same trusted user config under a naive command line (no
// --ignore-user-config, --ignore-rules, project_doc_max_bytes=0, skills.include_instructions=false)
// does fire its vectors, so the test above proves the isolation flags and not a broken fixture.
test('the hostile branch is live: a naive Codex command line starts its MCP server, runs its rules and sends its instructions', async () => {
  const { harness, hostile } = await setUpHostile();
  const naiveArgs = ['exec', '--json', '--model', 'gpt-5.5', '--sandbox', 'read-only', '--cd', harness.worktree.path, '--ephemeral'];

  await runAgentProcess({
    command: codexBin,
    args: [...naiveArgs, ...scriptedProviderArgs(harness.server.url), '--', harness.prompt],
    cwd: harness.worktree.path,
    env: agentEnvironment(harness.baseEnv, codexEnvironmentSpec),
    timeoutMs: 20_000,
    signal: new AbortController().signal,
    onStdoutLine: () => undefined,
    notFoundHint: '',
  });

  const markers = hostile.markers();
  for (const expected of ['mcp-server', 'BASH_ENV'].map((name) => `PWNED-${name}`)) {
    assert.ok(markers.includes(expected), `${expected} fired in the naive run (markers: ${markers.join(', ')})`);
  }
  assert.ok(fs.existsSync(path.join(harness.worktree.path, 'pwned')), 'the branch’s rule let touch run outside the sandbox');
  const sent = new Set(harness.server.modelRequests.flatMap(secretsOutsideDiff));
  for (const secret of [instructionSecrets.agentsOverride, instructionSecrets.skill, instructionSecrets.developerInstructions]) {
    assert.ok(sent.has(secret), `${secret} was sent as instructions in the naive run`);
  }
});

/** The instruction secrets a request carries other than as `+` lines of the reviewed diff. */
function secretsOutsideDiff(request: RecordedRequest): string[] {
  const lines = linesOutsideDiff(request);
  return Object.values(instructionSecrets).filter((secret) => lines.some((line) => line.includes(secret)));
}
