import { diffArrays } from 'diff';
import { normalizeLine, prepareFile } from '../findings/preparedFile';
import { findQuote, isElision, matchDistance, minDistinctWeight, nearestMatch, quoteWeight, type QuoteMatch } from '../findings/quoteMatcher';

/**
 * A fix edit whose original is not in the file as written (locateText found nothing), placed the way
 * reviewers' quotes are found: indentation, tabs or spaces, blank lines and elisions may differ.
 * What the fix changes is then applied to the file's own lines: the original and the replacement are
 * compared line by line, lines they share stay exactly as they are in the file (indentation, blank
 * lines the quote dropped, the lines an elision stands for), and the lines the fix adds or changes
 * take the file's indentation (its tabs or spaces, at the level of the line they replace or follow).
 */
export type TolerantEdit =
  | { kind: 'ready'; start: number; end: number; newText: string; startLine: number }
  | { kind: 'already-applied' }
  | { kind: 'ambiguous'; count: number }
  | { kind: 'refused'; reason: string }
  | { kind: 'not-found'; closestLine?: number };

interface Line {
  index: number;
  key: string;
  raw: string;
}

export function planTolerantEdit(text: string, original: string, replacement: string, nearLine: number | undefined, guardLine = nearLine): TolerantEdit {
  const file = prepareFile(text);
  const search = findQuote(file, original, { closest: true });
  const applied = replacement.trim() === '' ? [] : findQuote(file, replacement).matches;
  // An original the replacement contains is still there once the fix is applied: such a match is the applied fix.
  let pending = search.matches.filter((match) => !applied.some((done) => done.startLine <= match.startLine && match.endLine <= done.endLine));
  // Common code found only with tolerance away from the finding is not what the fix quoted (see quoteWeight).
  if (guardLine !== undefined && quoteWeight(file, original) < minDistinctWeight) pending = pending.filter((match) => matchDistance(match, guardLine) === 0);
  const chosen = nearestMatch(pending, nearLine);
  // The replacement at the finding, and the original only further away: the fix is there already.
  const appliedHere = guardLine !== undefined && applied.some((done) => !chosen || matchDistance(done, guardLine) < matchDistance(chosen, guardLine));
  if (pending.length === 0 || appliedHere) {
    if (applied.length > 0) return { kind: 'already-applied' };
    return search.closestLine === undefined ? { kind: 'not-found' } : { kind: 'not-found', closestLine: search.closestLine };
  }
  if (!chosen) return { kind: 'ambiguous', count: pending.length };
  return rewrite(text, file.lines, chosen, original, replacement);
}

function codeLinesOf(text: string): Line[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw, index) => ({ index, raw, key: normalizeLine(raw) }))
    .filter((line) => line.key !== '');
}

