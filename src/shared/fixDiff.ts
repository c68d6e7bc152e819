import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Fix, FixEdit } from './findingModel';

// Renders a fix's exact edits as the unified diff the user reads (Markdown report and webview),
// so it must stay free of Node modules.

/**
 * One unified diff for the whole fix, `a/` and `b/` headers per file. With the file's text at HEAD
 * the hunks carry the file's real line numbers and context; without it (or when an original is not
 * found there) each edit is shown on its own with line numbers relative to the edit.
 */
export function renderFixDiff(fix: Fix, headText?: (path: string) => string | null): string {
  const patches: string[] = [];
  for (const [path, edits] of groupByPath(fix.edits)) {
    const head = headText?.(path) ?? null;
    const edited = head === null ? null : applyToHead(toLf(head), edits);
    if (head !== null && edited !== null) {
      patches.push(patchOf(path, toLf(head), edited, 3));
    } else {
      for (const edit of edits) {
        const original = withFinalNewline(toLf(edit.original));
        const replacement = withFinalNewline(toLf(edit.replacement));
        patches.push(patchOf(path, original, replacement, Math.max(lineCount(original), lineCount(replacement))));
      }
    }
  }
  return patches
    .filter((patch) => patch.includes('\n@@'))
    .map((patch) => patch.replace(/\n$/, ''))
    .join('\n');
}

/** Unified diffs of whole files before and after a fix (as planned against them), with their real line numbers. */
export function renderFileDiffs(files: ReadonlyArray<{ path: string; before: string; after: string }>): string {
  return files
    .map(({ path, before, after }) => patchOf(path, toLf(before), toLf(after), 3))
    .filter((patch) => patch.includes('\n@@'))
    .map((patch) => patch.replace(/\n$/, ''))
    .join('\n');
}

function patchOf(path: string, before: string, after: string, context: number): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context, headerOptions: FILE_HEADERS_ONLY });
}

/** The head text with every edit applied at its first occurrence, or null when one is missing or they overlap. */
function applyToHead(head: string, edits: readonly FixEdit[]): string | null {
  const located: Array<{ start: number; end: number; replacement: string }> = [];
  for (const edit of edits) {
    const original = toLf(edit.original);
    const start = original === '' ? -1 : head.indexOf(original);
    if (start === -1) return null;
    located.push({ start, end: start + original.length, replacement: toLf(edit.replacement) });
  }
  located.sort((a, b) => a.start - b.start);
  let result = '';
  let cursor = 0;
  for (const edit of located) {
    if (edit.start < cursor) return null;
    result += head.slice(cursor, edit.start) + edit.replacement;
    cursor = edit.end;
  }
  return result + head.slice(cursor);
}

function groupByPath(edits: readonly FixEdit[]): Map<string, FixEdit[]> {
  const groups = new Map<string, FixEdit[]>();
  for (const edit of edits) {
    const group = groups.get(edit.path);
    if (group) group.push(edit);
    else groups.set(edit.path, [edit]);
  }
  return groups;
}

function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Edits are usually whole lines; a missing final newline would only add "\ No newline" noise. */
function withFinalNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

function lineCount(text: string): number {
  return text.split('\n').length;
}
