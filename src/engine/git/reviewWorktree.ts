import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ReviewError } from '../errors';
import { filterDriverOverrides, type GitSetting } from './filterDrivers';
import { gitErrorText, tryGit } from './gitCommand';
import { createSafeGit } from './safeGit';

/** A detached checkout of the reviewed commit in a temporary folder, where agents run. */
export interface ReviewWorktree {
  path: string;
  /**
   * Settings every git process in the worktree needs on top of the hardening (agents' included, e.g.
   * through hardenedGitVariables): they switch off the repository's filter drivers, which the
   * branch's .gitattributes can select.
   */
  gitConfig: readonly GitSetting[];
  /** Removes the checkout and git's record of it. Safe to call more than once. */
  dispose(): Promise<void>;
}

/**
 * Checks out `head` (a commit or ref) as a detached worktree under the system temp folder. The user's
 * working tree, index and HEAD are not touched; git only records the worktree under `.git/worktrees/`.
 * No filter program runs on the checked-out files, submodules are not checked out, and symlinks become
 * plain files that hold their target's path.
 */
export async function createReviewWorktree(repoRoot: string, head: string): Promise<ReviewWorktree> {
  const git = createSafeGit(repoRoot);
  const commit = head.startsWith('-') ? null : await tryGit(git, ['rev-parse', '--verify', '--quiet', `${head}^{commit}`]);
  if (commit === null) {
    throw new ReviewError('git-failed', `Cannot create the review worktree: '${head}' is not a commit in ${repoRoot}.`, 'Run the review again.');
  }
  // Symlinks of the branch are checked out as small files holding their target: an agent's read tool
  // (which no git setting governs) cannot follow one out of the worktree to the user's files.
  const gitConfig: GitSetting[] = [...(await filterDriverOverrides(git)), ['core.symlinks', 'false']];
  const checkoutGit = createSafeGit(repoRoot, gitConfig);
  const worktreePath = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'deep-review-wt-')));
  try {
    await checkoutGit.raw(['worktree', 'add', '--detach', '--quiet', worktreePath, commit]);
  } catch (error) {
    await fs.rm(worktreePath, { recursive: true, force: true });
    await tryGit(checkoutGit, ['worktree', 'prune']);
    throw new ReviewError(
      'git-failed',
      `Cannot create the review worktree: ${gitErrorText(error)}`,
      `Check free space in ${os.tmpdir()} and that \`git worktree list\` works in ${repoRoot}.`,
    );
  }

  let disposal: Promise<void> | undefined;
  return {
    path: worktreePath,
    gitConfig,
    dispose: () => (disposal ??= removeWorktree(repoRoot, worktreePath, gitConfig)),
  };
}

async function removeWorktree(repoRoot: string, worktreePath: string, gitConfig: readonly GitSetting[]): Promise<void> {
  // simple-git refuses a missing baseDir; without the repository, deleting the folder is all we can do.
  const git = existsSync(repoRoot) ? createSafeGit(repoRoot, gitConfig) : null;
  // When git cannot remove it, deleting the folder and pruning does the same job.
  if (git) await tryGit(git, ['worktree', 'remove', '--force', worktreePath]);
  await fs.rm(worktreePath, { recursive: true, force: true });
  if (git) await tryGit(git, ['worktree', 'prune']);
}
