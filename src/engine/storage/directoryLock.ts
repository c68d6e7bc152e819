import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ReviewStoreError } from './storageErrors';
import { errorCode, isMissing } from './storedFiles';

export interface LockTiming {
  /** How long to wait for another holder before giving up. */
  timeoutMs: number;
  /** A lock older than this is stale even when its holder seems alive (a reused process id, another machine). */
  staleMs: number;
}

export const defaultLockTiming: LockTiming = { timeoutMs: 30_000, staleMs: 10 * 60_000 };

// mkdir of the lock folder and the write of its owner file are a moment apart; a folder without an owner
// for longer than this was left by a process that died in between.
const ownerlessGraceMs = 5_000;
const ownerFile = 'owner.json';
const ownerSchema = z.strictObject({ pid: z.number().int(), hostname: z.string(), token: z.string(), createdAt: z.number() });
type LockOwner = z.infer<typeof ownerSchema>;

/**
 * Runs `action` while holding a lock folder (mkdir is atomic on every local file system), so that two
 * VS Code windows, the language server and the CLI never interleave their writes. A lock whose holder
 * died (its process is gone, or it is older than `staleMs`) is taken over.
 */
export async function withDirectoryLock<T>(lockDir: string, timing: LockTiming, action: () => Promise<T>): Promise<T> {
  const token = await acquire(lockDir, timing);
  try {
    return await action();
  } finally {
    await release(lockDir, token);
  }
}

async function acquire(lockDir: string, timing: LockTiming): Promise<string> {
  const token = randomBytes(12).toString('hex');
  const deadline = Date.now() + timing.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.mkdir(lockDir, { mode: 0o700 });
      const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), token, createdAt: Date.now() };
      await fs.writeFile(path.join(lockDir, ownerFile), JSON.stringify(owner), { mode: 0o600 });
      return token;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw lockError(lockDir, `could not create it: ${error instanceof Error ? error.message : String(error)}`);
    }
    const holder = await readOwner(lockDir);
    if (holder !== 'gone' && (await isStale(lockDir, holder, timing))) {
      await breakStaleLock(lockDir, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder === 'gone' || holder === null ? 'another process' : `process ${holder.pid} on ${holder.hostname}`;
      throw lockError(lockDir, `${who} holds it`);
    }
    // Short waits first (writes under the lock take milliseconds), with jitter so waiters do not march in step.
    await sleep(Math.min(200, 10 * 2 ** Math.min(attempt, 4)) + Math.random() * 10);
  }
}

async function release(lockDir: string, token: string): Promise<void> {
  const holder = await readOwner(lockDir);
  // Never remove a lock someone else took over (ours was judged stale).
  if (holder !== 'gone' && holder?.token === token) await fs.rm(lockDir, { recursive: true, force: true });
}

/** The lock's owner; null when the folder has no readable owner file; 'gone' when the lock was released meanwhile. */
async function readOwner(lockDir: string): Promise<LockOwner | null | 'gone'> {
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(await fs.readFile(path.join(lockDir, ownerFile), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch (error) {
    if (isMissing(error)) {
      try {
        await fs.stat(lockDir);
        return null;
      } catch {
        return 'gone';
      }
    }
    return null;
  }
}

async function isStale(lockDir: string, holder: LockOwner | null, timing: LockTiming): Promise<boolean> {
  if (holder === null) {
    try {
      return Date.now() - (await fs.stat(lockDir)).mtimeMs > ownerlessGraceMs;
    } catch {
      return false;
    }
  }
  if (holder.hostname === os.hostname() && !isProcessAlive(holder.pid)) return true;
  return Date.now() - holder.createdAt > timing.staleMs;
}

/**
 * Moves the stale lock aside before deleting it, so that of several processes breaking it at once only
 * one succeeds; if the folder moved turns out to be a fresh lock (taken over meanwhile), it is put back.
 */
async function breakStaleLock(lockDir: string, stale: LockOwner | null): Promise<void> {
  const aside = `${lockDir}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await fs.rename(lockDir, aside);
  } catch {
    return; // someone else broke or released it first
  }
  const moved = await readOwner(aside);
  const sameLock = moved === 'gone' || (moved === null ? stale === null : moved.token === stale?.token);
  if (sameLock) {
    await fs.rm(aside, { recursive: true, force: true });
    return;
  }
  await fs.rename(aside, lockDir).catch(() => fs.rm(aside, { recursive: true, force: true }));
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return errorCode(error) === 'EPERM';
  }
}

function lockError(lockDir: string, why: string): ReviewStoreError {
  return new ReviewStoreError(
    'locked',
    lockDir,
    `Could not lock the review history (${lockDir}): ${why}.`,
    `Another Deep Review (a second window or the command line) is saving a review of this branch; try again when it is done. If none is running, delete ${lockDir}.`,
  );
}
