import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { agentGitVariables } from '../../../src/engine/git/agentGitIsolation';
import { branchControlledSettings } from '../../../src/engine/git/branchControlledConfig';
import { createReviewWorktree, type ReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import { agentProgramSettings } from '../../../src/engine/git/programSettings';
import type { TempRepo } from '../../fixtures/gitRepo';
import { gitWith } from './hostileDriverRepo';
import { expectReviewError, tempDir, tempRepo } from './gitTestSupport';

// The user's .git/config includes a file of the work tree (`[include] path = ../branch-controlled.cfg`), so the
// branch checked out writes git settings: here gpg.program and log.showSignature, and a signed commit, so an
// agent's allowed `git log --show-signature` runs the branch's program.

interface IncludeRepo {
  repo: TempRepo;
  worktree: ReviewWorktree;
  home: string;
  marker: string;
}

/** A commit object like HEAD's with a (fake) PGP signature: verifying it runs gpg.program. */
function signedCopyOfHead(repo: TempRepo): string {
  const commit = repo.git('cat-file', 'commit', 'HEAD');
  const signature = ['gpgsig -----BEGIN PGP SIGNATURE-----', ' ', ' iQEzBAABCAAdFiEEfakefakefakefakefake', ' -----END PGP SIGNATURE-----'].join('\n');
  const signed = commit.replace(/^(committer .*)$/m, `$1\n${signature}`);
  return execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo.root, input: `${signed}\n`, encoding: 'utf8' }).trim();
}

async function includeRepo(t: TestContext, extraSettings = ''): Promise<IncludeRepo> {
  const scratch = tempDir(t, 'deep-review-include-');
  const marker = path.join(scratch, 'gpg-program-ran');
  const repo = tempRepo(t, { 'app.txt': 'one\n' });
  repo.branch('feature');
  repo.write({
    'evil.sh': `#!/bin/sh\necho ran >> '${marker}'\n`,
    'branch-controlled.cfg': `[gpg]\n\tprogram = ./evil.sh\n[log]\n\tshowSignature = true\n${extraSettings}`,
    'app.txt': 'two\n',
  });
  fs.chmodSync(path.join(repo.root, 'evil.sh'), 0o755);
  repo.commitAll('a signed change');
  repo.git('update-ref', 'refs/heads/feature', signedCopyOfHead(repo));
  repo.git('reset', '-q', '--hard', 'feature');
  repo.git('config', 'include.path', '../branch-controlled.cfg');
  const worktree = await createReviewWorktree(repo.root, 'feature');
  t.after(() => worktree.dispose());
  return { repo, worktree, home: scratch, marker };
}

test('control: with the include, a plain `git log --show-signature` in the review worktree runs the branch\'s gpg.program', async (t) => {
  const { worktree, home, marker } = await includeRepo(t);
  const plain = { PATH: process.env.PATH ?? '', HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  gitWith(plain, worktree.path, 'log', '--show-signature', '-1');
  assert.ok(fs.existsSync(marker), 'the program the included file names ran');
  fs.rmSync(marker);
  gitWith(plain, worktree.path, 'log', '-1');
  assert.ok(fs.existsSync(marker), 'log.showSignature from the included file makes every git log verify');
});

test('in the agent environment, log --show-signature, show and %G? formats run no signature program', async (t) => {
  const { worktree, home, marker } = await includeRepo(t);
  const base = { PATH: process.env.PATH ?? '', HOME: home };
  const env = { ...base, ...(await agentGitVariables(worktree.path, base)) };
  for (const args of [['log', '--show-signature', '-1'], ['show', '--show-signature', 'HEAD'], ['log', '-1', '--format=%G? %GS %GK'], ['log', '-1']]) {
    const result = gitWith(env, worktree.path, ...args);
    assert.ok(result.ok, `git ${args.join(' ')}: ${result.output}`);
  }
  assert.equal(fs.existsSync(marker), false);
  for (const format of ['openpgp', 'x509', 'ssh']) {
    gitWith({ ...env, GIT_CONFIG_PARAMETERS: `'gpg.format'='${format}'` }, worktree.path, 'log', '--show-signature', '-1');
  }
  assert.equal(fs.existsSync(marker), false, 'whatever signature format is chosen');
});

test('every program-valued setting the agents\' git commands read is replaced, as git itself sees it', async (t) => {
  const { worktree, home } = await includeRepo(t);
  const base = { PATH: process.env.PATH ?? '', HOME: home };
  const env = { ...base, ...(await agentGitVariables(worktree.path, base)) };
  for (const [key, value] of [...agentProgramSettings, ['log.showSignature', 'false'], ['core.fsmonitor', 'false'], ['core.sshCommand', 'false'], ['core.hooksPath', '/dev/null']]) {
    assert.deepEqual(gitWith(env, worktree.path, 'config', '--get', key), { output: `${value}\n`, ok: true }, key);
  }
});

test('any other setting from a work-tree file refuses the run, naming the file and the setting', async (t) => {
  const { worktree, home, marker } = await includeRepo(t, '[core]\n\tattributesFile = ./attributes\n');
  const base = { PATH: process.env.PATH ?? '', HOME: home };
  const error = await expectReviewError(agentGitVariables(worktree.path, base), 'git-failed');
  assert.match(error.message, /includes .*branch-controlled\.cfg, a file inside a work tree/);
  assert.match(error.message, /core\.attributesfile/);
  assert.equal(fs.existsSync(marker), false);
});

test('an include of a file inside .git, or reached through a symlink in .git, is judged where it really is', async (t) => {
  const { repo, worktree, home } = await includeRepo(t, '[alias]\n\tx = !touch pwned\n');
  const base = { PATH: process.env.PATH ?? '', HOME: home };
  fs.symlinkSync('../branch-controlled.cfg', path.join(repo.root, '.git', 'shared.cfg'));
  repo.git('config', '--replace-all', 'include.path', 'shared.cfg');
  await expectReviewError(agentGitVariables(worktree.path, base), 'git-failed');
  fs.rmSync(path.join(repo.root, '.git', 'shared.cfg'));
  fs.writeFileSync(path.join(repo.root, '.git', 'shared.cfg'), '[alias]\n\tx = status\n');
  const env = await agentGitVariables(worktree.path, base);
  assert.equal(gitWith({ ...base, ...env }, worktree.path, 'config', '--get', 'alias.x').output, 'status\n', 'a file of the user\'s own .git is trusted');
});

test('a bare repository’s own folder is not a work tree; the files of its linked work trees are', (t) => {
  const root = tempDir(t, 'deep-review-bare-');
  const worktreeList = `worktree ${root}/repo.git\nbare\n\nworktree ${root}/checkout\nHEAD ${'a'.repeat(40)}\ndetached\n\n`;
  const configList = [`file:${root}/repo.git/shared.cfg`, 'user.name\nme', `file:${root}/checkout/team.cfg`, 'core.attributesfile\n./x', `file:${root}/checkout/.git/extra.cfg`, 'alias.s\nstatus', ''].join('\0');
  assert.deepEqual(branchControlledSettings(configList, worktreeList, root), [{ file: `${root}/checkout/team.cfg`, key: 'core.attributesfile' }]);
});
