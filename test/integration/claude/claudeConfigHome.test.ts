import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { agentEnvironment, inReviewWorktree } from '../../../src/engine/agents/agentEnvironment';
import { claudeArgs } from '../../../src/engine/agents/claude/claudeArgs';
import { claudeEnvironmentSpec } from '../../../src/engine/agents/claude/claudeEnvironment';
import { reviewerAnswerContract } from '../../../src/engine/agents/reviewerAnswerContract';
import { runAgentProcess } from '../../../src/engine/process/runAgentProcess';
import { snapshotWorkingTree } from '../../fixtures/gitRepo';
import { step } from '../../fixtures/modelServer/modelServer';
import { claudeBin, runClaude, setUpClaude, twoFindings, type ClaudeHarness } from './claudeHarness';

// A legacy project entry in the user's ~/.claude.json (here $CLAUDE_CONFIG_DIR/.claude.json) makes Claude
// Code migrate it into `.claude/settings.local.json` of the project, whatever --setting-sources says. A
// review runs with a private CLAUDE_CONFIG_DIR holding only the sign-in, so the user's tree stays as it was.

let harness: ClaudeHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const script = [step.tool('Bash', { command: 'git diff main...HEAD -- src/price.js' }), step.structured(twoFindings)];

async function setUpWithLegacyEntry(): Promise<{ harness: ClaudeHarness; configDir: string; state: string }> {
  harness = await setUpClaude({ script });
  const configDir = harness.baseEnv.CLAUDE_CONFIG_DIR!;
  const legacy = { enabledMcpjsonServers: ['docs'], disabledMcpjsonServers: [], hasTrustDialogAccepted: true, allowedTools: [] };
  const state = JSON.stringify({
    hasCompletedOnboarding: true,
    userID: 'user-1',
    projects: { [harness.repo.root]: legacy, [harness.worktree.path]: legacy },
  });
  fs.writeFileSync(path.join(configDir, '.claude.json'), state);
  return { harness, configDir, state };
}

// Without the sandbox: the private config home alone keeps the tree as it was (the sandbox would also hide the repository).
test('a Claude review with a legacy ~/.claude.json project entry leaves the user’s tree byte-identical', async () => {
  const { harness, configDir, state } = await setUpWithLegacyEntry();
  const before = snapshotWorkingTree(harness.repo.root);

  const { outcome } = await runClaude(harness, { runner: { sandbox: false } });

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  assert.deepEqual(snapshotWorkingTree(harness.repo.root), before);
  assert.equal(fs.existsSync(path.join(harness.repo.root, '.claude')), false);
  assert.equal(fs.readFileSync(path.join(configDir, '.claude.json'), 'utf8'), state, 'the user’s own state file is not touched either');
});

// Control: the same run with the user's own CLAUDE_CONFIG_DIR (what Deep Review did before) writes into the repository.
test('control: with the user’s own config folder, Claude Code writes .claude/settings.local.json into the repository', async () => {
  const { harness } = await setUpWithLegacyEntry();
  const args = claudeArgs({ reviewer: harness.reviewer, answerSchema: reviewerAnswerContract().jsonSchema });

  await runAgentProcess({
    command: claudeBin,
    args,
    stdin: harness.prompt,
    cwd: harness.worktree.path,
    env: await inReviewWorktree(agentEnvironment(harness.baseEnv, claudeEnvironmentSpec), harness.worktree.path),
    timeoutMs: 30_000,
    signal: new AbortController().signal,
    onStdoutLine: () => undefined,
    notFoundHint: '',
  });

  const written = [harness.repo.root, harness.worktree.path].map((root) => path.join(root, '.claude', 'settings.local.json')).filter((file) => fs.existsSync(file));
  assert.ok(written.length > 0, 'Claude Code wrote .claude/settings.local.json');
});
