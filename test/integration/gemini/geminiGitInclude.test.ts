import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { functionResponses } from '../../fixtures/modelServer/geminiProtocol';
import { step } from '../../fixtures/modelServer/modelServer';
import { runGemini, setUpGemini, twoFindings, type GeminiHarness } from './geminiHarness';

// As for Claude Code (integration/claude/claudeGitInclude.test.ts): the user's .git/config includes a file the
// branch ships, which sets gpg.program and log.showSignature; Gemini CLI's shell may run `git log`.

const answer = `Here is my review.\n\n\`\`\`json\n${JSON.stringify(twoFindings, null, 2)}\n\`\`\`\n`;

let harness: GeminiHarness | undefined;
let scratch: string | undefined;
afterEach(async () => {
  await harness?.dispose();
  if (scratch !== undefined) fs.rmSync(scratch, { recursive: true, force: true });
  harness = scratch = undefined;
});

/** A copy of HEAD's commit with a (fake) PGP signature, written to the object store: verifying it runs gpg.program. */
function signedCopyOfHead(repoRoot: string): string {
  const git = (args: string[], input?: string) => execFileSync('git', args, { cwd: repoRoot, input, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
  const signature = ['gpgsig -----BEGIN PGP SIGNATURE-----', ' ', ' iQEzBAABCAAdFiEEfakefakefakefakefake', ' -----END PGP SIGNATURE-----'].join('\n');
  return git(['hash-object', '-t', 'commit', '-w', '--stdin'], `${git(['cat-file', 'commit', 'HEAD']).replace(/^(committer .*)$/m, `$1\n${signature}`)}\n`);
}

test('Gemini’s `git log --show-signature` runs no gpg.program that a work-tree file included by .git/config names', async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-gemini-include-'));
  const marker = path.join(scratch, 'gpg-program-ran');
  const evil = path.join(scratch, 'evil.sh');
  fs.writeFileSync(evil, `#!/bin/sh\necho ran >> '${marker}'\n`, { mode: 0o755 });
  harness = await setUpGemini({
    extraBranchFiles: { 'branch-controlled.cfg': `[gpg]\n\tprogram = ${evil}\n[log]\n\tshowSignature = true\n` },
    script: [step.tool('run_shell_command', { command: 'git log --show-signature -1 signed-copy', description: 'Check the signature' }), step.text(answer)],
  });
  const signed = signedCopyOfHead(harness.repo.root);
  harness.repo.git('tag', 'signed-copy', signed);
  harness.repo.git('config', 'include.path', '../branch-controlled.cfg');

  // Control: the include is live — plain git in the review worktree runs the branch's program.
  execFileSync('git', ['log', '--show-signature', '-1', signed], { cwd: harness.worktree.path, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: scratch, GIT_CONFIG_NOSYSTEM: '1' } });
  assert.ok(fs.existsSync(marker), 'control: gpg.program from the included file ran');
  fs.rmSync(marker);

  const { outcome } = await runGemini(harness);

  assert.equal(outcome.status, 'succeeded', outcome.status === 'succeeded' ? '' : outcome.error);
  const [logResult] = functionResponses(harness.server.modelRequests[1]!);
  assert.ok(logResult, 'the shell call was answered');
  assert.notEqual(logResult.isError, true, logResult.text);
  assert.match(logResult.text, new RegExp(`commit ${signed}`), 'git log ran and showed the signed commit');
  assert.equal(fs.existsSync(marker), false, 'no signature program ran');
});
