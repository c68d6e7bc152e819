import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createHeadFileReader } from '../../../src/engine/review/headFileReader';

function tree(): { root: string; outside: string } {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dr-head-')));
  const root = path.join(base, 'worktree');
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'app.ts'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'do not read');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'link-out'));
  fs.symlinkSync('src/app.ts', path.join(root, 'link-in'));
  return { root, outside: base };
}

test('files inside the worktree are read', async () => {
  const { root, outside } = tree();
  const read = createHeadFileReader(root);
  assert.equal(await read('src/app.ts'), 'export const a = 1;\n');
  assert.equal(await read('link-in'), 'export const a = 1;\n');
  fs.rmSync(outside, { recursive: true });
});

test('paths and symlinks leaving the worktree read as null', async () => {
  const { root, outside } = tree();
  const read = createHeadFileReader(root);
  assert.equal(await read('../secret.txt'), null);
  assert.equal(await read(path.join(outside, 'secret.txt')), null);
  assert.equal(await read('link-out'), null);
  assert.equal(await read('src'), null);
  assert.equal(await read('missing.ts'), null);
  fs.rmSync(outside, { recursive: true });
});
