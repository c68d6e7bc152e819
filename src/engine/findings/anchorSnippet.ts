import type { Anchor } from '../../shared/findingModel';
import { normalizeLine, prepareFile, toLf, type LineRange, type PreparedFile } from './preparedFile';
import { findQuote, nearestMatch } from './quoteMatcher';

export { PreparedFile, normalizeLine, prepareFile } from './preparedFile';

/**
 * Locates a reviewer's quoted code in a file, most faithful match first: verbatim whole lines, then
 * whole lines ignoring indentation and whitespace runs, then the same two for code that starts or
 * ends mid-line, then (quoteMatcher) with blank lines ignored and elisions as gaps, and, only when `approximate` is asked for, the clearly most similar window. Line endings never matter. With several
 * matches the one nearest to the reviewer's line wins. Lines are 1-based; a snippet that cannot be
 * found keeps the reviewer's lines.
 */
export function anchorSnippet(
  file: string | PreparedFile,
  snippet: string,
  hintStartLine: number,
  hintEndLine = hintStartLine,
  options: { approximate?: boolean } = {},
): Anchor {
  const prepared = typeof file === 'string' ? prepareFile(file) : file;
  const rawLines = codeLines(snippet);
  if (rawLines.length === 0) return { status: 'unanchored', startLine: hintStartLine, endLine: Math.max(hintStartLine, hintEndLine) };

  const trimmedKeys = rawLines.map((line) => line.trim());
  // The reviewer's line is where a finding usually still is (its anchor, when the language server
  // re-anchors after an edit): a verbatim match there is the nearest one, so no other is looked for.
  const atHint = hintStartLine - 1;
  if (prepared.trimmedLinesAt(trimmedKeys, atHint) && isVerbatimAt(prepared, rawLines, atHint)) {
    return { status: 'exact', startLine: hintStartLine, endLine: hintStartLine + rawLines.length - 1 };
  }

  const reindented = prepared.findWholeLines(trimmedKeys, false);
  const verbatim = nearest(reindented.filter((range) => isVerbatimAt(prepared, rawLines, range.startLine - 1)), hintStartLine);
  if (verbatim) return { status: 'exact', ...verbatim };
  const normalized = rawLines.map(normalizeLine);
  const loose = nearest(reindented, hintStartLine) ?? nearest(prepared.findWholeLines(normalized, true), hintStartLine);
  if (loose) return { status: 'whitespace', ...loose };

  const exactPartial = nearest(findExact(prepared, rawLines.join('\n')), hintStartLine);
  if (exactPartial) return { status: 'exact', ...exactPartial };
  const loosePartial = nearest(findPartialLines(prepared, normalized), hintStartLine);
  if (loosePartial) return { status: 'whitespace', ...loosePartial };
  const found = findQuote(prepared, snippet, { approximate: options.approximate === true }).matches;
  const tolerant = nearestMatch(found, hintStartLine) ?? found[0];
  if (tolerant) return { status: tolerant.tier, startLine: tolerant.startLine, endLine: tolerant.endLine };
  return { status: 'unanchored', startLine: hintStartLine, endLine: Math.max(hintStartLine, hintEndLine) };
}

/** The snippet's text appears verbatim from line `start` (0-based), possibly less indented. */
function isVerbatimAt(file: PreparedFile, rawLines: readonly string[], start: number): boolean {
  const count = rawLines.length;
  const first = file.lines[start] ?? '';
  if (count === 1) return first.includes(rawLines[0] ?? '');
  if (!first.endsWith(rawLines[0] ?? '')) return false;
  for (let at = 1; at < count - 1; at++) if (file.lines[start + at] !== rawLines[at]) return false;
  return (file.lines[start + count - 1] ?? '').startsWith(rawLines[count - 1] ?? '');
}

function findExact(file: PreparedFile, core: string): LineRange[] {
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
function findPartialLines(file: PreparedFile, snippetLines: readonly string[]): LineRange[] {
  const count = snippetLines.length;
  const first = snippetLines[0] ?? '';
  const last = snippetLines[count - 1] ?? '';
  const ranges: LineRange[] = [];
  // Only lines that can hold the first snippet line once collapsed are collapsed and tried.
  for (const start of file.linesHoldingCollapsed(first)) {
    if (start + count > file.lines.length) break;
    const firstLine = file.collapsedLine(start);
    if (count === 1) {
      if (firstLine.includes(first)) ranges.push({ startLine: start + 1, endLine: start + 1 });
      continue;
    }
    if (!firstLine.endsWith(first)) continue;
    if (!file.collapsedLine(start + count - 1).startsWith(last)) continue;
    let middleMatches = true;
    for (let at = 1; at < count - 1 && middleMatches; at++) middleMatches = file.collapsedLine(start + at) === snippetLines[at];
    if (middleMatches) ranges.push({ startLine: start + 1, endLine: start + count });
  }
  return ranges;
}

function nearest<Range extends LineRange>(ranges: readonly Range[], hintLine: number): Range | undefined {
  let best: Range | undefined;
  for (const range of ranges) {
    if (!best || Math.abs(range.startLine - hintLine) < Math.abs(best.startLine - hintLine)) best = range;
  }
  return best;
}

/** 0-based line holding `offset`, by binary search over the line starts. */
export function lineOfOffset(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
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
