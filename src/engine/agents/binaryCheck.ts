import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewerCheck } from '../../shared/reviewerCheck';

/** Where `command` resolves on `PATH` (or itself when it has a slash), or null when it is not executable. */
export function resolveCommand(command: string, env: NodeJS.ProcessEnv): string | null {
  const candidates = command.includes('/') ? [path.resolve(command)] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Finds the CLI and its version: from the npm package it belongs to when that is `npmPackage` (a file read;
 * `gemini --version` alone takes 1.5–5 s to start), else by asking it (`<cli> --version`, 15 s at most).
 */
export async function checkBinary(command: string, env: Record<string, string>, installHint: string, npmPackage?: string): Promise<ReviewerCheck['binary']> {
  const resolved = resolveCommand(command, env);
  if (resolved === null) return { command, path: null, version: null, error: `\`${command}\` was not found on PATH. ${installHint}` };
  const packaged = npmPackage === undefined ? null : packageVersion(resolved, npmPackage);
  if (packaged !== null) return { command, path: resolved, version: packaged, error: null };
  return new Promise((resolve) => {
    execFile(resolved, ['--version'], { env, timeout: 15_000, maxBuffer: 64 * 1024 }, (error, stdout, stderr) => {
      const version = stdout.trim().split('\n')[0] ?? '';
      if (error && version === '') {
        resolve({ command, path: resolved, version: null, error: `\`${resolved} --version\` failed: ${stderr.trim().split('\n').at(-1) ?? error.message}` });
        return;
      }
      resolve({ command, path: resolved, version: version === '' ? null : version, error: null });
    });
  });
}

/** The version in the package.json of `npmPackage` that the resolved program's real file lies in; null when it is not one. */
export function packageVersion(program: string, npmPackage: string): string | null {
  let dir: string;
  try {
    dir = path.dirname(fs.realpathSync(program));
  } catch {
    return null;
  }
  for (let depth = 0; depth < 4; depth += 1) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      return manifest.name === npmPackage && typeof manifest.version === 'string' ? manifest.version : null;
    } catch {
      dir = path.dirname(dir);
    }
  }
  return null;
}
