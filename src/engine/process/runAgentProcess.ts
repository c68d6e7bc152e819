import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ReviewError } from '../errors';
import { sandboxArgs, type SandboxSpec } from '../sandbox/sandboxArgs';
import { sandboxSupport } from '../sandbox/sandboxSupport';
import { constants as osConstants } from 'node:os';

export interface AgentProcessOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment of the child (nothing is inherited). */
  env: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  /** Called for every complete stdout line (without the line break), and for a last unterminated one. */
  onStdoutLine: (line: string) => void;
  /** Each line the CLI writes to stderr, as it comes (for the log); the tail is kept for errors either way. */
  onStderrLine?: ((line: string) => void) | undefined;
  /** What to tell the user when `command` cannot be started, e.g. how to install it or configure its path. */
  notFoundHint: string;
  /** Time between SIGTERM and SIGKILL when stopping. */
  killGraceMs?: number;
  /** How much of the end of stderr to keep, in characters. */
  stderrTailChars?: number;
  /** Run inside a bubblewrap sandbox that shows only these paths, where one can start (see sandboxSupport). */
  sandbox?: SandboxSpec | undefined;
  /**
   * Written to the CLI's stdin, which is then closed (the prompt: no size limit, unlike one command-line
   * argument). Without it stdin is closed at once: the CLIs wait for EOF on an open pipe.
   */
  stdin?: string | undefined;
}

export interface AgentProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The last part of stderr, for error messages. */
  stderrTail: string;
  /** Process id of the child, which is also its process group id (undefined if it never started). */
  pid: number | undefined;
}

const defaultKillGraceMs = 3_000;
const defaultStderrTailChars = 8_000;
// Longer delays overflow Node's timer and fire at once.
const maxTimerMs = 2_147_483_647;

/** Process groups of the agent CLIs running now, for killAllAgentProcesses. */
const liveGroups = new Set<number>();

/**
 * Kills every agent process group still running, synchronously: for a process that is about to exit
 * (its 'exit' event) without having cancelled its reviews, so no agent outlives it.
 */
export function killAllAgentProcesses(): void {
  for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  liveGroups.clear();
}

/**
 * Runs an agent CLI in its own process group with stdin closed (or holding `stdin`). Timeout and cancellation stop the
 * whole group (SIGTERM, then SIGKILL after a grace period); when the CLI exits, anything it left
 * behind in its group is killed too, so no tool process outlives the run.
 */
