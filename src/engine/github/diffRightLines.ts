import { createSafeGit } from '../git/safeGit';
import { runGit } from '../git/gitCommand';

/** Per file (its path at the head), the right-side line ranges of the pull request's diff hunks, 1-based and inclusive. */
export type DiffRightLines = ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>;

/**
 * The lines a review comment may sit on: those inside a hunk of `git diff base...head` on the right
 * side (added lines and the three lines of context around them, as GitHub shows the pull request).
 */
export async function readDiffRightLines(repoRoot: string, mergeBase: string, head: string): Promise<DiffRightLines> {
  const git = createSafeGit(repoRoot);
  const patch = await runGit(git, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--unified=3', '--find-renames', mergeBase, head]);
  return parseDiffRightLines(patch);
}

export function parseDiffRightLines(patch: string): DiffRightLines {
  const ranges = new Map<string, Array<readonly [number, number]>>();
  let path: string | null = null;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      path = null;
    } else if (line.startsWith('+++ ')) {
      // Quoted paths (control characters, quotes) and deleted files get no comments.
      path = line.startsWith('+++ b/') ? line.slice('+++ b/'.length) : null;
    } else if (path !== null && line.startsWith('@@ ')) {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      const start = Number(hunk?.[1] ?? 0);
      const count = hunk?.[2] === undefined ? 1 : Number(hunk[2]);
      if (hunk === null || count === 0) continue;
      const list = ranges.get(path) ?? [];
      list.push([start, start + count - 1]);
      ranges.set(path, list);
    }
  }
  return ranges;
}

/** The hunk of `path` that holds every line from `start` to `end`, or null. */
export function hunkHolding(lines: DiffRightLines, path: string, start: number, end: number): readonly [number, number] | null {
  return lines.get(path)?.find(([from, to]) => from <= start && end <= to) ?? null;
}
