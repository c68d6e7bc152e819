import { isSafeRepoPath } from '../../shared/findingModel';
import { tryGit } from './gitCommand';
import { createSafeGit } from './safeGit';

const maxFileBytes = 4 * 1024 * 1024;
const regularFileModes = new Set(['100644', '100755']);

/**
 * Reads files as they are in `commit` of the repository at `repoRoot`, through hardened git, for when
 * the review worktree is gone (exporting a report). Paths come from agents, so anything that is not a
 * safe repository path or not a regular file in that commit (a folder, a symlink, a submodule, a file
 * over 4 MiB, a missing file) reads as null.
 */
export function createCommitFileReader(repoRoot: string, commit: string): (repoPath: string) => Promise<string | null> {
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) throw new Error(`Not a commit hash: "${commit}"`);
  const git = createSafeGit(repoRoot);
  return async (repoPath) => {
    if (!isSafeRepoPath(repoPath)) return null;
    // `ls-tree` matches paths literally (no globs) and tells the entry's mode, type and size in one call.
    const entry = await tryGit(git, ['ls-tree', '-l', '-z', '--full-tree', commit, '--', repoPath]);
    const match = /^(\d+) blob ([0-9a-f]+) +(\d+)\t([^\0]*)\0?$/.exec(entry ?? '');
    if (!match) return null;
    const [, mode = '', blob = '', size = '', listedPath] = match;
    if (listedPath !== repoPath || !regularFileModes.has(mode) || Number(size) > maxFileBytes) return null;
    // `cat-file blob` prints the stored bytes: no textconv, no filters, no end-of-line conversion.
    return await readBlob(git, blob);
  };
}

async function readBlob(git: ReturnType<typeof createSafeGit>, blob: string): Promise<string | null> {
  try {
    return await git.raw(['cat-file', 'blob', blob]);
  } catch {
    return null;
  }
}
