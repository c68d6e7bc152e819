import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { ReviewError } from '../../../src/engine/errors';
import { killAllAgentProcesses, runAgentProcess, type AgentProcessOptions } from '../../../src/engine/process/runAgentProcess';

function shell(script: string, overrides: Partial<AgentProcessOptions> = {}): { lines: string[]; run: ReturnType<typeof runAgentProcess> } {
  const lines: string[] = [];
  const run = runAgentProcess({
    command: '/bin/sh',
    args: ['-c', script],
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    notFoundHint: 'install it',
    killGraceMs: 300,
    onStdoutLine: (line) => lines.push(line),
    ...overrides,
  });
  return { lines, run };
}

/** Running = exists and is not a zombie waiting for a parent that does not reap (e.g. PID 1 in a container). */
function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function eventuallyStopped(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

test('stdout arrives as lines, CRLF and a last unterminated line included', async () => {
  const { lines, run } = shell(`printf 'first\\nsecond\\r\\n'; printf 'third'`);

  const result = await run;

  assert.deepEqual(lines, ['first', 'second', 'third']);
  assert.equal(result.exitCode, 0);
});

test('the exit code and the end of stderr are reported', async () => {
  const { run } = shell(`i=0; while [ $i -lt 500 ]; do echo "noise line $i" >&2; i=$((i+1)); done; echo 'fatal: the end' >&2; exit 3`, {
    stderrTailChars: 100,
  });

  const result = await run;

  assert.equal(result.exitCode, 3);
  assert.ok(result.stderrTail.length <= 100);
  assert.match(result.stderrTail, /fatal: the end$/);
  assert.equal(result.timedOut, false);
  assert.equal(result.cancelled, false);
});

test('a timeout kills the whole process group, SIGKILL for what ignores SIGTERM', async () => {
  const { lines, run } = shell(`trap '' TERM; sleep 30 & echo $!; wait`, { timeoutMs: 500 });

  const result = await run;

  assert.equal(result.timedOut, true);
  assert.equal(result.signal, 'SIGKILL');
  const grandchild = Number(lines[0]);
  assert.ok(grandchild > 0);
  assert.ok(await eventuallyStopped(grandchild), 'the background child is gone too');
});

test('aborting the signal stops the process group and reports cancelled', async () => {
  const controller = new AbortController();
  const { lines, run } = shell(`sleep 30 & echo $!; wait`, {
    signal: controller.signal,
    onStdoutLine: (line) => {
      lines.push(line);
      controller.abort();
    },
  });

  const result = await run;

  assert.equal(result.cancelled, true);
  assert.equal(result.timedOut, false);
  assert.ok(await eventuallyStopped(Number(lines[0])));
});

test('processes left behind by a CLI that exited normally are killed', async () => {
  const { lines, run } = shell(`sleep 30 & echo $!; exit 0`);

  const result = await run;

  assert.equal(result.exitCode, 0);
  assert.ok(await eventuallyStopped(Number(lines[0])));
});

test('an already aborted signal starts nothing', async () => {
  const controller = new AbortController();
  controller.abort();
  const marker = `${os.tmpdir()}/deep-review-not-started-${process.pid}`;

  const result = await shell(`touch ${marker}`, { signal: controller.signal }).run;

  assert.equal(result.cancelled, true);
  assert.equal(result.pid, undefined);
  assert.equal(fs.existsSync(marker), false);
});

test('a command that is not installed rejects with cli-not-found and the hint', async () => {
  await assert.rejects(runAgentProcess({
    command: 'deep-review-no-such-cli',
    args: [],
    cwd: os.tmpdir(),
    env: { PATH: '/usr/bin:/bin' },
    timeoutMs: 5_000,
    signal: new AbortController().signal,
    notFoundHint: 'Install it or set deepReview.reviewers[0].command.',
    onStdoutLine: () => undefined,
  }), (error: unknown) => {
    assert.ok(error instanceof ReviewError);
    assert.equal(error.code, 'cli-not-found');
    assert.equal(error.message, '`deep-review-no-such-cli` was not found on PATH.');
    assert.equal(error.hint, 'Install it or set deepReview.reviewers[0].command.');
    return true;
  });
});

test('stderr lines reach onStderrLine as they come, and the tail is kept for errors', async () => {
  const stderrLines: string[] = [];
  const { lines, run } = shell(`printf 'warn: slow\\n' >&2; printf 'out\\n'; printf 'retrying' >&2`, { onStderrLine: (line) => stderrLines.push(line) });

  const result = await run;

  assert.deepEqual(stderrLines, ['warn: slow', 'retrying']);
  assert.deepEqual(lines, ['out']);
  assert.equal(result.stderrTail, 'warn: slow\nretrying');
});

test('killAllAgentProcesses stops every running agent group at once (for a server on its way out)', async () => {
  const first = shell('sleep 30 & wait');
  const second = shell('sleep 30 & wait');
  await new Promise((resolve) => setTimeout(resolve, 200));

  killAllAgentProcesses();

  const [a, b] = await Promise.all([first.run, second.run]);
  assert.deepEqual([a.signal, b.signal], ['SIGKILL', 'SIGKILL']);
  assert.ok(a.pid !== undefined && (await eventuallyStopped(a.pid)));
});

test('an agent dies with the process that started it, even when that process is killed with SIGKILL (Linux)', { skip: process.platform !== 'linux' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-pdeathsig-'));
  try {
    const parentScript = path.join(dir, 'parent.ts');
    const moduleUrl = pathToFileURL(path.resolve(__dirname, '..', '..', '..', 'src', 'engine', 'process', 'runAgentProcess.ts')).href;
    fs.writeFileSync(
      parentScript,
      `import { runAgentProcess } from ${JSON.stringify(moduleUrl)};
void runAgentProcess({
  command: 'sh', args: ['-c', 'echo $$; exec sleep 30'], cwd: ${JSON.stringify(dir)}, env: { PATH: process.env.PATH ?? '' },
  timeoutMs: 60_000, signal: new AbortController().signal, notFoundHint: '', onStdoutLine: (line) => { process.stdout.write(line + '\\n'); },
});
`,
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const agentPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (chunk: Buffer) => { resolve(Number(chunk.toString().trim())); });
      parent.once('exit', () => { reject(new Error('the parent exited before its agent started')); });
    });
    assert.ok(isRunning(agentPid), 'the agent runs');

    parent.kill('SIGKILL');

    assert.ok(await eventuallyStopped(agentPid), 'the agent was killed with its parent');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a command that does not exist still fails as "not found" with the hint', async () => {
  const { run } = shell('', { command: 'deep-review-no-such-cli', args: [] });
  await assert.rejects(run, (error: unknown) => error instanceof ReviewError && error.code === 'cli-not-found' && /was not found on PATH/.test(error.message));
});
