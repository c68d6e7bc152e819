import fs from 'node:fs';
import path from 'node:path';
import type { SandboxSpec } from './sandboxArgs';
import { isInside } from './sandboxArgs';

export interface CheckSandboxInput {
  /** The scratch worktree the check runs in (it may write there: builds, test output). */
  worktree: string;
  extraWritable: readonly string[];
  /** The user's repository: its git data, and the installed dependencies a check may borrow ($DEEP_REVIEW_REPO_ROOT). */
  repoRoot: string;
  /** The check's PATH: its toolchains must be found. */
  searchPath: string;
  home: string;
  /** The user allowed the check to use the network (deepReview.verifyNetwork / --verify-network). */
  network: boolean;
}

/**
 * Folders in the home that hold credentials or personal data besides programs: a PATH entry in them
 * is bound alone, never with its prefix (`~/.local/bin`, not `~/.local` with its keyrings).
 */
const personalPrefixes = ['', '.local', '.cargo', '.config'];

/**
 * What the verify command sees in its sandbox: the system, its toolchains (PATH folders, with their
 * prefix for a `bin` folder so e.g. npm finds its lib), the user's repository read-only, the scratch
 * worktree read-write, an empty home and /tmp, its own PID namespace (no parent's /proc/<pid>/environ)
 * and no network unless the user enabled it.
 */
export function checkSandbox(input: CheckSandboxInput): SandboxSpec {
  const personal = personalPrefixes.map((name) => path.join(input.home, name));
  const toolchains: string[] = [];
  for (const folder of input.searchPath.split(path.delimiter)) {
    if (!path.isAbsolute(folder) || !isFolder(folder) || folder === '/' || isInside(input.home, folder)) continue;
    const prefix = path.dirname(folder);
    const withPrefix = path.basename(folder) === 'bin' && prefix !== '/' && !personal.includes(prefix) && !isInside(input.home, prefix);
    toolchains.push(withPrefix ? prefix : folder);
  }
  return { readOnly: [...new Set([input.repoRoot, ...toolchains])], writable: [input.worktree, ...input.extraWritable], network: input.network };
}

function isFolder(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
