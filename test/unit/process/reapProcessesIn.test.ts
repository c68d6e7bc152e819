import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { reapProcessesIn } from '../../../src/engine/process/reapProcessesIn';

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`) && !/State:\s+Z/.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));

test('processes left running inside a folder are killed, others are not', { skip: process.platform !== 'linux' }, async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-reap-'));
  const inside = path.join(base, 'worktree', 'src');
  const outside = path.join(base, 'elsewhere');
  fs.mkdirSync(inside, { recursive: true });
  fs.mkdirSync(outside);
  // Own process groups, like the shell commands Gemini CLI starts.
  const stray = spawn('sleep', ['30'], { cwd: inside, detached: true, stdio: 'ignore' });
  const bystander = spawn('sleep', ['30'], { cwd: outside, detached: true, stdio: 'ignore' });
  const exited = new Promise((resolve) => stray.once('exit', resolve));
  try {
    assert.deepEqual(reapProcessesIn(path.join(base, 'worktree')), [stray.pid]);
    await exited;
    assert.equal(alive(stray.pid!), false);
    assert.equal(alive(bystander.pid!), true);
    assert.deepEqual(reapProcessesIn(path.join(base, 'missing')), []);
  } finally {
    bystander.kill('SIGKILL');
    fs.rmSync(base, { recursive: true, force: true });
  }
});
