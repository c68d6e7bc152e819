import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { installFolders, sandboxArgs } from '../../../src/engine/sandbox/sandboxArgs';
import { checkSandbox } from '../../../src/engine/sandbox/checkSandbox';

/** Pairs of (option, path) bwrap gets, e.g. ['--ro-bind', '/x'], for assertions that ignore order. */
function mounts(args: readonly string[]): string[] {
  const found: string[] = [];
  args.forEach((arg, index) => {
    if (arg === '--ro-bind' || arg === '--bind' || arg === '--ro-bind-try') found.push(`${arg} ${args[index + 1] ?? ''}`);
    if (arg === '--tmpfs') found.push(`--tmpfs ${args[index + 1] ?? ''}`);
  });
  return found;
}

test('an agent sees the worktree read-only, its private home read-write, an empty home and /tmp, and shares the network', () => {
  const home = '/home/someone';
  const args = sandboxArgs('/usr/bin/true', ['--flag'], { readOnly: ['/tmp/wt'], writable: ['/tmp/private-home'], network: true }, { HOME: home, PATH: '/usr/bin' }, '/tmp/wt');
  const found = mounts(args);

  for (const mount of ['--ro-bind /tmp/wt', '--bind /tmp/private-home', '--tmpfs /tmp', `--tmpfs ${home}`, '--ro-bind-try /usr', '--ro-bind-try /etc']) assert.ok(found.includes(mount), mount);
  assert.ok(!found.some((mount) => mount.endsWith(` ${home}`) && !mount.startsWith('--tmpfs')), 'the home itself is never bound');
  for (const option of ['--unshare-all', '--share-net', '--die-with-parent']) assert.ok(args.includes(option), option);
  assert.deepEqual(args.slice(args.indexOf('--')), ['--', '/usr/bin/true', '--flag']);
  // Binds come after the tmpfs mounts, so a worktree under /tmp is visible.
  assert.ok(args.indexOf('--tmpfs') < args.indexOf('/tmp/wt'));
});

test('without network the sandbox has its own (empty) network namespace', () => {
  const args = sandboxArgs('/usr/bin/true', [], { readOnly: [], writable: [], network: false }, { HOME: '/home/x' }, '/');
  assert.ok(args.includes('--unshare-all'));
  assert.ok(!args.includes('--share-net'));
});

test('a CLI installed by npm is visible with its whole node_modules (native parts are sibling packages), never its home', () => {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-install-')));
  try {
    const bin = path.join(home, '.npm-global', 'lib', 'node_modules', 'cli', 'bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'cli.js'), '#!/usr/bin/env node\n', { mode: 0o755 });
    fs.writeFileSync(path.join(home, 'loose-tool'), '#!/bin/sh\n', { mode: 0o755 });

    assert.ok(installFolders(path.join(bin, 'cli.js'), '', [home]).includes(path.join(home, '.npm-global', 'lib', 'node_modules')));
    assert.deepEqual(installFolders(path.join(home, 'loose-tool'), '', [home]).filter((folder) => folder.startsWith(home)), [path.join(home, 'loose-tool')]);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('the verify command sees its toolchains and the repository read-only, its worktree read-write, and no personal folder', () => {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-home-')));
  try {
    for (const folder of ['.local/bin', '.nvm/versions/node/v20/bin', '.cargo/bin']) fs.mkdirSync(path.join(home, folder), { recursive: true });
    const searchPath = ['/usr/bin', path.join(home, '.local/bin'), path.join(home, '.nvm/versions/node/v20/bin'), path.join(home, '.cargo/bin'), home, 'relative/bin'].join(path.delimiter);
    const spec = checkSandbox({ worktree: '/tmp/check-wt', extraWritable: [], repoRoot: '/work/repo', searchPath, home, network: false });

    assert.deepEqual(spec.writable, ['/tmp/check-wt']);
    assert.equal(spec.network, false);
    assert.deepEqual(spec.readOnly, ['/work/repo', '/usr', path.join(home, '.local/bin'), path.join(home, '.nvm/versions/node/v20'), path.join(home, '.cargo/bin')]);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
