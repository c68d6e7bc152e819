import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatChecks } from '../../../src/cli/formatChecks';
import { probeSandbox, sandboxDescription, unsandboxedNote } from '../../../src/engine/sandbox/sandboxSupport';
import type { ReviewerCheck } from '../../../src/shared/reviewerCheck';

const linux = process.platform === 'linux';

test('without bwrap the sandbox is unavailable, and the note says plainly what agents could read', { skip: !linux && 'probed on Linux only' }, () => {
  const support = probeSandbox('', []);

  if (support.available) assert.fail('no bwrap, no sandbox');
  assert.match(support.reason, /bubblewrap \(`bwrap`\) is not installed; install it with `sudo apt-get install bubblewrap`/);
  assert.match(unsandboxedNote(support) ?? '', /^Agents ran without a sandbox \(bubblewrap .* every file your user can read, including ~\/\.ssh/);
  assert.deepEqual(sandboxDescription(support).available, false);
});

test('with a working sandbox there is no note', () => {
  assert.equal(unsandboxedNote({ available: true, bwrap: '/usr/bin/bwrap' }), null);
  assert.equal(sandboxDescription({ available: true, bwrap: '/usr/bin/bwrap' }).available, true);
});

test('elsewhere than Linux no sandbox is claimed', { skip: linux && 'not on Linux' }, () => {
  assert.equal(probeSandbox(process.env.PATH ?? '').available, false);
});

test('deep-review check prints the sandbox state of each reviewer', () => {
  const check: ReviewerCheck = {
    reviewerId: 'claude',
    cli: 'claude',
    model: 'm',
    binary: { command: 'claude', path: '/usr/bin/claude', version: '2.1', error: null },
    auth: { status: 'ok', detail: 'ANTHROPIC_API_KEY is set', nextStep: null },
    sandbox: sandboxDescription({ available: false, reason: 'bubblewrap (`bwrap`) is not installed' }),
  };
  assert.match(formatChecks([check]), /\n {5}sandbox: NONE — no sandbox \(bubblewrap \(`bwrap`\) is not installed\): it can read every file your user can read/);
});
