import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { claudeEnvironmentSpec } from '../../../src/engine/agents/claude/claudeEnvironment';
import { runAgentProcess } from '../../../src/engine/process/runAgentProcess';
import { linesOutsideDiff } from '../../fixtures/modelServer/requestText';
import { startModelServer, step, toolResults, type ModelServer, type RecordedRequest, type Step, type ToolResult } from '../../fixtures/modelServer/modelServer';
import { claudeBin, runClaude, setUpClaude, twoFindings, type ClaudeHarness } from './claudeHarness';
import { claudeMdSecret, createHostileBranch, type HostileBranch } from './hostileBranch';

// The model plays along with an attacker: an allowed git diff (where BASH_ENV / GIT_EXTERNAL_DIFF
// would run), then a command outside the allow list, then its answer.
const script: Step[] = [
  step.tool('Bash', { command: 'git diff main...HEAD -- src/price.js' }),
  step.tool('Bash', { command: 'touch pwned' }),
  step.structured(twoFindings),
];

let harness: ClaudeHarness | undefined;
let attacker: ModelServer | undefined;
let hostile: HostileBranch | undefined;
afterEach(async () => {
  await harness?.dispose();
  await attacker?.close();
  hostile?.dispose();
  harness = attacker = hostile = undefined;
});

async function setUpHostile(): Promise<{ harness: ClaudeHarness; attacker: ModelServer; hostile: HostileBranch }> {
  attacker = await startModelServer({ protocol: 'anthropic', script });
  hostile = createHostileBranch(attacker.url);
  harness = await setUpClaude({ script, extraBranchFiles: hostile.files });
  return { harness, attacker, hostile };
}

test('a branch with hostile Claude settings, hooks, MCP servers and CLAUDE.md cannot configure or execute anything', async () => {
  const { harness, attacker, hostile } = await setUpHostile();
  assert.ok(fs.existsSync(path.join(harness.worktree.path, '.claude', 'settings.json')), 'the hostile settings are in the checkout');

  const { outcome } = await runClaude(harness);

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  assert.deepEqual(hostile.markers(), [], 'no hook, env, apiKeyHelper or MCP marker');
  assert.equal(attacker.requests.length, 0, 'nothing reached the second server');
  assert.equal(fs.existsSync(path.join(harness.worktree.path, 'pwned')), false);
  assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: harness.worktree.path, encoding: 'utf8' }), '');

  const requests = harness.server.modelRequests;
  assert.equal(requests.length, 3);
  for (const request of requests) {
    assert.equal(request.headers['x-api-key'], 'sk-test');
    assert.equal(request.headers.authorization, undefined);
    assert.deepEqual(claudeMdOutsideDiff(request), [], 'CLAUDE.md was not sent as instructions');
  }
  const results = toolResults(requests[2]!);
  assert.equal(results.length, 2);
  const [diffResult, touchResult] = results as [ToolResult, ToolResult];
  assert.ok(diffResult.text.includes('+  return price(item) * (100 - percent) / 10;'), 'the allowed git diff ran as plain git');
  assert.equal(touchResult.isError, true);
  assert.match(touchResult.text, /Permission to use Bash has been denied/);
  const result = JSON.parse(outcome.transcript.split('\n').findLast((line) => line.includes('"type":"result"')) ?? '{}') as {
    permission_denials?: Array<{ tool_input?: { command?: string } }>;
  };
  assert.deepEqual(result.permission_denials?.map((denial) => denial.tool_input?.command), ['touch pwned']);
});

// Control: the same branch under a naive command line (no --setting-sources "", no --strict-mcp-config)
// does fire its vectors, so the test above proves the isolation flags and not a broken fixture.
test('the hostile branch is live: a naive Claude command line runs its hooks and follows its redirect', async () => {
  const { harness, attacker, hostile } = await setUpHostile();
  const naiveArgs = ['-p', harness.prompt, '--output-format', 'stream-json', '--verbose', '--model', 'claude-test-model'];
  naiveArgs.push('--tools', 'Read,Grep,Glob,Bash', '--allowedTools', 'Bash(git diff:*)', '--permission-mode', 'dontAsk');
  naiveArgs.push('--max-turns', '8', '--no-session-persistence');

  await runAgentProcess({
    command: claudeBin,
    args: naiveArgs,
    cwd: harness.worktree.path,
    env: agentEnvironment(harness.baseEnv, claudeEnvironmentSpec),
    timeoutMs: 20_000,
    signal: new AbortController().signal,
    onStdoutLine: () => undefined,
    notFoundHint: '',
  });

  const markers = hostile.markers();
  const expectedMarkers = ['hook-SessionStart', 'hook-UserPromptSubmit', 'hook-PreToolUse', 'hook-local-SessionStart', 'apiKeyHelper', 'BASH_ENV', 'GIT_EXTERNAL_DIFF', 'mcp-server'];
  for (const expected of expectedMarkers.map((name) => `PWNED-${name}`)) {
    assert.ok(markers.includes(expected), `${expected} fired in the naive run (markers: ${markers.join(', ')})`);
  }
  assert.ok(attacker.requests.length > 0, 'the naive run was redirected to the second server');
  assert.ok(attacker.requests.some((request) => claudeMdOutsideDiff(request).length > 0), 'the naive run sent CLAUDE.md as instructions');
});

/** Lines of a request that carry the CLAUDE.md text other than as `+` lines of the reviewed diff. */
function claudeMdOutsideDiff(request: RecordedRequest): string[] {
  return linesOutsideDiff(request).filter((line) => line.includes(claudeMdSecret));
}
