import { ReviewError } from '../errors';
import { gitErrorText, tryGit } from './gitCommand';
import { createSafeGit } from './safeGit';

export interface CurrentCheckout {
  repoRoot: string;
  /** Null on a detached HEAD. */
  branch: string | null;
  /** Null before the first commit. */
  head: string | null;
}

/** The repository, branch and commit checked out at `cwd` (any folder inside the working tree). Touches nothing. */
export async function locateCheckout(cwd: string): Promise<CurrentCheckout> {
  const git = createSafeGit(cwd);
  let repoRoot: string;
  try {
    repoRoot = (await git.raw(['rev-parse', '--path-format=absolute', '--show-toplevel'])).trim();
  } catch (error) {
    throw new ReviewError('not-a-git-repo', `${cwd} is not inside a git repository: ${gitErrorText(error)}`, 'Open a folder inside a git repository.');
  }
  const [symbolic, head] = await Promise.all([
    tryGit(git, ['symbolic-ref', '--quiet', 'HEAD']),
    tryGit(git, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
  ]);
  const branch = symbolic?.startsWith('refs/heads/') ? symbolic.slice('refs/heads/'.length) : null;
  return { repoRoot, branch, head };
}
