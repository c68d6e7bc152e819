import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { AgentRunner } from '../../../src/engine/agents/agentRunner';
import { ClaudeRunner } from '../../../src/engine/agents/claude/claudeRunner';
import { CodexRunner } from '../../../src/engine/agents/codex/codexRunner';
import { GeminiRunner } from '../../../src/engine/agents/gemini/geminiRunner';
import { OpencodeRunner } from '../../../src/engine/agents/opencode/opencodeRunner';
import { reviewerAnswerContract } from '../../../src/engine/agents/reviewerAnswerContract';
import type { AgentCli } from '../../../src/shared/reviewerConfig';
import { tempDir } from '../git/gitTestSupport';
import { addedLines, agentGitCommands, createHostileDriverRepo } from '../git/hostileDriverRepo';

// Each runner starts a stand-in for its CLI that does what the agent's shell tool does — git diff,
// show and log -p in the worktree — and records the output and its environment. The real CLIs pass
// that environment on to their shell (test/integration/codex/codexGitDrivers.test.ts proves it for Codex).

// Without the sandbox: it would show the stand-in's folder read-only (no record) and hide the drivers'
// markers, so the git environment alone is what this test measures.
const runners: Record<AgentCli, (t: TestContext) => AgentRunner> = {
  claude: () => new ClaudeRunner({ sandbox: false }),
  codex: () => new CodexRunner({ sandbox: false }),
  gemini: (t) => new GeminiRunner({ homeParent: tempDir(t, 'deep-review-gemini-homes-'), sandbox: false }),
  opencode: () => new OpencodeRunner({ sandbox: false }),
};

for (const [cli, createRunner] of Object.entries(runners) as Array<[AgentCli, (t: TestContext) => AgentRunner]>) {
  test(`the ${cli} runner gives its CLI a git that runs none of the drivers the branch picks, and reads no inherited git variables`, async (t) => {
    const hostile = await createHostileDriverRepo(t);
    const out = tempDir(t, 'deep-review-fake-cli-');
    const fakeCli = path.join(out, `fake-${cli}`);
    const commands = agentGitCommands.map((args) => `git ${args.join(' ')}`).join('; ');
    fs.writeFileSync(fakeCli, `#!/bin/sh\n{ ${commands}; } > "${out}/git.txt" 2>&1\nenv > "${out}/env.txt"\n`, { mode: 0o755 });
    const inheritedAttack = hostile.program('inherited', 'cat "$1"');

    const outcome = await createRunner(t).run({
      reviewer: { id: cli, cli, model: 'm', effort: 'high', command: fakeCli, enabled: true },
      worktree: hostile.worktree.path,
      prompt: 'Review the branch.',
      answer: reviewerAnswerContract(),
      timeoutMs: 20_000,
      signal: new AbortController().signal,
      baseEnv: {
        PATH: process.env.PATH ?? '',
        HOME: hostile.home,
        GEMINI_API_KEY: 'unused',
        // Variables of the user's shell that would pick a program over any config file.
        GIT_CONFIG_PARAMETERS: `'diff.textconv-driver.textconv'='${inheritedAttack}'`,
        GIT_EXTERNAL_DIFF: inheritedAttack,
      },
      onEvent: () => undefined,
    });

    assert.equal(outcome.status, 'failed', 'the stand-in gives no answer');
    const output = fs.readFileSync(path.join(out, 'git.txt'), 'utf8');
    for (const line of Object.values(addedLines)) assert.equal(output.split(`+${line}\n`).length - 1, agentGitCommands.length, `every command shows +${line}`);
    assert.deepEqual(hostile.markers(), []);
    const env = fs.readFileSync(path.join(out, 'env.txt'), 'utf8');
    assert.match(env, /^GIT_CONFIG_GLOBAL=\/dev\/null$/m);
    assert.doesNotMatch(env, /^(GIT_CONFIG_PARAMETERS|GIT_EXTERNAL_DIFF)=/m);
  });
}
