import assert from 'node:assert/strict';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { createSafeGit, safeGitEnv } from '../../../src/engine/git/safeGit';
import { tempRepo } from './gitTestSupport';

test('the hardening config reaches git and outranks the repository config', async (t) => {
  const repo = tempRepo(t);
  repo.git('config', 'core.hooksPath', 'hooks');
  repo.git('config', 'core.fsmonitor', 'tools/fsmonitor.sh');
  repo.git('config', 'core.pager', 'less');
  const git = createSafeGit(repo.root);

  assert.equal((await git.raw(['config', 'core.hooksPath'])).trim(), '/dev/null');
  assert.equal((await git.raw(['config', 'core.fsmonitor'])).trim(), 'false');
  assert.equal((await git.raw(['var', 'GIT_PAGER'])).trim(), 'cat');
  assert.equal((await git.raw(['config', 'core.quotePath'])).trim(), 'false');
});

test('git variables inherited from the environment do not redirect our git processes', async (t) => {
  const repo = tempRepo(t);
  const elsewhere = tempRepo(t);
  setEnvForTest(t, {
    GIT_DIR: path.join(elsewhere.root, '.git'),
    EDITOR: 'vim',
    PAGER: 'less',
  });

  const env = safeGitEnv();
  const git = createSafeGit(repo.root);

  assert.equal(env.GIT_DIR, undefined);
  assert.equal(env.EDITOR, undefined, 'simple-git would refuse a task with EDITOR in .env()');
  assert.equal((await git.raw(['rev-parse', '--absolute-git-dir'])).trim(), path.join(repo.root, '.git'));
  assert.equal((await git.raw(['log', '-1', '--format=%s'])).trim(), 'initial commit');
});

function setEnvForTest(t: TestContext, variables: Record<string, string>): void {
  const saved = Object.keys(variables).map((name) => [name, process.env[name]] as const);
  t.after(() => {
    for (const [name, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  });
  Object.assign(process.env, variables);
}

test('plain git diff, log -p and show work under the hardening (agents run them)', async (t) => {
  const repo = tempRepo(t);
  repo.write({ 'README.md': '# changed\n' });
  repo.commitAll('change readme');
  const git = createSafeGit(repo.root);
  assert.match(await git.raw(['diff', 'HEAD~1', 'HEAD']), /\+# changed/);
  assert.match(await git.raw(['log', '-p', '-1']), /\+# changed/);
  assert.match(await git.raw(['show', 'HEAD']), /\+# changed/);
});
