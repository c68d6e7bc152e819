import { runGit } from './gitCommand';
import { createSafeGit } from './safeGit';

/** Every file path of `commit` in the repository at `repoRoot` (forward slashes, from the repository root). */
export async function trackedFilesAt(repoRoot: string, commit: string): Promise<Set<string>> {
  const output = await runGit(createSafeGit(repoRoot), ['ls-tree', '-r', '-z', '--full-tree', '--name-only', commit]);
  return new Set(output.split('\0').filter((entry) => entry !== ''));
}
