import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { createClaudeHome } from '../../../src/engine/agents/claude/claudeHome';
import { createCodexHome } from '../../../src/engine/agents/codex/codexHome';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function userHome(): string {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-user-')));
  folders.push(home);
  return home;
}

test('a Claude run’s config folder holds the sign-in only: credentials linked, no project entries', () => {
  const home = userHome();
  fs.mkdirSync(path.join(home, '.claude'));
  fs.writeFileSync(path.join(home, '.claude', '.credentials.json'), '{"claudeAiOauth":{"accessToken":"x"}}');
  fs.writeFileSync(path.join(home, '.claude', 'history.jsonl'), 'private');
  const state = { oauthAccount: { emailAddress: 'me@example.com' }, userID: 'u1', projects: { '/repo': { enabledMcpjsonServers: ['docs'] } }, mcpServers: { x: { command: 'evil' } } };
  fs.writeFileSync(path.join(home, '.claude.json'), JSON.stringify(state));

  const claudeHome = createClaudeHome({ HOME: home });
  try {
    assert.equal((fs.statSync(claudeHome.folder).mode & 0o777).toString(8), '700');
    assert.deepEqual(fs.readdirSync(claudeHome.folder).sort(), ['.claude.json', '.credentials.json']);
    assert.equal(fs.readlinkSync(path.join(claudeHome.folder, '.credentials.json')), path.join(home, '.claude', '.credentials.json'));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(claudeHome.folder, '.claude.json'), 'utf8')), { hasCompletedOnboarding: true, oauthAccount: state.oauthAccount, userID: 'u1' });
    assert.deepEqual(claudeHome.linkedFiles, [path.join(home, '.claude', '.credentials.json')]);
  } finally {
    claudeHome.dispose();
  }
  assert.equal(fs.existsSync(claudeHome.folder), false);
  assert.ok(fs.existsSync(path.join(home, '.claude', '.credentials.json')), 'the user’s credentials stay');
});

test('CLAUDE_CONFIG_DIR is where the user’s Claude sign-in is read from when set', () => {
  const configDir = userHome();
  fs.writeFileSync(path.join(configDir, '.claude.json'), JSON.stringify({ userID: 'u2', projects: {} }));
  const claudeHome = createClaudeHome({ HOME: '/nonexistent', CLAUDE_CONFIG_DIR: configDir });
  try {
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(claudeHome.folder, '.claude.json'), 'utf8')), { hasCompletedOnboarding: true, userID: 'u2' });
    assert.deepEqual(fs.readdirSync(claudeHome.folder), ['.claude.json']);
  } finally {
    claudeHome.dispose();
  }
});

test('a Codex run’s CODEX_HOME holds the login only: no config.toml with trust entries, no sessions', () => {
  const codexDir = userHome();
  fs.writeFileSync(path.join(codexDir, 'auth.json'), '{"OPENAI_API_KEY":"sk"}');
  fs.writeFileSync(path.join(codexDir, 'config.toml'), '[projects."/repo"]\ntrust_level = "trusted"\n');
  fs.mkdirSync(path.join(codexDir, 'sessions'));

  const codexHome = createCodexHome({ CODEX_HOME: codexDir });
  try {
    assert.deepEqual(fs.readdirSync(codexHome.folder), ['auth.json']);
    assert.equal(fs.readlinkSync(path.join(codexHome.folder, 'auth.json')), path.join(codexDir, 'auth.json'));
  } finally {
    codexHome.dispose();
  }
});
