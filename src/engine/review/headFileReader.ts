import fs from 'node:fs/promises';
import path from 'node:path';
import { isSafeRepoPath } from '../../shared/findingModel';

const maxFileBytes = 4 * 1024 * 1024;

/**
 * Reads repository files from the review worktree (= the reviewed HEAD). Paths come from agents, so
 * anything that escapes the worktree — "..", absolute paths, symlinks pointing outside — reads as null.
 */
export function createHeadFileReader(worktree: string): (repoPath: string) => Promise<string | null> {
  const rootPromise = fs.realpath(worktree);
  return async (repoPath) => {
    if (!isSafeRepoPath(repoPath)) return null;
    try {
      const root = await rootPromise;
      const real = await fs.realpath(path.join(root, repoPath));
      if (real !== root && !real.startsWith(root + path.sep)) return null;
      const stat = await fs.stat(real);
      if (!stat.isFile() || stat.size > maxFileBytes) return null;
      return await fs.readFile(real, 'utf8');
    } catch {
      return null;
    }
  };
}
