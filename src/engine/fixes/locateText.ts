export interface TextMatch {
  /** Offsets into the searched text, exact even when the match needed tolerance. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  startLine: number;
}

interface TextLine {
  start: number;
  /** Start of the next line (after the line break), or the text's length for the last line. */
  next: number;
  content: string;
}

/**
 * Every place `needle` occurs in `text`: exact matches when there are any, otherwise matches that
 * differ only by line endings (CRLF/LF) or trailing whitespace. The offsets always point at the
 * text as it is, so an edit replaces exactly what is there.
 */
export function locateText(text: string, needle: string): TextMatch[] {
  const lines = splitLines(text);
  const exact: TextMatch[] = [];
  for (let at = text.indexOf(needle); at !== -1 && needle !== ''; at = text.indexOf(needle, at + 1)) {
    exact.push({ start: at, end: at + needle.length, startLine: lineAt(lines, at) + 1 });
  }
  return exact.length > 0 ? exact : locateTolerant(lines, needle);
}

function locateTolerant(lines: readonly TextLine[], needle: string): TextMatch[] {
  const needleLines = needle.split(/\r\n|\n/);
  const endsWithLineBreak = needleLines.length > 1 && needleLines[needleLines.length - 1] === '';
  if (endsWithLineBreak) needleLines.pop();
  const wanted = needleLines.map((line) => line.trimEnd());
  const first = wanted[0] ?? '';
  const count = wanted.length;
  const matches: TextMatch[] = [];

  if (count === 1 && !endsWithLineBreak) {
    if (first === '') return matches;
    lines.forEach((line, lineIndex) => {
      for (let at = line.content.indexOf(first); at !== -1; at = line.content.indexOf(first, at + 1)) {
        matches.push({ start: line.start + at, end: line.start + at + first.length, startLine: lineIndex + 1 });
      }
    });
    return matches;
  }

  for (let startIndex = 0; startIndex + count <= lines.length; startIndex++) {
    const start = firstLineStart(lines[startIndex], first);
    if (start === undefined) continue;
    let matched = true;
    const lastFullLine = endsWithLineBreak ? count - 1 : count - 2;
    for (let at = 1; at <= lastFullLine && matched; at++) matched = lines[startIndex + at]?.content.trimEnd() === wanted[at];
    if (!matched) continue;
    const lastLine = lines[startIndex + count - 1];
    if (!lastLine) continue;
    let end: number;
    if (endsWithLineBreak) {
      end = lastLine.next;
    } else {
      const lastWanted = wanted[count - 1] ?? '';
      if (!lastLine.content.startsWith(lastWanted)) continue;
      end = lastLine.start + lastWanted.length;
    }
    matches.push({ start, end, startLine: startIndex + 1 });
  }
  return matches;
}

/** Where a match whose first line is `wanted` (trailing whitespace trimmed) starts in `line`, if it can. */
function firstLineStart(line: TextLine | undefined, wanted: string): number | undefined {
  if (!line) return undefined;
  const content = line.content.trimEnd();
  if (wanted === '') return content === '' ? line.start : undefined;
  return content.endsWith(wanted) ? line.start + content.length - wanted.length : undefined;
}

function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      lines.push({ start, next: text.length, content: text.slice(start) });
      return lines;
    }
    const contentEnd = newline > start && text[newline - 1] === '\r' ? newline - 1 : newline;
    lines.push({ start, next: newline + 1, content: text.slice(start, contentEnd) });
    start = newline + 1;
  }
}

function lineAt(lines: readonly TextLine[], offset: number): number {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lines[middle]?.start ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
