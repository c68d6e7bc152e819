import type { Anchor } from '../../../src/shared/findingModel';

// The anchoring of src/engine/findings/anchorSnippet.ts as it was before its lookups were made lazy
// (commit 3b524a2): every line trimmed, collapsed and indexed up front, every candidate scanned. Kept,
// unchanged but for this comment and its names, as the oracle anchorSnippetEquivalence.test.ts
// compares the faster code with: the speed-up must not change a single anchor.

/**
 * A file's text split and indexed once, so that many snippets (every finding in the file, or every
 * re-anchoring after an edit) are located by lookups instead of scans of the whole text.
 */
class ReferenceFile {
  /** The text with CRLF and lone CR turned into LF: line numbers are unchanged by this. */
  readonly lfText: string;
  /** The lines of `lfText`, without their line breaks. */
  readonly lines: readonly string[];
  /** Offset in `lfText` where each 0-based line starts. */
  readonly lineStarts: readonly number[];
  private readonly trimmed: readonly string[];
  private trimmedIndex: LineIndex | undefined;
  private collapsed: readonly string[] | undefined;
  private collapsedIndex: LineIndex | undefined;

  constructor(text: string) {
    this.lfText = toLf(text);
    this.lines = this.lfText.split('\n');
    const lineStarts: number[] = [];
    let offset = 0;
    for (const line of this.lines) {
      lineStarts.push(offset);
      offset += line.length + 1;
    }
    this.lineStarts = lineStarts;
    this.trimmed = this.lines.map((line) => line.trim());
  }

  /** Lines that equal `keys` line by line once both are trimmed (or, with `collapse`, whitespace-normalised). */
  findWholeLines(keys: readonly string[], collapse: boolean): LineRange[] {
    const lines = collapse ? this.collapsedLines() : this.trimmed;
    const index = collapse ? (this.collapsedIndex ??= buildIndex(lines)) : (this.trimmedIndex ??= buildIndex(lines));
    // Look up the longest line: it has the fewest places to be, so the fewest candidates to verify.
    let pivot = 0;
    keys.forEach((key, at) => {
      if (key.length > (keys[pivot]?.length ?? 0)) pivot = at;
    });
    const ranges: LineRange[] = [];
    for (let line = index.first.get(keys[pivot] ?? '') ?? -1; line !== -1; line = index.next[line] ?? -1) {
      const start = line - pivot;
      if (start < 0 || start + keys.length > lines.length) continue;
      if (keys.every((key, at) => lines[start + at] === key)) ranges.push({ startLine: start + 1, endLine: start + keys.length });
    }
    return ranges;
  }

  collapsedLines(): readonly string[] {
    return (this.collapsed ??= this.lines.map(normalizeLine));
  }
}

/**
 * Locates a reviewer's quoted code in a file, most faithful match first: verbatim whole lines, then
 * whole lines ignoring indentation and whitespace runs, then the same two for code that starts or
 * ends mid-line. Line endings never matter. With several matches the one nearest to the reviewer's
 * line wins. Lines are 1-based; a snippet that cannot be found keeps the reviewer's lines.
 */
export function referenceAnchorSnippet(file: string, snippet: string, hintStartLine: number, hintEndLine = hintStartLine): Anchor {
  const prepared = new ReferenceFile(file);
  const rawLines = codeLines(snippet);
  if (rawLines.length === 0) return { status: 'unanchored', startLine: hintStartLine, endLine: Math.max(hintStartLine, hintEndLine) };

  // Whole-line matches come from the line index, so the common cases never scan the file.
  const reindented = prepared.findWholeLines(rawLines.map((line) => line.trim()), false);
  const verbatim = nearest(reindented.filter((range) => isVerbatimAt(prepared, rawLines, range.startLine - 1)), hintStartLine);
  if (verbatim) return { status: 'exact', ...verbatim };
  const normalized = rawLines.map(normalizeLine);
  const loose = nearest(reindented, hintStartLine) ?? nearest(prepared.findWholeLines(normalized, true), hintStartLine);
  if (loose) return { status: 'whitespace', ...loose };

  const exactPartial = nearest(findExact(prepared, rawLines.join('\n')), hintStartLine);
  if (exactPartial) return { status: 'exact', ...exactPartial };
  const loosePartial = nearest(findPartialLines(prepared.collapsedLines(), normalized), hintStartLine);
  if (loosePartial) return { status: 'whitespace', ...loosePartial };
  return { status: 'unanchored', startLine: hintStartLine, endLine: Math.max(hintStartLine, hintEndLine) };
}

function normalizeLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

interface LineRange {
  startLine: number;
  endLine: number;
}

/** Line text → its first line, and for each line the next line with the same text (-1: none). */
interface LineIndex {
  first: Map<string, number>;
  next: Int32Array;
}

function buildIndex(lines: readonly string[]): LineIndex {
  const first = new Map<string, number>();
  const next = new Int32Array(lines.length).fill(-1);
  for (let line = lines.length - 1; line >= 0; line--) {
    const key = lines[line] ?? '';
    const following = first.get(key);
    if (following !== undefined) next[line] = following;
    first.set(key, line);
  }
  return { first, next };
}

/** The snippet's text appears verbatim from line `start` (0-based), possibly less indented. */
function isVerbatimAt(file: ReferenceFile, rawLines: readonly string[], start: number): boolean {
  const count = rawLines.length;
  const first = file.lines[start] ?? '';
  if (count === 1) return first.includes(rawLines[0] ?? '');
  if (!first.endsWith(rawLines[0] ?? '')) return false;
  for (let at = 1; at < count - 1; at++) if (file.lines[start + at] !== rawLines[at]) return false;
  return (file.lines[start + count - 1] ?? '').startsWith(rawLines[count - 1] ?? '');
}

function findExact(file: ReferenceFile, core: string): LineRange[] {
  const ranges: LineRange[] = [];
  for (let at = file.lfText.indexOf(core); at !== -1; at = file.lfText.indexOf(core, at + 1)) {
    ranges.push({ startLine: lineOfOffset(file.lineStarts, at) + 1, endLine: lineOfOffset(file.lineStarts, at + core.length - 1) + 1 });
  }
  return ranges;
}

/**
 * The snippet may start or end mid-line: its first line must end a file line, its last line must
 * start one (a one-line snippet may sit anywhere in a line), and the lines between must be whole.
 */
function findPartialLines(lines: readonly string[], snippetLines: readonly string[]): LineRange[] {
  const count = snippetLines.length;
  const first = snippetLines[0] ?? '';
  const last = snippetLines[count - 1] ?? '';
  const ranges: LineRange[] = [];
  for (let start = 0; start + count <= lines.length; start++) {
    const firstLine = lines[start] ?? '';
    if (count === 1) {
      if (firstLine.includes(first)) ranges.push({ startLine: start + 1, endLine: start + 1 });
      continue;
    }
    if (!firstLine.endsWith(first)) continue;
    if (!(lines[start + count - 1] ?? '').startsWith(last)) continue;
    let middleMatches = true;
    for (let at = 1; at < count - 1 && middleMatches; at++) middleMatches = lines[start + at] === snippetLines[at];
    if (middleMatches) ranges.push({ startLine: start + 1, endLine: start + count });
  }
  return ranges;
}

function nearest(ranges: readonly LineRange[], hintLine: number): LineRange | undefined {
  let best: LineRange | undefined;
  for (const range of ranges) {
    if (!best || Math.abs(range.startLine - hintLine) < Math.abs(best.startLine - hintLine)) best = range;
  }
  return best;
}

/** 0-based line holding `offset`, by binary search over the line starts. */
function lineOfOffset(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

function toLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * The snippet's lines without whitespace-only lines around the code and without trailing
 * whitespace on its last line (the first line keeps its indentation). Empty for blank snippets.
 */
function codeLines(snippet: string): string[] {
  const lines = toLf(snippet).split('\n');
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? '').trim() === '') start++;
  while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
  const kept = lines.slice(start, end);
  const last = kept.length - 1;
  if (last >= 0) kept[last] = (kept[last] ?? '').trimEnd();
  return kept;
}
