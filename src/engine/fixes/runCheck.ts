import type { CheckRun } from '../../shared/fixVerification';
import { runAgentProcess } from '../process/runAgentProcess';
import type { SandboxSpec } from '../sandbox/sandboxArgs';
import { checkOutputExcerpt } from './checkOutputExcerpt';

export interface CheckOptions {
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  /** Run in this sandbox where one can start. */
  sandbox?: SandboxSpec | undefined;
}

export type CheckOutcome = CheckRun & { cancelled: boolean };

/** Output lines kept per run: enough for the excerpt, bounded for a check that prints a lot. */
const keptLines = 2_000;

/** Runs the check command through the shell, in its own process group, stdin closed, with a timeout. */
export async function runCheck(options: CheckOptions): Promise<CheckOutcome> {
  const started = Date.now();
  const lines: string[] = [];
  const keep = (line: string): void => {
    lines.push(line);
    if (lines.length > keptLines * 2) lines.splice(keptLines / 2, lines.length - keptLines);
  };
  const shell = process.platform === 'win32' ? { command: process.env.ComSpec ?? 'cmd.exe', args: ['/d', '/s', '/c', options.command] } : { command: '/bin/sh', args: ['-c', options.command] };
  const result = await runAgentProcess({
    command: shell.command,
    args: shell.args,
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onStdoutLine: keep,
    onStderrLine: keep,
    notFoundHint: 'Deep Review runs deepReview.verifyCommand with the system shell.',
    killGraceMs: 2_000,
    sandbox: options.sandbox,
  });
  const durationMs = Date.now() - started;
  const status = result.timedOut ? 'timed-out' : result.exitCode === 0 ? 'passed' : 'failed';
  const excerpt =
    status === 'passed'
      ? ''
      : status === 'timed-out'
        ? [`Stopped after ${Math.round(options.timeoutMs / 1000)} s.`, checkOutputExcerpt(lines.slice(-6))].filter((part) => part !== '').join('\n')
        : checkOutputExcerpt(lines) || `Exited with ${result.exitCode === null ? `signal ${result.signal ?? 'unknown'}` : `code ${result.exitCode}`} and no output.`;
  return { status, exitCode: result.exitCode, durationMs, excerpt, cancelled: result.cancelled };
}
