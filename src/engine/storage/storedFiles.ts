import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { z } from 'zod';
import { corrupt, newerVersion, olderVersion, unreadable, writeFailed } from './storageErrors';

/** A JSON file read back: absent, valid, damaged (with what is wrong), or of an older format this version cannot read. */
export type StoredJson<T> = { kind: 'missing' } | { kind: 'ok'; value: T } | { kind: 'corrupt'; problem: string } | { kind: 'older'; version: number };

/**
 * Reads and validates a versioned JSON file. A file of a newer format version is never treated as
 * damaged (a newer Deep Review wrote it): that throws, naming the file, and nothing touches it.
 */
export async function readStoredJson<T>(file: string, schema: z.ZodType<T>, currentVersion: number): Promise<StoredJson<T>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing' };
    throw unreadable(file, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', problem: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const version = typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
  if (typeof version === 'number' && version > currentVersion) throw newerVersion(file, version);
  if (typeof version === 'number' && Number.isInteger(version) && version >= 1 && version < currentVersion) return { kind: 'older', version };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`);
    return { kind: 'corrupt', problem: problems.join('; ') };
  }
  return { kind: 'ok', value: parsed.data };
}

/** Like readStoredJson, but a damaged or older file is an error naming it. */
export async function readStoredJsonStrict<T>(file: string, schema: z.ZodType<T>, currentVersion: number): Promise<T | null> {
  const stored = await readStoredJson(file, schema, currentVersion);
  if (stored.kind === 'corrupt') throw corrupt(file, stored.problem);
  if (stored.kind === 'older') throw olderVersion(file, stored.version);
  return stored.kind === 'ok' ? stored.value : null;
}

/** Pretty JSON with a final newline, readable in an editor and in diffs. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes `content` to a temporary file next to `target`, flushes it, and renames it over `target`:
 * readers see the old file or the new one, never half of one. Files are private to the user (0600).
 */
export async function writeFileAtomically(target: string, content: string): Promise<void> {
  const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temporary, 'wx', 0o600);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw writeFailed(target, error);
  }
}

export function isMissing(error: unknown): boolean {
  return errorCode(error) === 'ENOENT';
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
