import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { claudeEnvironmentSpec } from '../../../src/engine/agents/claude/claudeEnvironment';
import { hardenedGitVariables } from '../../../src/engine/git/gitHardening';

const userEnv: NodeJS.ProcessEnv = {
  PATH: '/usr/local/bin:/usr/bin',
  HOME: '/home/dev',
  USER: 'dev',
  LOGNAME: 'dev',
  SHELL: '/bin/zsh',
  LANG: 'en_US.UTF-8',
  LC_ALL: 'en_US.UTF-8',
  TZ: 'Europe/Paris',
  TMPDIR: '/var/tmp',
  XDG_CONFIG_HOME: '/home/dev/.config',
  HTTPS_PROXY: 'http://proxy:3128',
  no_proxy: 'localhost',
  NODE_EXTRA_CA_CERTS: '/etc/ssl/corp.pem',
  ANTHROPIC_API_KEY: 'sk-ant-user',
  ANTHROPIC_BASE_URL: 'https://gateway.example',
  CLAUDE_CONFIG_DIR: '/home/dev/.claude-work',
  CLAUDE_CODE_USE_BEDROCK: undefined,
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
  GITHUB_TOKEN: 'ghp_secret',
  OPENAI_API_KEY: 'sk-openai',
  GEMINI_API_KEY: 'gemini',
  NPM_TOKEN: 'npm',
  BASH_ENV: '/home/dev/.bash_env',
  NODE_OPTIONS: '--require /tmp/inject.js',
  GIT_DIR: '/elsewhere/.git',
  GIT_EXTERNAL_DIFF: '/tmp/ext-diff',
  DISABLE_TELEMETRY: '0',
};

test('basic, proxy and Claude variables pass through', () => {
  const env = agentEnvironment(userEnv, claudeEnvironmentSpec);

  for (const name of ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'XDG_CONFIG_HOME', 'HTTPS_PROXY', 'no_proxy', 'NODE_EXTRA_CA_CERTS']) {
    assert.equal(env[name], userEnv[name], name);
  }
  assert.equal(env.ANTHROPIC_API_KEY, 'sk-ant-user');
  assert.equal(env.ANTHROPIC_BASE_URL, 'https://gateway.example');
  assert.equal(env.CLAUDE_CONFIG_DIR, '/home/dev/.claude-work');
});

test('unrelated secrets and variables that run code do not reach the agent', () => {
  const env = agentEnvironment(userEnv, claudeEnvironmentSpec);

  for (const name of ['AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'NPM_TOKEN', 'BASH_ENV', 'NODE_OPTIONS', 'GIT_DIR', 'GIT_EXTERNAL_DIFF']) {
    assert.equal(env[name], undefined, name);
  }
});

test('git hardening and the CLI quiet switches are set, over whatever the user had', () => {
  const env = agentEnvironment(userEnv, claudeEnvironmentSpec);

  for (const [name, value] of Object.entries(hardenedGitVariables())) assert.equal(env[name], value, name);
  assert.equal(env.DISABLE_TELEMETRY, '1');
  assert.equal(env.DISABLE_AUTOUPDATER, '1');
  assert.equal(env.DISABLE_ERROR_REPORTING, '1');
  assert.equal(env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC, '1');
  assert.equal(env.CLAUDE_CODE_DISABLE_GIT_INSTRUCTIONS, '1', 'no git status of Claude Code’s own, where our git settings do not reach');
});

test('nothing but the listed groups is passed', () => {
  const env = agentEnvironment(userEnv, claudeEnvironmentSpec);
  const allowed = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|TZ|TMPDIR|HTTPS?_PROXY|NO_PROXY|https?_proxy|no_proxy|NODE_EXTRA_CA_CERTS|LC_.*|XDG_.*|ANTHROPIC_.*|CLAUDE_.*|GIT_.*|DISABLE_.*)$/;

  assert.deepEqual(Object.keys(env).filter((name) => !allowed.test(name)), []);
});

test('cloud credentials pass only when Claude Code is told to use that cloud', () => {
  const bedrock = agentEnvironment({ ...userEnv, CLAUDE_CODE_USE_BEDROCK: '1' }, claudeEnvironmentSpec);
  const off = agentEnvironment({ ...userEnv, CLAUDE_CODE_USE_BEDROCK: '0' }, claudeEnvironmentSpec);

  assert.equal(bedrock.AWS_SECRET_ACCESS_KEY, 'aws-secret');
  assert.equal(bedrock.GITHUB_TOKEN, undefined);
  assert.equal(off.AWS_SECRET_ACCESS_KEY, undefined);
});
