import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runAgentProcess } from '../../src/engine/process/runAgentProcess';
import { agentSandbox } from '../../src/engine/sandbox/agentSandbox';
import { sandboxSupport } from '../../src/engine/sandbox/sandboxSupport';
import { repoRoot } from '../support/machine';
import { against, type FigureReport, type Measurement } from '../support/results';
import { formatMs, formatRatio, median, medianOf, spread } from '../support/stats';

// Figure 9: what the sandbox adds to starting an agent. Each CLI's `--version` is started through
// runAgentProcess with the sandbox an agent run gets (its worktree, a private home) and without it,
// alternately, in the same process; the cost is the median of the paired differences.

const targetMs = 50;
const clis = ['claude', 'codex', 'gemini'] as const;

async function timedRun(command: string, args: readonly string[], cwd: string, env: Record<string, string>, sandboxed: boolean, home: string): Promise<number> {
  const started = performance.now();
  await runAgentProcess({
    command,
    args,
    cwd,
    env,
    timeoutMs: 60_000,
    signal: new AbortController().signal,
    onStdoutLine: () => undefined,
    notFoundHint: '',
    sandbox: sandboxed ? agentSandbox(cwd, [home]) : undefined,
  });
  return performance.now() - started;
}

export async function sandboxStartupFigure(quick: boolean): Promise<FigureReport> {
  const support = sandboxSupport();
  if (!support.available) {
    return {
      number: 9,
      title: 'Sandbox start-up',
      measurements: [{ what: 'sandbox start-up per agent', value: 'n/a', target: `≤ ${targetMs} ms`, status: 'not measured' }],
      details: [`No sandbox on this machine: ${support.reason}.`],
    };
  }
  const pairs = quick ? 3 : 9;
  const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-bench-sandbox-')));
  const home = path.join(scratch, 'home');
  fs.mkdirSync(home, { mode: 0o700 });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch, LANG: 'C.UTF-8' };
  const measurements: Measurement[] = [];
  const details: string[] = [
    `Paired runs in one process (${pairs} pairs, sandboxed and plain alternating): each CLI's \`--version\` through runAgentProcess, with the agent's sandbox (bwrap ${support.bwrap}: worktree and private home bound, own PID/IPC/UTS/user namespaces, private /tmp and home) and without. Both go through \`setpriv --pdeathsig KILL\`.`,
    '',
    '| program | plain | sandboxed | sandboxed − plain |',
    '|---|---|---|---|',
  ];
  try {
    const programs: Array<{ name: string; command: string; args: string[] }> = [
      { name: '/bin/true (the sandbox alone)', command: '/bin/true', args: [] },
      ...clis.map((cli) => ({ name: cli, command: path.join(repoRoot, 'node_modules', '.bin', cli), args: ['--version'] })),
    ];
    for (const program of programs) {
      const plain: number[] = [];
      const sandboxed: number[] = [];
      const differences: number[] = [];
      await timedRun(program.command, program.args, scratch, env, true, home);
      for (let pair = 0; pair < pairs; pair++) {
        const withSandbox = await timedRun(program.command, program.args, scratch, env, true, home);
        const without = await timedRun(program.command, program.args, scratch, env, false, home);
        sandboxed.push(withSandbox);
        plain.push(without);
        differences.push(withSandbox - without);
      }
      const cost = median(differences);
      measurements.push({
        what: `${program.name}: start-up with the sandbox − without (${medianOf(pairs, 'paired run')})`,
        value: `${formatMs(cost)} (${formatRatio(median(sandboxed) / median(plain))} of ${formatMs(median(plain))})`,
        target: `≤ ${targetMs} ms`,
        status: against(cost, targetMs),
      });
      details.push(`| ${program.name} | ${spread(plain)} | ${spread(sandboxed)} | ${spread(differences)} |`);
    }
    details.push('', 'The /bin/true row is the sandbox alone; a slow CLI start (Gemini CLI’s `--version` takes about 2 s and varies by several hundred ms between runs) hides it in its own noise, so its difference can come out negative.');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { number: 9, title: 'Sandbox start-up', measurements, details };
}