function rewrite(text: string, fileLines: readonly string[], match: QuoteMatch, original: string, replacement: string): TolerantEdit {
  const before = codeLinesOf(original);
  const after = codeLinesOf(replacement);
  const fileLineOf = (line: Line): number | undefined => match.fileLines[line.index];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const afterRaw = replacement.replace(/\r\n?/g, '\n').split('\n');
  const unit = fileIndentUnit(fileLines);
  const quoteUnit = quoteIndentWidth([...before, ...after]);

  // Output: the file's lines of the matched span, with each changed run replaced.
  const first = match.startLine - 1;
  const last = match.endLine - 1;
  const output: string[] = [];
  let fileCursor = first;
  let beforeAt = 0;
  let afterAt = 0;
  let previousKept: Line | undefined;
  const parts = diffArrays(
    before.map((line) => line.key),
    after.map((line) => line.key),
  );
  for (let partAt = 0; partAt < parts.length; partAt++) {
    const part = parts[partAt];
    if (!part) continue;
    if (!part.added && !part.removed) {
      beforeAt += part.value.length;
      afterAt += part.value.length;
      previousKept = before[beforeAt - 1];
      continue;
    }
    const removed = part.removed ? before.slice(beforeAt, beforeAt + part.value.length) : [];
    if (part.removed) beforeAt += part.value.length;
    const nextPart = parts[partAt + 1];
    let added: Line[] = [];
    if (part.added) {
      added = after.slice(afterAt, afterAt + part.value.length);
      afterAt += part.value.length;
    } else if (nextPart?.added) {
      added = after.slice(afterAt, afterAt + nextPart.value.length);
      afterAt += nextPart.value.length;
      partAt++;
    }
    if (removed.some((line) => isElision(line.raw)) || added.some((line) => isElision(line.raw))) {
      return { kind: 'refused', reason: "the fix's original leaves lines out (an elision such as `...`) where its replacement changes them, so what replaces them is not known" };
    }
    const removedLines = removed.map(fileLineOf);
    if (removedLines.some((line) => line === undefined)) return { kind: 'refused', reason: 'a line the fix removes could not be placed in the file' };
    const wholeLines = removed.every((line) => normalizeLine(fileLines[fileLineOf(line) ?? 0] ?? '') === line.key);
    if (!wholeLines) return { kind: 'refused', reason: 'the fix changes a line it quotes only in part' };
    // Where the run goes: over the lines it removes, or (an insertion) after the last kept line.
    const anchorLine = previousKept ? fileLineOf(previousKept) : undefined;
    const from = removed.length > 0 ? (removedLines[0] ?? first) : anchorLine !== undefined ? anchorLine + 1 : first;
    const to = removed.length > 0 ? (removedLines[removedLines.length - 1] ?? from) + 1 : from;
    if (from < fileCursor) return { kind: 'refused', reason: 'the fix changes lines out of order' };
    output.push(...fileLines.slice(fileCursor, from));
    const reference = removed[0] ?? previousKept ?? before[beforeAt];
    const referenceLine = reference ? fileLineOf(reference) : undefined;
    const fileIndent = indentOf(fileLines[referenceLine ?? first] ?? '');
    const quoteIndent = reference ? indentWidth(reference.raw, quoteUnit) : 0;
    const firstAdded = added[0];
    const lastAdded = added[added.length - 1];
    if (firstAdded && lastAdded) {
      // Blank lines between added lines are part of what the fix adds.
      for (const raw of afterRaw.slice(firstAdded.index, lastAdded.index + 1)) {
        output.push(raw.trim() === '' ? '' : reindent(raw, fileIndent, indentWidth(raw, quoteUnit) - quoteIndent, quoteUnit, unit));
      }
    }
    fileCursor = to;
  }
  output.push(...fileLines.slice(fileCursor, last + 1));
  const starts = lineStarts(text);
  const start = starts[first] ?? 0;
  const lastStart = starts[last] ?? start;
  const lastContent = (text.slice(lastStart).split('\n')[0] ?? '').replace(/\r$/, '');
  return { kind: 'ready', start, end: lastStart + lastContent.length, newText: output.join(eol), startLine: match.startLine };
}

/** `raw` at the file's indentation: the reference line's, plus or minus the levels it had relative to its reference in the quote. */
function reindent(raw: string, fileIndent: string, deltaColumns: number, quoteUnit: number, unit: string): string {
  const levels = Math.round(deltaColumns / quoteUnit);
  let indent = fileIndent;
  if (levels > 0) indent += unit.repeat(levels);
  for (let level = 0; level > levels; level--) indent = indent.endsWith(unit) ? indent.slice(0, -unit.length) : indent.replace(/\s$/, '');
  return indent + raw.trim();
}

function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? '';
}

/** Columns of leading whitespace, a tab counting as one quote indentation level. */
function indentWidth(line: string, quoteUnit: number): number {
  let width = 0;
  for (const character of indentOf(line)) width += character === '\t' ? quoteUnit : 1;
  return width;
}

/** The quote's indentation step: the smallest difference between two of its lines' space indentations (4 by default). */
function quoteIndentWidth(lines: readonly Line[]): number {
  const widths = [...new Set(lines.map((line) => indentOf(line.raw).replace(/\t/g, '').length))].sort((a, b) => a - b);
  let step = 0;
  for (let at = 1; at < widths.length; at++) {
    const difference = (widths[at] ?? 0) - (widths[at - 1] ?? 0);
    if (difference > 0 && (step === 0 || difference < step)) step = difference;
  }
  return step === 0 ? 4 : Math.min(step, 8);
}

/** One level of the file's indentation: a tab when its lines are tab-indented, else its commonest step of spaces. */
function fileIndentUnit(lines: readonly string[]): string {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    if (indent.startsWith('\t')) tabs++;
    else if (indent.startsWith(' ')) spaces++;
    const width = indent.length;
    if (!indent.includes('\t') && width > previous) steps.set(width - previous, (steps.get(width - previous) ?? 0) + 1);
    previous = indent.includes('\t') ? previous : width;
  }
  if (tabs > spaces) return '\t';
  const [step] = [...steps].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [4];
  return ' '.repeat(Math.min(Math.max(step, 1), 8));
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}
