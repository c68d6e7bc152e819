import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { geminiEnvironmentSpec } from '../../../src/engine/agents/gemini/geminiEnvironment';
import { runAgentProcess } from '../../../src/engine/process/runAgentProcess';
import { step } from '../../fixtures/modelServer/modelServer';
import { geminiBin, setUpGemini, type GeminiHarness } from './geminiHarness';

let harness: GeminiHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

// Why Deep Review does not isolate Gemini CLI with a system settings file: the CLI skips one unless the
// file and every folder above it are owned by root and not group/world-writable, which a user-writable
// location (a temp folder, the home folder, an extension folder) never is. If this test starts failing,
// a new CLI version relaxed that rule.
test('Gemini CLI skips a system settings file outside root-owned folders, so it cannot switch off folder trust', async () => {
  harness = await setUpGemini({ script: [step.text('never reached')] });
  const systemSettings = path.join(harness.homesDir, 'system-settings.json');
  fs.writeFileSync(systemSettings, JSON.stringify({ security: { folderTrust: { enabled: false } } }));

  const ended = await runAgentProcess({
    command: geminiBin,
    args: ['-p', 'hello', '-m', harness.reviewer.model, '--output-format', 'stream-json'],
    cwd: harness.worktree.path,
    env: { ...agentEnvironment(harness.baseEnv, geminiEnvironmentSpec), GEMINI_CLI_TRUST_WORKSPACE: 'false', GEMINI_CLI_SYSTEM_SETTINGS_PATH: systemSettings },
    timeoutMs: 30_000,
    signal: new AbortController().signal,
    onStdoutLine: () => undefined,
    notFoundHint: '',
  });

  assert.ok(ended.stderrTail.includes(`Security Warning: Skipping system settings file '${systemSettings}'`), ended.stderrTail);
  assert.equal(ended.exitCode, 55, 'the untrusted worktree is refused: folder trust stayed on');
  assert.equal(harness.server.modelRequests.length, 0);
});
