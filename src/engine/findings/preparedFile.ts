/** 1-based, inclusive. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

// Whole-line lookups scan the lines until this many have been made on one file; then the file gets an
// index. The language server prepares a file again on every keystroke and usually needs only the one
// lookup of the finding whose line changed: a scan costs a tenth of building the index.
const scansBeforeIndex = 4;

/**
 * A file's text split once, so that many snippets (every finding in the file, or every re-anchoring
 * after an edit) are located without redoing the work. Everything beyond the split is computed on
 * first use and kept: the trimmed and whitespace-collapsed form of each line asked about, and an
 * index of the trimmed lines once enough lookups need it. The text never changes, so nothing kept
 * can go stale: an edit makes a new PreparedFile.
 */
export class PreparedFile {
  /** The text with CRLF and lone CR turned into LF: line numbers are unchanged by this. */
  readonly lfText: string;
  /** The lines of `lfText`, without their line breaks. */
  readonly lines: readonly string[];
  private starts: readonly number[] | undefined;
  private readonly trimmed: Array<string | undefined>;
  private readonly collapsed: Array<string | undefined>;
  private allCollapsed: readonly string[] | undefined;
  private trimmedIndex: LineIndex | undefined;
  private trimmedScans = 0;
  private codeLineIndex: CodeLineIndex | undefined;

  constructor(text: string) {
    this.lfText = toLf(text);
    this.lines = this.lfText.split('\n');
    this.trimmed = new Array<string | undefined>(this.lines.length);
    this.collapsed = new Array<string | undefined>(this.lines.length);
  }

  /** Offset in `lfText` where each 0-based line starts. */
  get lineStarts(): readonly number[] {
    if (!this.starts) {
      const starts: number[] = [];
      let offset = 0;
      for (const line of this.lines) {
        starts.push(offset);
        offset += line.length + 1;
      }
      this.starts = starts;
    }
    return this.starts;
  }

  /** 0-based line `line` without leading and trailing whitespace. */
  trimmedLine(line: number): string {
    return (this.trimmed[line] ??= (this.lines[line] ?? '').trim());
  }

  /** 0-based line `line` trimmed, with every whitespace run as one space (normalizeLine). */
  collapsedLine(line: number): string {
    return (this.collapsed[line] ??= normalizeLine(this.lines[line] ?? ''));
  }

  /** Every line as collapsedLine gives it. */
  collapsedLines(): readonly string[] {
    return (this.allCollapsed ??= this.lines.map((_, line) => this.collapsedLine(line)));
  }

  /**
   * The file's non-blank lines in order, each whitespace-collapsed, with where each collapsed text
   * occurs: what the tolerant quote matcher works on (quotes drop and add blank lines). Built on first use.
   */
  codeLines(): CodeLineIndex {
    if (!this.codeLineIndex) {
      const lines: number[] = [];
      const keys: string[] = [];
      const positions = new Map<string, number[]>();
      for (let line = 0; line < this.lines.length; line++) {
        const key = this.collapsedLine(line);
        if (key === '') continue;
        const list = positions.get(key);
        if (list) list.push(keys.length);
        else positions.set(key, [keys.length]);
        lines.push(line);
        keys.push(key);
      }
      this.codeLineIndex = { lines, keys, positions };
    }
    return this.codeLineIndex;
  }

  /** Lines from `start` (0-based) on equal `keys` line by line once trimmed. */
  trimmedLinesAt(keys: readonly string[], start: number): boolean {
    if (!Number.isInteger(start) || start < 0 || start + keys.length > this.lines.length) return false;
    return keys.every((key, at) => this.trimmedLine(start + at) === key);
  }

  /**
   * Lines that equal `keys` line by line once both are trimmed (or, with `collapse`, whitespace-
   * normalised, when `keys` must be normalizeLine's output), in file order.
   */
  findWholeLines(keys: readonly string[], collapse: boolean): LineRange[] {
    // Look up the longest line: it has the fewest places to be, so the fewest candidates to verify.
    let pivot = 0;
    keys.forEach((key, at) => {
      if (key.length > (keys[pivot]?.length ?? 0)) pivot = at;
    });
    const pivotKey = keys[pivot] ?? '';
    const lineAt = collapse ? (line: number) => this.collapsedLine(line) : (line: number) => this.trimmedLine(line);
    const ranges: LineRange[] = [];
    for (const line of collapse ? this.collapsedCandidates(pivotKey) : this.trimmedCandidates(pivotKey)) {
      const start = line - pivot;
      if (start < 0 || start + keys.length > this.lines.length) continue;
      if (keys.every((key, at) => lineAt(start + at) === key)) ranges.push({ startLine: start + 1, endLine: start + keys.length });
    }
    return ranges;
  }

  /**
   * 0-based lines, in file order, that may contain `normalized` (normalizeLine's output, or a piece of
   * it) once collapsed. Whitespace collapsing never changes the other characters, so a line that does
   * not hold the key's longest word as it is cannot: only the few lines that do are collapsed.
   */
  *linesHoldingCollapsed(normalized: string): Generator<number> {
    const word = longestWord(normalized);
    for (let line = 0; line < this.lines.length; line++) {
      if ((this.lines[line] ?? '').includes(word)) yield line;
    }
  }

  private *collapsedCandidates(key: string): Generator<number> {
    for (const line of this.linesHoldingCollapsed(key)) if (this.collapsedLine(line) === key) yield line;
  }

  private trimmedCandidates(key: string): Iterable<number> {
    if (!this.trimmedIndex && ++this.trimmedScans > scansBeforeIndex) this.trimmedIndex = this.buildTrimmedIndex();
    const index = this.trimmedIndex;
    if (index) return indexedLines(index, key);
    const found: number[] = [];
    for (let line = 0; line < this.lines.length; line++) if (this.trimmedLine(line) === key) found.push(line);
    return found;
  }

  /** Line text → its first line, and for each line the next line with the same text (-1: none). */
  private buildTrimmedIndex(): LineIndex {
    const first = new Map<string, number>();
    const next = new Int32Array(this.lines.length).fill(-1);
    for (let line = this.lines.length - 1; line >= 0; line--) {
      const key = this.trimmedLine(line);
      const following = first.get(key);
      if (following !== undefined) next[line] = following;
      first.set(key, line);
    }
    return { first, next };
  }
}

/** A file's non-blank lines: position i is 0-based file line `lines[i]` with collapsed text `keys[i]`. */
export interface CodeLineIndex {
  lines: readonly number[];
  keys: readonly string[];
  /** Collapsed text → the positions (indexes into `keys`) holding it, ascending. */
  positions: ReadonlyMap<string, readonly number[]>;
}

interface LineIndex {
  first: Map<string, number>;
  next: Int32Array;
}

function* indexedLines(index: LineIndex, key: string): Generator<number> {
  for (let line = index.first.get(key) ?? -1; line !== -1; line = index.next[line] ?? -1) yield line;
}

export function prepareFile(text: string): PreparedFile {
  return new PreparedFile(text);
}

export function normalizeLine(line: string): string {
  const trimmed = line.trim();
  // Most lines have single spaces only: nothing to collapse, and no new string (the tolerant tier collapses whole files).
  return /[^\S ]| {2}/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** The longest space-separated word of a normalized line ('' for an empty one, which every line holds). */
function longestWord(normalized: string): string {
  let longest = '';
  for (const word of normalized.split(' ')) if (word.length > longest.length) longest = word;
  return longest;
}

export function toLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
