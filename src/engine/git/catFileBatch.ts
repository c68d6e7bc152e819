import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { ReviewError } from '../errors';
import { safeGitConfig, safeGitEnv } from './safeGit';

/** An object as `git cat-file --batch` prints it. */
export interface GitObject {
  oid: string;
  type: string;
  size: number;
  /** The stored bytes; null when `size` is over the limit the object was asked for with (then they were skipped). */
  content: Buffer | null;
}

export interface CatFileBatchOptions {
  /** How long git may take to answer (from a request, or from its last output while one is open) before it is stopped. */
  answerTimeoutMs?: number;
  /** How long close() waits for git to exit before killing it. */
  closeTimeoutMs?: number;
}

/** Object names we send: hex object ids, optionally peeled (`<commit>^{tree}`). Never a path: a path could hold a newline. */
const objectNamePattern = /^[0-9a-f]{4,64}(\^\{tree\})?$/;
const headerPattern = /^([0-9a-f]{40,64}) ([a-z]+) (\d+)$/;

interface Pending {
  name: string;
  maxBytes: number;
  resolve: (object: GitObject | null) => void;
  reject: (error: Error) => void;
}

type Reading = { kind: 'header'; partial: Buffer[] } | { kind: 'body'; object: Omit<GitObject, 'content'>; remaining: number; chunks: Buffer[] | null };

/**
 * One `git cat-file --batch` process in `repoRoot`, started on the first request, answering any number
 * of object lookups in order. It prints objects as stored: no filters, no textconv, no end-of-line
 * conversion. The process runs with the hardened environment and is stopped by close(), by kill(), or
 * when it stops answering; if it exits early, every open and later request fails with a ReviewError.
 */
export class CatFileBatch {
  private child: ChildProcessByStdio<Writable, Readable, Readable> | null = null;
  private readonly queue: Pending[] = [];
  private readonly outgoing: string[] = [];
  private reading: Reading = { kind: 'header', partial: [] };
  private failure: ReviewError | null = null;
  private closing = false;
  private stderr = '';
  private answerTimer: NodeJS.Timeout | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly answerTimeoutMs: number;
  private readonly closeTimeoutMs: number;

  constructor(
    private readonly repoRoot: string,
    options: CatFileBatchOptions = {},
  ) {
    this.answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
  }