export async function runAgentProcess(options: AgentProcessOptions): Promise<AgentProcessResult> {
  if (options.signal.aborted) {
    return { exitCode: null, signal: null, timedOut: false, cancelled: true, stderrTail: '', pid: undefined };
  }
  const launch = launchCommand(options);
  const stdinMode: 'pipe' | 'ignore' = options.stdin === undefined ? 'ignore' : 'pipe';
  const child = spawn(launch.command, launch.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: [stdinMode, 'pipe', 'pipe'],
    windowsHide: true,
  });
  if (child.stdin) {
    // A CLI that exits (or fails) without reading all of it closes the pipe: its exit tells what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin);
  }
  const { stdout, stderr: stderrStream } = child;
  if (stdout === null || stderrStream === null) throw new Error('The agent process was started without output pipes.');
  const pid = child.pid;
  if (pid !== undefined) liveGroups.add(pid);
  const killGraceMs = options.killGraceMs ?? defaultKillGraceMs;
  const stderr = new TailBuffer(options.stderrTailChars ?? defaultStderrTailChars);
  const stdoutLines = new LineSplitter(options.onStdoutLine);
  const stderrLines = options.onStderrLine ? new LineSplitter(options.onStderrLine) : null;
  let timedOut = false;
  let cancelled = false;
  let exited = false;
  let killTimer: NodeJS.Timeout | undefined;

  const stop = (): void => {
    if (exited || killTimer !== undefined) return;
    signalGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => {
      signalGroup(pid, 'SIGKILL');
    }, killGraceMs);
  };
  const timeoutTimer = setTimeout(() => {
    timedOut = true;
    stop();
  }, Math.min(options.timeoutMs, maxTimerMs));
  const onAbort = (): void => {
    cancelled = true;
    stop();
  };
  options.signal.addEventListener('abort', onAbort, { once: true });

  stdout.on('data', (chunk: Buffer) => {
    stdoutLines.push(chunk);
  });
  stderrStream.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    stderrLines?.push(chunk);
  });
  let drainTimer: NodeJS.Timeout | undefined;
  child.on('exit', () => {
    exited = true;
    if (pid !== undefined) liveGroups.delete(pid);
    // Once the group is gone its id may be reused: no delayed SIGKILL after this one.
    if (killTimer !== undefined) clearTimeout(killTimer);
    // Tools the CLI started may still run (and hold stdout open); they die with the run.
    signalGroup(pid, 'SIGKILL');
    // A process that left the group could still hold the pipes; stop waiting for it after the grace period.
    drainTimer = setTimeout(() => {
      stdout.destroy();
      stderrStream.destroy();
    }, killGraceMs);
  });

  try {
    const { exitCode, signal } = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        reject(startError(error, options));
      });
      child.once('close', (exitCode, signal) => {
        resolve({ exitCode, signal });
      });
    });
    stdoutLines.end();
    stderrLines?.end();
    return { ...(launch.sandboxed ? signalFromSandbox(exitCode, signal) : { exitCode, signal }), timedOut, cancelled, stderrTail: stderr.text(), pid };
  } finally {
    clearTimeout(timeoutTimer);
    if (killTimer !== undefined) clearTimeout(killTimer);
    if (drainTimer !== undefined) clearTimeout(drainTimer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

/** bwrap exits with 128 + n when the sandboxed program was killed by signal n: report it as that signal. */
function signalFromSandbox(exitCode: number | null, signal: NodeJS.Signals | null): { exitCode: number | null; signal: NodeJS.Signals | null } {
  if (signal !== null || exitCode === null || exitCode <= 128) return { exitCode, signal };
  const name = Object.entries(osConstants.signals).find(([, number]) => number === exitCode - 128)?.[0];
  return name === undefined ? { exitCode, signal } : { exitCode: null, signal: name as NodeJS.Signals };
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

const setprivPath = '/usr/bin/setpriv';
let setprivAvailable: boolean | undefined;

/**
 * On Linux, runs the CLI through util-linux's `setpriv --pdeathsig KILL`: the kernel kills the agent when
 * the process that started it dies, even by SIGKILL (no exit handler runs then), so an agent never outlives
 * a crashed language server or CLI. With a sandbox spec, and where bubblewrap can start, the CLI runs in
 * the sandbox (bwrap itself is what setpriv starts; `--die-with-parent` passes the death on). Elsewhere,
 * or when the command cannot be resolved (the spawn then fails with the usual "not found" error), the
 * command runs as it is.
 */
function launchCommand(options: AgentProcessOptions): { command: string; args: readonly string[]; sandboxed: boolean } {
  setprivAvailable ??= process.platform === 'linux' && isExecutableFile(setprivPath);
  const support = options.sandbox === undefined ? null : sandboxSupport();
  const asIs = { command: options.command, args: options.args, sandboxed: false };
  if (!setprivAvailable && support?.available !== true) return asIs;
  const resolved = resolveExecutable(options.command, options.env.PATH ?? '', options.cwd);
  if (resolved === null) return asIs;
  const inner =
    support?.available === true && options.sandbox !== undefined
      ? { command: support.bwrap, args: sandboxArgs(resolved, options.args, options.sandbox, options.env, options.cwd), sandboxed: true }
      : { command: resolved, args: options.args, sandboxed: false };
  return setprivAvailable ? { command: setprivPath, args: ['--pdeathsig', 'KILL', '--', inner.command, ...inner.args], sandboxed: inner.sandboxed } : inner;
}

function resolveExecutable(command: string, searchPath: string, cwd: string): string | null {
  if (command.includes('/')) {
    const file = path.resolve(cwd, command);
    return isExecutableFile(file) ? file : null;
  }
  for (const folder of searchPath.split(path.delimiter)) {
    if (folder === '' || !path.isAbsolute(folder)) continue;
    const file = path.join(folder, command);
    if (isExecutableFile(file)) return file;
  }
  return null;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function startError(error: NodeJS.ErrnoException, options: AgentProcessOptions): Error {
  if (!existsSync(options.cwd)) {
    return new ReviewError('agent-failed', `Cannot start \`${options.command}\`: its working folder ${options.cwd} does not exist.`, 'Run the review again.');
  }
  const where = options.command.includes('/') || options.command.includes('\\') ? 'does not exist' : 'was not found on PATH';
  if (error.code === 'ENOENT') {
    return new ReviewError('cli-not-found', `\`${options.command}\` ${where}.`, options.notFoundHint);
  }
  if (error.code === 'EACCES') {
    return new ReviewError('cli-not-found', `\`${options.command}\` cannot be executed (permission denied).`, options.notFoundHint);
  }
  return new ReviewError('agent-failed', `Could not start \`${options.command}\`: ${error.message}`);
}

/** Splits a byte stream into UTF-8 lines; scans each byte once, however long a line gets. */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending: string[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const pieces = this.decoder.write(chunk).split('\n');
    const last = pieces.pop() ?? '';
    for (const piece of pieces) {
      this.pending.push(piece);
      this.emit(this.pending.join(''));
      this.pending = [];
    }
    if (last !== '') this.pending.push(last);
  }

  end(): void {
    const rest = this.pending.join('') + this.decoder.end();
    this.pending = [];
    if (rest !== '') this.emit(rest);
  }

  private emit(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}

/** Keeps the last `limit` characters of a stream. */
class TailBuffer {
  private readonly decoder = new StringDecoder('utf8');
  private content = '';

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.content += this.decoder.write(chunk);
    if (this.content.length > this.limit * 2) this.content = this.content.slice(-this.limit);
  }

  text(): string {
    return (this.content + this.decoder.end()).slice(-this.limit).trim();
  }
}
