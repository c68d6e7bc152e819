import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ReviewError } from '../errors';
import { gitErrorText, tryGit } from './gitCommand';
import { createSafeGit } from './safeGit';

/** A detached checkout of the reviewed commit in a temporary folder, where agents run. */
export interface ReviewWorktree {
  path: string;
  /** Removes the checkout and git's record of it. Safe to call more than once. */
  dispose(): Promise<void>;
}

/**
 * Checks out `head` (a commit or ref) as a detached worktree under the system temp folder. The user's
 * working tree, index and HEAD are not touched; git only records the worktree under `.git/worktrees/`.
 */
export async function createReviewWorktree(repoRoot: string, head: string): Promise<ReviewWorktree> {
  const git = createSafeGit(repoRoot);
  const commit = head.startsWith('-') ? null : await tryGit(git, ['rev-parse', '--verify', '--quiet', `${head}^{commit}`]);
  if (commit === null) {
    throw new ReviewError('git-failed', `Cannot create the review worktree: '${head}' is not a commit in ${repoRoot}.`, 'Run the review again.');
  }
  const worktreePath = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'deep-review-wt-')));
  try {
    await git.raw(['worktree', 'add', '--detach', '--quiet', worktreePath, commit]);
  } catch (error) {
    await fs.rm(worktreePath, { recursive: true, force: true });
    await tryGit(git, ['worktree', 'prune']);
    throw new ReviewError(
      'git-failed',
      `Cannot create the review worktree: ${gitErrorText(error)}`,
      `Check free space in ${os.tmpdir()} and that \`git worktree list\` works in ${repoRoot}.`,
    );
  }

  let disposal: Promise<void> | undefined;
  return {
    path: worktreePath,
    dispose: () => (disposal ??= removeWorktree(repoRoot, worktreePath)),
  };
}

async function removeWorktree(repoRoot: string, worktreePath: string): Promise<void> {
  // simple-git refuses a missing baseDir; without the repository, deleting the folder is all we can do.
  const git = existsSync(repoRoot) ? createSafeGit(repoRoot) : null;
  // When git cannot remove it, deleting the folder and pruning does the same job.
  if (git) await tryGit(git, ['worktree', 'remove', '--force', worktreePath]);
  await fs.rm(worktreePath, { recursive: true, force: true });
  if (git) await tryGit(git, ['worktree', 'prune']);
}