  /** The object `name` (an object id, or `<commit>^{tree}`), or null when the repository does not have it. */
  request(name: string, maxBytes: number): Promise<GitObject | null> {
    if (!objectNamePattern.test(name)) return Promise.reject(new Error(`Not an object id: "${name}"`));
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('The git object reader was closed.'));
    this.child ??= this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ name, maxBytes, resolve, reject });
      this.armAnswerTimer();
      this.send(name);
    });
  }

  /**
   * A request to an idle git is written at once (git can work while this process is busy); the ones
   * that follow in the same turn go in one write: far fewer system calls than a write each.
   */
  private send(name: string): void {
    this.outgoing.push(name);
    if (this.queue.length === 1) this.flush();
    else if (this.outgoing.length === 1) process.nextTick(() => { this.flush(); });
  }

  private flush(): void {
    const lines = this.outgoing.splice(0);
    if (lines.length > 0 && this.child?.stdin.writable) this.child.stdin.write(`${lines.join('\n')}\n`);
  }

  /** Lets git answer what was asked, then waits for it to exit (killing it after closeTimeoutMs). */
  async close(): Promise<void> {
    this.closing = true;
    const child = this.child;
    if (!child) return;
    this.flush();
    child.stdin.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), this.closeTimeoutMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(killer);
    }
  }

  /** Stops git at once; open requests fail. */
  async kill(): Promise<void> {
    this.closing = true;
    this.fail(this.problem('was stopped'));
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** The process id while git runs (for tests). */
  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  private start(): ChildProcessByStdio<Writable, Readable, Readable> {
    const child = spawn('git', [...safeGitConfig.flatMap((entry) => ['-c', entry]), 'cat-file', '--batch'], {
      cwd: this.repoRoot,
      env: safeGitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => child.once('close', () => { resolve(); }));
    child.stdout.on('data', (chunk: Buffer) => {
      this.onOutput(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 4_000) this.stderr += chunk.toString('utf8');
    });
    // A write after git died fails with EPIPE; the exit below reports it.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => {
      this.fail(this.problem(`could not be started: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      this.clearAnswerTimer();
      const how = signal ? `was stopped by ${signal}` : `exited with code ${String(code)}`;
      const detail = firstLine(this.stderr);
      if (this.queue.length > 0 || !this.closing) this.fail(this.problem(detail ? `${how}: ${detail}` : how));
    });
    return child;
  }

  private onOutput(chunk: Buffer): void {
    this.armAnswerTimer();
    let data = chunk;
    while (data.length > 0 && !this.failure) {
      if (this.reading.kind === 'header') {
        const end = data.indexOf(0x0a);
        if (end === -1) {
          this.reading.partial.push(data);
          return;
        }
        const line = Buffer.concat([...this.reading.partial, data.subarray(0, end)]).toString('utf8');
        data = data.subarray(end + 1);
        this.reading = { kind: 'header', partial: [] };
        this.onHeader(line);
      } else {
        const reading = this.reading;
        const taken = data.subarray(0, reading.remaining);
        reading.chunks?.push(taken);
        reading.remaining -= taken.length;
        data = data.subarray(taken.length);
        if (reading.remaining === 0) this.onBody(reading);
      }
    }
  }

  private onHeader(line: string): void {
    const pending = this.queue[0];
    if (!pending) {
      this.fail(this.problem(`printed "${line.slice(0, 80)}" unasked`));
      return;
    }
    if (line === `${pending.name} missing` || line === `${pending.name} ambiguous`) {
      this.settle()?.resolve(null);
      return;
    }
    const match = headerPattern.exec(line);
    if (!match) {
      this.fail(this.problem(`answered "${line.slice(0, 80)}" for ${pending.name}`));
      return;
    }
    const [, oid = '', type = '', sizeText = ''] = match;
    const size = Number(sizeText);
    // The contents and the line feed after them; kept only when within the limit.
    this.reading = { kind: 'body', object: { oid, type, size }, remaining: size + 1, chunks: size <= pending.maxBytes ? [] : null };
  }

  private onBody(reading: Extract<Reading, { kind: 'body' }>): void {
    this.reading = { kind: 'header', partial: [] };
    const bytes = reading.chunks ? Buffer.concat(reading.chunks) : null;
    if (bytes && bytes[bytes.length - 1] !== 0x0a) {
      this.fail(this.problem(`printed ${reading.object.oid} without the line feed after it`));
      return;
    }
    this.settle()?.resolve({ ...reading.object, content: bytes ? bytes.subarray(0, bytes.length - 1) : null });
  }

  /** Takes the oldest open request off the queue. */
  private settle(): Pending | undefined {
    const pending = this.queue.shift();
    if (this.queue.length === 0) this.clearAnswerTimer();
    return pending;
  }

  private fail(error: ReviewError): void {
    this.failure ??= error;
    this.clearAnswerTimer();
    for (const pending of this.queue.splice(0)) pending.reject(this.failure);
    if (this.child?.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private armAnswerTimer(): void {
    this.clearAnswerTimer();
    if (this.queue.length === 0) return;
    this.answerTimer = setTimeout(() => {
      this.fail(this.problem(`did not answer within ${this.answerTimeoutMs / 1000} s`));
    }, this.answerTimeoutMs);
  }

  private clearAnswerTimer(): void {
    if (this.answerTimer) clearTimeout(this.answerTimer);
    this.answerTimer = null;
  }

  private problem(what: string): ReviewError {
    return new ReviewError(
      'git-failed',
      `\`git cat-file --batch\` ${what}, so files of the reviewed commit could not be read.`,
      'Check that git works in this repository (for example `git status` in a terminal), then try again.',
    );
  }
}

function firstLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '');
}
