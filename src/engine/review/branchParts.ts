import path from 'node:path';
import type { ChangedFile } from '../../shared/reportModel';
import { defaultMaxPatchLinesPerFile, readPatch } from '../git/branchChanges';
import type { BranchContext } from '../git/branchContext';

/** One part of a branch too big for one prompt: related files whose diffs fit one reviewer prompt. */
export interface BranchPart {
  /** 1-based. */
  index: number;
  count: number;
  /** The branch restricted to the part's files: their diff, their line counts. */
  context: BranchContext;
}

// A diff line is about this long on average, and each file's header and hunk context add about this much:
// estimates from `--numstat`, so the split needs no diff of its own (the real diff is read per part).
const bytesPerChangedLine = 60;
const bytesPerFile = 400;
// Estimates are rough: each part is filled to this share of the budget, so its real diff fits the prompt.
const fillShare = 0.7;

/** The estimated diff size of one file in UTF-8 bytes (huge files have no diff in the prompt, binary ones none at all). */
function estimatedDiffBytes(file: ChangedFile, maxLinesPerFile: number): number {
  const lines = (file.additions ?? 0) + (file.deletions ?? 0);
  return lines > maxLinesPerFile ? bytesPerFile : bytesPerFile + lines * bytesPerChangedLine;
}

/**
 * Groups the changed files so each group's diff fits `budgetBytes`: files sorted by folder stay together,
 * and a group closes at a folder boundary once it is half full, rather than splitting a folder.
 */
export function groupChangedFiles(files: readonly ChangedFile[], budgetBytes: number, maxLinesPerFile = defaultMaxPatchLinesPerFile): ChangedFile[][] {
  const limit = budgetBytes * fillShare;
  const sorted = [...files].sort((a, b) => compareByFolder(a.path, b.path));
  const groups: ChangedFile[][] = [];
  let current: ChangedFile[] = [];
  let used = 0;
  for (const file of sorted) {
    const size = estimatedDiffBytes(file, maxLinesPerFile);
    const previous = current.at(-1);
    const newFolder = previous !== undefined && path.posix.dirname(previous.path) !== path.posix.dirname(file.path);
    if (current.length > 0 && (used + size > limit || (newFolder && used >= limit / 2))) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(file);
    used += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function compareByFolder(a: string, b: string): number {
  const folderOrder = path.posix.dirname(a).localeCompare(path.posix.dirname(b));
  return folderOrder !== 0 ? folderOrder : a.localeCompare(b);
}

/** The branch in parts of related files, each with its own diff (one git process per part, none per file). */
export async function splitBranch(context: BranchContext, budgetBytes: number): Promise<BranchPart[]> {
  const groups = groupChangedFiles(context.files, budgetBytes);
  const parts: BranchPart[] = [];
  // One after the other: a few dozen short git processes, never one per file and never all at once.
  for (const [at, files] of groups.entries()) {
    const { patch, patchTruncated } = await readPatch(
      context.repoRoot,
      { from: context.mergeBase, to: context.head, files, onlyListedFiles: true },
      { maxBytes: budgetBytes, maxLinesPerFile: defaultMaxPatchLinesPerFile },
    );
    parts.push({
      index: at + 1,
      count: groups.length,
      context: {
        ...context,
        files,
        additions: files.reduce((sum, file) => sum + (file.additions ?? 0), 0),
        deletions: files.reduce((sum, file) => sum + (file.deletions ?? 0), 0),
        patch,
        patchTruncated,
      },
    });
  }
  return parts;
}
