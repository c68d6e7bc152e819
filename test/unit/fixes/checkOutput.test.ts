import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEnvironment } from '../../../src/engine/fixes/checkEnvironment';
import { checkOutputExcerpt } from '../../../src/engine/fixes/checkOutputExcerpt';

test('the excerpt starts at the first line that reads like an error, without terminal colors', () => {
  const output = [
    '> shop@1.0.0 test',
    '> node --test',
    '',
    '\u001b[32m✔ price adds up\u001b[39m',
    '\u001b[31m✖ discounted keeps cents\u001b[39m',
    '  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
    '  1000 !== 100',
    ...Array.from({ length: 30 }, (_, index) => `    at frame ${index}`),
  ];
  const excerpt = checkOutputExcerpt(output).split('\n');
  assert.equal(excerpt[0], '✖ discounted keeps cents');
  assert.equal(excerpt[1], '  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:');
  assert.equal(excerpt.length, 12, 'a dozen lines, not the whole stack');
});

test('without an error-looking line the excerpt is the end of the output; long lines are cut', () => {
  const lines = Array.from({ length: 40 }, (_, index) => `step ${index}`);
  assert.deepEqual(checkOutputExcerpt(lines).split('\n'), lines.slice(-12));
  const long = checkOutputExcerpt(['x'.repeat(1000)]);
  assert.equal(long.length, 301);
  assert.equal(checkOutputExcerpt([]), '');
});

test('the check gets the user’s toolchain but no secrets, nothing that redirects git, and no handle on the editor', () => {
  const env = checkEnvironment({
    base: {
      PATH: '/usr/bin',
      HOME: '/home/me',
      GOPATH: '/home/me/go',
      JAVA_HOME: '/usr/lib/jvm',
      ANTHROPIC_API_KEY: 'sk-ant',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:1',
      OPENAI_BASE_URL: 'http://127.0.0.1:2',
      GEMINI_API_KEY: 'g',
      GITHUB_TOKEN: 'ghp',
      NPM_TOKEN: 'npm',
      AWS_SECRET_ACCESS_KEY: 'aws',
      DB_PASSWORD: 'pw',
      GIT_DIR: '/elsewhere/.git',
      GIT_WORK_TREE: '/elsewhere',
      SSH_AUTH_SOCK: '/tmp/agent',
      VSCODE_IPC_HOOK_CLI: '/run/user/1000/vscode-ipc.sock',
      ELECTRON_RUN_AS_NODE: '1',
    },
    repoRoot: '/work/shop',
    findingId: 'C1',
  });
  assert.deepEqual(env, {
    PATH: '/usr/bin',
    HOME: '/home/me',
    GOPATH: '/home/me/go',
    JAVA_HOME: '/usr/lib/jvm',
    DEEP_REVIEW_REPO_ROOT: '/work/shop',
    DEEP_REVIEW_FINDING: 'C1',
  });
  assert.equal(checkEnvironment({ base: {}, repoRoot: '/r', findingId: null }).DEEP_REVIEW_FINDING, '');
});
