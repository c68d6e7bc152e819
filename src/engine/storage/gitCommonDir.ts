import fs from 'node:fs/promises';
import path from 'node:path';
import { ReviewError } from '../errors';
import { tryGit } from '../git/gitCommand';
import { createSafeGit } from '../git/safeGit';

/**
 * The absolute, real path of the repository's common git directory: `.git` of the main checkout, also
 * when `repoPath` is a linked worktree or a subfolder, so every checkout of a repository shares one history.
 */
export async function resolveGitCommonDir(repoPath: string): Promise<string> {
  const notARepo = (): ReviewError =>
    new ReviewError('not-a-git-repo', `${repoPath} is not inside a git repository.`, 'Open a folder of a git repository (one where `git status` works).');
  let output: string | null;
  try {
    output = await tryGit(createSafeGit(repoPath), ['rev-parse', '--git-common-dir']);
  } catch {
    // simple-git refuses a folder that does not exist.
    throw notARepo();
  }
  if (output === null) throw notARepo();
  // git prints it relative to the folder it ran in (".git", "../../.git") or absolute (from a worktree).
  return fs.realpath(path.resolve(repoPath, output));
}
