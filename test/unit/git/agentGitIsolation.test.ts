import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { agentGitVariables } from '../../../src/engine/git/agentGitIsolation';
import { driverOverrides } from '../../../src/engine/git/filterDrivers';
import { hardenedGitVariables } from '../../../src/engine/git/gitHardening';
import { agentProgramSettings } from '../../../src/engine/git/programSettings';
import { addedLines, agentGitCommands, createHostileDriverRepo, gitWith, weirdDriverName, type HostileDriverRepo } from './hostileDriverRepo';
import { expectReviewError, tempDir } from './gitTestSupport';

/** The environment an agent gets: the user's PATH and HOME, then the worktree's git variables. */
async function agentEnv(hostile: HostileDriverRepo): Promise<Record<string, string>> {
  const base = { PATH: process.env.PATH ?? '', HOME: hostile.home };
  return { ...base, ...(await agentGitVariables(hostile.worktree.path, base)) };
}

/** Settings of a GIT_CONFIG_COUNT environment, in order. */
function countedSettings(env: Record<string, string>): Array<[string, string]> {
  return Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, index) => [env[`GIT_CONFIG_KEY_${index}`] ?? '', env[`GIT_CONFIG_VALUE_${index}`] ?? '']);
}

/** A commit on top of main with `file` replaced by `content`, made with plumbing (no checkout, no filter). */
function commitOnMain(hostile: HostileDriverRepo, file: string, content: string): string {
  const run = (args: string[], input?: string): string => execFileSync('git', args, { cwd: hostile.repo.root, input, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
  const blob = run(['hash-object', '-w', '--stdin'], content);
  const entries = run(['ls-tree', 'main']).split('\n').map((line) => (line.endsWith(`\t${file}`) ? line.replace(/[0-9a-f]{40}/, blob) : line));
  return run(['commit-tree', run(['mktree'], `${entries.join('\n')}\n`), '-p', 'main', '-m', 'the other side']);
}

test('the drivers the branch picks do run under plain git diff, show, log -p, status and merge (control)', async (t) => {
  const hostile = await createHostileDriverRepo(t);
  const plain = { PATH: process.env.PATH ?? '', HOME: hostile.home, GIT_CONFIG_NOSYSTEM: '1' };
  const wt = hostile.worktree.path;

  for (const args of agentGitCommands) gitWith(plain, wt, ...args);
  fs.utimesSync(path.join(wt, 'app.txt'), new Date(), new Date(2000, 0, 1));
  gitWith(plain, wt, 'status');
  gitWith(plain, wt, 'merge', '--no-commit', commitOnMain(hostile, 'guide.md', 'guide.md base line\nTHEIRS\n'));

  const ran = hostile.markers();
  for (const name of ['textconv', 'macro-textconv', 'weird-name', 'info-attributes', 'diff-command', 'global-textconv', 'clean', 'merge-driver']) {
    assert.ok(ran.includes(name), `${name} ran: ${ran.join(', ')}`);
  }
});

test('in the agent environment, git diff, show and log -p run no driver and show the lines the branch adds', async (t) => {
  const hostile = await createHostileDriverRepo(t);
  const env = await agentEnv(hostile);

  for (const args of agentGitCommands) {
    const { output, ok } = gitWith(env, hostile.worktree.path, ...args);
    assert.ok(ok, `git ${args.join(' ')} succeeded: ${output}`);
    for (const line of Object.values(addedLines)) assert.ok(output.includes(`+${line}`), `git ${args.join(' ')} shows +${line}`);
  }
  assert.deepEqual(hostile.markers(), []);
});

test('git blame and a status that re-reads a changed file run no textconv or clean filter', async (t) => {
  const hostile = await createHostileDriverRepo(t);
  const env = await agentEnv(hostile);
  const wt = hostile.worktree.path;
  fs.utimesSync(path.join(wt, 'app.txt'), new Date(), new Date(2000, 0, 1));

  const blame = gitWith(env, wt, 'blame', 'app.txt');
  const status = gitWith(env, wt, 'status', '--porcelain');
  const diff = gitWith(env, wt, 'diff', '--stat');

  assert.ok(blame.ok && blame.output.includes(addedLines['app.txt']), blame.output);
  assert.deepEqual([status, diff], [{ output: '', ok: true }, { output: '', ok: true }], 'the file reads as unchanged');
  assert.deepEqual(hostile.markers(), []);
});

test('a merge in the worktree uses git’s own three-way merge instead of the merge driver', async (t) => {
  const hostile = await createHostileDriverRepo(t);
  const theirs = commitOnMain(hostile, 'guide.md', 'guide.md base line\nTHEIRS\n');
  const env = await agentEnv(hostile);

  const merge = gitWith(env, hostile.worktree.path, 'merge', '--no-commit', theirs);

  assert.equal(merge.ok, false, 'the merge stops on the conflict');
  assert.deepEqual(hostile.markers(), [], merge.output);
  const merged = fs.readFileSync(path.join(hostile.worktree.path, 'guide.md'), 'utf8');
  assert.match(merged, /^<{7} .*\n(.*\n)*TWO-markdown-file\n={7}\nTHEIRS\n>{7} /m, 'git merge-file marked the conflict');
});

test('a repository diff.external becomes git’s own diff of the two versions', async (t) => {
  const hostile = await createHostileDriverRepo(t);
  hostile.repo.git('config', 'diff.external', hostile.program('diff-external', 'true'));
  const env = await agentEnv(hostile);

  const { output, ok } = gitWith(env, hostile.worktree.path, 'diff', 'main...HEAD', '--', 'app.txt');

  assert.ok(ok, output);
  assert.match(output, /^\+TWO-text-file$/m);
  assert.deepEqual(hostile.markers(), []);
});

test('a driver name with dots, quotes, "=", a backslash and shell characters is passed to git verbatim', async (t) => {
  const hostile = await createHostileDriverRepo(t);
  const env = await agentEnv(hostile);

  const settings = countedSettings(env);
  assert.ok(settings.some(([key, value]) => key === `diff.${weirdDriverName}.textconv` && value === 'cat'), 'the weird textconv is overridden');
  const seen = gitWith(env, hostile.worktree.path, 'config', '--get', `diff.${weirdDriverName}.textconv`);
  assert.deepEqual(seen, { output: 'cat\n', ok: true });
});

test('the user’s global config is not read, so its drivers are not replaced either: they do not exist', async (t) => {
  const hostile = await createHostileDriverRepo(t);
  const env = await agentEnv(hostile);

  assert.equal(env.GIT_CONFIG_GLOBAL, '/dev/null');
  assert.equal(env.GIT_CONFIG_NOSYSTEM, '1');
  assert.equal(gitWith(env, hostile.worktree.path, 'config', '--get', 'diff.global-textconv.textconv').ok, false);
  assert.equal(countedSettings(env).some(([key]) => key.includes('global-')), false);
});

test('the hardening comes first, then the overrides; every setting is a key and value pair', async (t) => {
  const hostile = await createHostileDriverRepo(t);
  const env = await agentEnv(hostile);

  const settings = countedSettings(env);
  const hardening = countedSettings(hardenedGitVariables());
  assert.deepEqual(settings.slice(0, hardening.length), hardening);
  assert.equal(new Map(settings).get('log.showSignature'), 'false');
  for (const key of ['filter.filter-driver.smudge', 'filter.filter-driver.clean', 'diff.command-driver.command', 'merge.merge-driver.driver']) {
    assert.ok(settings.some(([name]) => name === key), key);
  }
});

test('a config git cannot read fails the run instead of starting the agent unprotected', async (t) => {
  const hostile = await createHostileDriverRepo(t);
  fs.appendFileSync(path.join(hostile.repo.root, '.git', 'config'), '[broken\n');

  const error = await expectReviewError(agentGitVariables(hostile.worktree.path, { PATH: process.env.PATH ?? '' }), 'git-failed');
  assert.match(error.message, /bad config line/);
});

test('a folder that does not exist gets the isolation without asking git', async (t) => {
  const missing = path.join(tempDir(t), 'gone');

  const env = await agentGitVariables(missing, { PATH: process.env.PATH ?? '' });

  assert.equal(env.GIT_CONFIG_GLOBAL, '/dev/null');
  assert.deepEqual(countedSettings(env), [...countedSettings(hardenedGitVariables()), ['log.showSignature', 'false'], ['core.symlinks', 'false'], ...agentProgramSettings]);
});

test('driverOverrides neutralizes every program a driver key configures and nothing else', () => {
  const settings = driverOverrides([
    'diff.pdf.textconv',
    'diff.pdf.xfuncname',
    'diff.tool.command',
    'diff.external',
    'diff.wordregex',
    'filter.lfs.process',
    'merge.ours.driver',
    'merge.ours.name',
    'core.pager',
    'diff.bad\nname.textconv',
  ]);

  assert.deepEqual(
    settings.map(([key]) => key),
    [
      'diff.pdf.textconv',
      'diff.pdf.cachetextconv',
      'diff.tool.command',
      'diff.external',
      'filter.lfs.smudge',
      'filter.lfs.clean',
      'filter.lfs.process',
      'filter.lfs.required',
      'merge.ours.driver',
    ],
  );
  const values = new Map(settings);
  assert.equal(values.get('diff.pdf.textconv'), 'cat');
  assert.equal(values.get('filter.lfs.process'), '');
  assert.match(values.get('diff.tool.command') ?? '', /git --no-pager diff --no-index --no-ext-diff --no-textconv/);
  assert.equal(values.get('diff.tool.command'), values.get('diff.external'));
  assert.equal(values.get('merge.ours.driver'), 'git merge-file --marker-size=%L %A %O %B');
});
