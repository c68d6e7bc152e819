import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { RunInfo } from './results';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** The machine, the commit and the tools, for the head of RESULTS.md. */
export function describeRun(mode: RunInfo['mode'], durationS: number, startLoad: readonly number[]): RunInfo {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((cpu) => cpu.model.trim()))].join(', ');
  const changed = git('status', '--porcelain').split('\n').filter((line) => line.trim() !== '').length;
  return {
    mode,
    date: new Date().toISOString(),
    commit: git('rev-parse', 'HEAD'),
    workingTree: changed === 0 ? '(clean working tree)' : `(plus ${changed} uncommitted change(s) in the working tree)`,
    node: process.version,
    git: git('--version').replace(/^git version /, ''),
    cpus: `${cpus.length} cores (${models})`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory`,
    load: startLoad.map((value) => value.toFixed(2)).join(' / '),
    durationS,
  };
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
