import fs from 'node:fs/promises';
import type { SimpleGit } from 'simple-git';
import type { BranchSummary } from '../../shared/reportModel';
import { ReviewError } from '../errors';
import { resolveBaseBranch } from './baseBranch';
import { defaultMaxPatchBytes, defaultMaxPatchLinesPerFile, listChangedFiles, listCommits, readPatch } from './branchChanges';
import { gitErrorText, tryGit } from './gitCommand';
import { resolveRepoName } from './repoName';
import { createSafeGit } from './safeGit';

/** What a review needs to know about the branch: its summary plus where git keeps its data, and the patch. */
export type BranchContext = BranchSummary & {
  /** This worktree's git directory. */
  gitDir: string;
  /** The git directory shared by all worktrees of the repository (where run data is stored). */
  commonDir: string;
  /**
   * `git diff mergeBase HEAD` without the diffs of files over maxPatchLinesPerFile changed lines,
   * possibly cut short (see patchTruncated). Files without a diff here are read by the agents with git.
   */
  patch: string;
  patchTruncated: boolean;
};

export interface BranchContextOptions {
  /** Any folder inside the repository's working tree. */
  cwd: string;
  /** Empty or undefined: origin's default branch, else main/master. */
  baseBranch?: string | undefined;
  /** Budget for `patch` in UTF-8 bytes. */
  maxPatchBytes?: number | undefined;
  /** Files with more changed lines than this have no diff in `patch`. */
  maxPatchLinesPerFile?: number | undefined;
}

/** Reads the branch checked out at `cwd` and what it changes relative to its base. Touches nothing. */
export async function collectBranchContext(options: BranchContextOptions): Promise<BranchContext> {
  const location = await locateRepository(options.cwd);
  const git = createSafeGit(location.repoRoot);
  const branch = await currentBranch(git);
  const head = await tryGit(git, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head === null) {
    throw new ReviewError('no-commits-ahead', `Branch '${branch}' has no commits yet.`, 'Commit your work, then run the review again.');
  }
  const base = await resolveBaseBranch(git, { requested: options.baseBranch, currentBranch: branch });

  const mergeBase = await tryGit(git, ['merge-base', base.ref, head]);
  if (mergeBase === null) throw await noMergeBaseError(git, branch, base.name);
  const commits = await listCommits(git, mergeBase, head);
  if (commits.length === 0) {
    throw new ReviewError(
      'no-commits-ahead',
      `'${branch}' has no commits ahead of '${base.name}'.`,
      'Commit your changes (uncommitted changes are not reviewed), or check out the branch you want to review.',
    );
  }
  const [files, repoName] = await Promise.all([listChangedFiles(git, mergeBase, head), resolveRepoName(git, location.repoRoot)]);
  const { patch, patchTruncated } = await readPatch(
    location.repoRoot,
    { from: mergeBase, to: head, files },
    { maxBytes: options.maxPatchBytes ?? defaultMaxPatchBytes, maxLinesPerFile: options.maxPatchLinesPerFile ?? defaultMaxPatchLinesPerFile },
  );
  return {
    repoRoot: location.repoRoot,
    repoName,
    branch,
    base: base.name,
    mergeBase,
    head,
    commits,
    files,
    additions: files.reduce((sum, file) => sum + (file.additions ?? 0), 0),
    deletions: files.reduce((sum, file) => sum + (file.deletions ?? 0), 0),
    gitDir: location.gitDir,
    commonDir: location.commonDir,
    patch,
    patchTruncated,
  };
}

interface RepositoryLocation {
  repoRoot: string;
  gitDir: string;
  commonDir: string;
}

async function locateRepository(cwd: string): Promise<RepositoryLocation> {
  const isFolder = await fs.stat(cwd).then((stats) => stats.isDirectory(), () => false);
  if (!isFolder) {
    throw new ReviewError('not-a-git-repo', `Folder not found: ${cwd}`, 'Open a folder inside a git repository.');
  }
  let output: string;
  try {
    output = await createSafeGit(cwd).raw([
      'rev-parse',
      '--path-format=absolute',
      '--show-toplevel',
      '--absolute-git-dir',
      '--git-common-dir',
    ]);
  } catch (error) {
    throw repositoryError(cwd, gitErrorText(error));
  }
  const [repoRoot, gitDir, commonDir] = output.split('\n').map((line) => line.trim());
  if (!repoRoot || !gitDir || !commonDir) throw repositoryError(cwd, 'unexpected output from git rev-parse');
  return { repoRoot, gitDir, commonDir };
}

function repositoryError(cwd: string, reason: string): ReviewError {
  if (/dubious ownership/i.test(reason)) {
    return new ReviewError(
      'not-a-git-repo',
      `Git refuses to read ${cwd}: it is owned by another user.`,
      `If you trust it, run: git config --global --add safe.directory ${cwd}`,
    );
  }
  if (/not a git repository/i.test(reason)) {
    return new ReviewError('not-a-git-repo', `${cwd} is not inside a git repository.`, 'Open a folder inside a git repository.');
  }
  if (/must be run in a work tree/i.test(reason)) {
    return new ReviewError('not-a-git-repo', `${cwd} has no working tree (a bare repository or a .git folder).`, 'Open the repository’s working tree.');
  }
  return new ReviewError('git-failed', `git could not read the repository at ${cwd}: ${reason}`, 'Check that git works there (git status), then try again.');
}

async function noMergeBaseError(git: SimpleGit, branch: string, base: string): Promise<ReviewError> {
  if ((await tryGit(git, ['rev-parse', '--is-shallow-repository'])) === 'true') {
    return new ReviewError(
      'no-merge-base',
      `'${branch}' and '${base}' have no common ancestor in this shallow clone: the history that joins them was not fetched.`,
      'Fetch the full history (git fetch --unshallow), or enough of it (git fetch --deepen=<commits>), then run the review again.',
    );
  }
  return new ReviewError(
    'no-merge-base',
    `'${branch}' and '${base}' have no common ancestor.`,
    'In a shallow clone, fetch the full history first (git fetch --unshallow); otherwise set deepReview.baseBranch to the branch this one was created from.',
  );
}

async function currentBranch(git: SimpleGit): Promise<string> {
  const ref = await tryGit(git, ['symbolic-ref', '--quiet', 'HEAD']);
  if (ref?.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  throw new ReviewError(
    'detached-head',
    'HEAD is detached: there is no branch to review.',
    'Check out the branch you want to review (git switch <branch>), then run the review again.',
  );
}
