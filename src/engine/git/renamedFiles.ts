import { isSafeRepoPath } from '../../shared/findingModel';
import { runGit } from './gitCommand';
import { createSafeGit } from './safeGit';

/** Files renamed between two commits (old path → new path), as git detects renames. Touches nothing. */
export async function renamedFiles(repoRoot: string, from: string, to: string): Promise<Map<string, string>> {
  const output = await runGit(createSafeGit(repoRoot), ['diff', '--no-ext-diff', '--no-textconv', '--name-status', '-M', '-z', from, to]);
  return parseRenames(output);
}

/** `git diff --name-status -z` output: `R<score>\0old\0new\0` entries (others have one path). */
export function parseRenames(output: string): Map<string, string> {
  const fields = output.split('\0');
  const renames = new Map<string, string>();
  for (let index = 0; index < fields.length; ) {
    const status = fields[index] ?? '';
    if (status === '') break;
    if (status.startsWith('R') || status.startsWith('C')) {
      const [oldPath, newPath] = [fields[index + 1], fields[index + 2]];
      if (status.startsWith('R') && oldPath && newPath && isSafeRepoPath(oldPath) && isSafeRepoPath(newPath)) renames.set(oldPath, newPath);
      index += 3;
    } else {
      index += 2;
    }
  }
  return renames;
}
