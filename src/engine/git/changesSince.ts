import type { ChangedFile, Commit } from '../../shared/reportModel';
import { defaultMaxPatchBytes, defaultMaxPatchLinesPerFile, listChangedFiles, listCommits, readPatch } from './branchChanges';
import { tryGit } from './gitCommand';
import { createSafeGit } from './safeGit';

/** How an earlier reviewed commit relates to the branch now. */
export type EarlierCommitRelation =
  /** HEAD is that commit. */
  | 'same'
  /** HEAD descends from it, and it descends from the merge-base: the commits between are the branch's own. */
  | 'descendant'
  /** HEAD descends from it, but the merge-base does not precede it: the base branch was merged in since. */
  | 'base-merged'
  /** It is not in HEAD's history (rebased, amended, reset), or not in this repository at all. */
  | 'rewritten';

/** Where `earlier` (a commit reviewed before) stands in the history of `head`. Touches nothing. */
export async function relateEarlierCommit(repoRoot: string, earlier: string, branch: { head: string; mergeBase: string }): Promise<EarlierCommitRelation> {
  // The hash comes from stored history (possibly imported from a pull request comment): never an option or a revision expression.
  if (!/^[0-9a-f]{7,64}$/i.test(earlier)) return 'rewritten';
  const git = createSafeGit(repoRoot);
  const commit = await tryGit(git, ['rev-parse', '--verify', '--quiet', `${earlier}^{commit}`]);
  if (commit === null) return 'rewritten';
  if (commit === branch.head) return 'same';
  // `merge-base A B` is A exactly when A is an ancestor of B (is-ancestor answers by exit code alone, which tryGit cannot see).
  if ((await tryGit(git, ['merge-base', commit, branch.head])) !== commit) return 'rewritten';
  return (await tryGit(git, ['merge-base', branch.mergeBase, commit])) === branch.mergeBase ? 'descendant' : 'base-merged';
}

/** What `from..to` changes: its commits, files with their line counts, and the patch (limited like the branch's). */
export interface ChangesSince {
  commits: Commit[];
  files: ChangedFile[];
  additions: number;
  deletions: number;
  /** `git diff from to` without the diffs of huge files, possibly cut short (see patchTruncated). */
  patch: string;
  patchTruncated: boolean;
}

export interface ChangesSinceLimits {
  maxPatchBytes?: number | undefined;
  maxPatchLinesPerFile?: number | undefined;
}

/** The commits, numstat and patch of `from..to`, read the way the branch context reads the whole branch. Touches nothing. */
export async function collectChangesSince(repoRoot: string, from: string, to: string, limits: ChangesSinceLimits = {}): Promise<ChangesSince> {
  const git = createSafeGit(repoRoot);
  const [commits, files] = await Promise.all([listCommits(git, from, to), listChangedFiles(git, from, to)]);
  const { patch, patchTruncated } = await readPatch(
    repoRoot,
    { from, to, files },
    { maxBytes: limits.maxPatchBytes ?? defaultMaxPatchBytes, maxLinesPerFile: limits.maxPatchLinesPerFile ?? defaultMaxPatchLinesPerFile },
  );
  return {
    commits,
    files,
    additions: files.reduce((sum, file) => sum + (file.additions ?? 0), 0),
    deletions: files.reduce((sum, file) => sum + (file.deletions ?? 0), 0),
    patch,
    patchTruncated,
  };
}
