import type { ChangedFile } from '../../shared/reportModel';

export interface PatchSelection {
  /** Whole per-file sections of the patch that fit the budget, in patch order. */
  included: string;
  /** Changed files whose diff is not (completely) in `included`. */
  omitted: ChangedFile[];
}

/**
 * Picks whole per-file sections of `patch`, in patch order, while they fit in `budgetBytes`; a section
 * too big for what is left is skipped, so one huge file does not keep the small ones out. A section
 * cut short by an earlier truncation (the last one when `patchTruncated`) is never included: a
 * partial diff reads as if the rest of the file did not change.
 */
export function selectPatchSections(patch: string, patchTruncated: boolean, files: readonly ChangedFile[], budgetBytes: number): PatchSelection {
  const sections = splitByFile(patch);
  if (patchTruncated) sections.pop();
  const filesByHeader = new Map(files.map((file) => [`diff --git a/${file.previousPath ?? file.path} b/${file.path}`, file]));
  const includedFiles = new Set<ChangedFile>();
  const kept: string[] = [];
  let used = 0;
  for (const section of sections) {
    const size = Buffer.byteLength(section, 'utf8');
    if (used + size > budgetBytes) continue;
    // The `diff --git a/<old> b/<new>` header names the file (unquoted paths only).
    const file = filesByHeader.get(section.slice(0, section.indexOf('\n')));
    if (file === undefined) continue;
    kept.push(section);
    includedFiles.add(file);
    used += size;
  }
  return { included: kept.join(''), omitted: files.filter((file) => !includedFiles.has(file)) };
}

function splitByFile(patch: string): string[] {
  const starts = [...patch.matchAll(/^diff --git /gm)].map((match) => match.index);
  return starts.map((start, index) => {
    const section = patch.slice(start, starts[index + 1] ?? patch.length);
    return section.endsWith('\n') ? section : `${section}\n`;
  });
}
