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

// Sizes are estimated from `--numstat`, so the split needs no diff of its own (the real diff is read per part):
// each changed line costs what one did in the sample of the diff the branch context holds (with its share
// of headers and context lines), or this much without one; each file's header about bytesPerFile more.
const defaultBytesPerChangedLine = 60;
const bytesPerFile = 400;
// Estimates are rough: each part is filled to this share of the budget, so its real diff usually fits.
const fillShare = 0.85;
// A part this full closes where a folder ends rather than taking the next folder's first files.
const folderBreakShare = 0.75;

/** The estimated diff size of one file in UTF-8 bytes (huge files have no diff in the prompt, binary ones none at all). */
function estimatedDiffBytes(file: ChangedFile, maxLinesPerFile: number, bytesPerChangedLine: number): number {
  const lines = (file.additions ?? 0) + (file.deletions ?? 0);
  return lines > maxLinesPerFile ? bytesPerFile : bytesPerFile + lines * bytesPerChangedLine;
}

/** Bytes of diff per changed line in a sample of the branch's diff (headers and context lines included). */
export function bytesPerChangedLineIn(patch: string): number {
  const changed = patch.split('\n').filter((line) => (line.startsWith('+') || line.startsWith('-')) && !line.startsWith('+++') && !line.startsWith('---')).length;
  return changed < 100 ? defaultBytesPerChangedLine : Buffer.byteLength(patch, 'utf8') / changed;
}

/**
 * Groups the changed files so each group's diff fits `budgetBytes`: files sorted by folder stay together,
 * and a group closes at a folder boundary once it is three quarters full, rather than splitting a folder.
 */
export function groupChangedFiles(
  files: readonly ChangedFile[],
  budgetBytes: number,
  bytesPerChangedLine = defaultBytesPerChangedLine,
  maxLinesPerFile = defaultMaxPatchLinesPerFile,
): ChangedFile[][] {
  const limit = budgetBytes * fillShare;
  const sorted = [...files].sort((a, b) => compareByFolder(a.path, b.path));
  const groups: ChangedFile[][] = [];
  let current: ChangedFile[] = [];
  let used = 0;
  for (const file of sorted) {
    const size = estimatedDiffBytes(file, maxLinesPerFile, bytesPerChangedLine);
    const previous = current.at(-1);
    const newFolder = previous !== undefined && path.posix.dirname(previous.path) !== path.posix.dirname(file.path);
    if (current.length > 0 && (used + size > limit || (newFolder && used >= limit * folderBreakShare))) {
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

/**
 * The branch in parts of related files, each with its own diff of at most `budgetBytes` (one git process per
 * part, none per file). A part whose real diff is over the budget (the estimate was low) is halved again.
 */
export async function splitBranch(context: BranchContext, budgetBytes: number): Promise<BranchPart[]> {
  const pending = groupChangedFiles(context.files, budgetBytes, bytesPerChangedLineIn(context.patch));
  const read: Array<{ files: ChangedFile[]; patch: string; patchTruncated: boolean }> = [];
  // One after the other: short git processes, never one per file and never all at once.
  for (let files = pending.shift(); files !== undefined; files = pending.shift()) {
    const { patch, patchTruncated } = await readPatch(
      context.repoRoot,
      { from: context.mergeBase, to: context.head, files, onlyListedFiles: true },
      { maxBytes: budgetBytes, maxLinesPerFile: defaultMaxPatchLinesPerFile },
    );
    if ((patchTruncated || Buffer.byteLength(patch, 'utf8') > budgetBytes) && files.length > 1) {
      const half = Math.ceil(files.length / 2);
      pending.unshift(files.slice(0, half), files.slice(half));
      continue;
    }
    read.push({ files, patch, patchTruncated });
  }
  return read.map(({ files, patch, patchTruncated }, at) => ({
    index: at + 1,
    count: read.length,
    context: {
      ...context,
      files,
      additions: files.reduce((sum, file) => sum + (file.additions ?? 0), 0),
      deletions: files.reduce((sum, file) => sum + (file.deletions ?? 0), 0),
      patch,
      patchTruncated,
    },
  }));
}
