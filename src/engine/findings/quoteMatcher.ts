import { normalizeLine, toLf, type CodeLineIndex, type PreparedFile } from './preparedFile';
import { approximateMatch } from './approximateMatch';

/**
 * The tolerant half of locating quoted code (a reviewer's snippet, a fix's original), for quotes the
 * verbatim and whole-line lookups of anchorSnippet and locateText do not find. Real reviewers drop
 * and add blank lines, lose or shift indentation, turn tabs into spaces, elide lines (`...`,
 * `// ...`, `/* … *\/`) and paraphrase a line now and then. Lines are compared trimmed with
 * whitespace runs collapsed, blank lines are ignored on both sides, and an elision matches any run
 * of lines (at most `maxElidedLines`). With `approximate`, a quote found nowhere like that is placed
 * by line similarity (approximateMatch), but only where it is clearly better than anywhere else.
 */

export type QuoteTier = 'whitespace' | 'approximate';

export interface QuoteMatch {
  tier: QuoteTier;
  /** 1-based file lines the quote covers, from its first to its last located line. */
  startLine: number;
  endLine: number;
  /**
   * For each line of the quote (toLf, split on '\n'), the 0-based file line it stands for; undefined
   * for blank lines, elisions, and (approximate) lines that are not in the file.
   */
  fileLines: Array<number | undefined>;
  /** For approximate matches: the weighted share of the quote's lines found (0..1). */
  score?: number;
}

export interface QuoteSearch {
  /** Every place the quote is found in the most faithful tier that finds it, in file order. */
  matches: QuoteMatch[];
  /** When nothing is found: the file line (1-based) most like the quote, for a refusal's reason. */
  closestLine?: number;
}

/** An elision stands for omitted lines; it never matches code itself. */
const elisionPattern = /^(?:\[?\s*(?:\.{3,}|…)\s*\]?|(?:\/\/|#|--|;|%)\s*(?:\.{3,}|…).*|\/\*\s*(?:\.{3,}|…).*\*\/|<!--\s*(?:\.{3,}|…).*-->|\{\s*\/\*\s*(?:\.{3,}|…).*\*\/\s*\})$/;

const fencePattern = /^(?:`{3,}|~{3,})[\w+#.-]*$/;

/** At most this many non-blank lines stand behind one elision: an elision is a gap in a quote, not the rest of the file. */
const maxElidedLines = 80;
/** A quote's first or last line may be the end or the start of a file line, when it is long enough not to be found by chance. */
const minPartialLength = 8;

export function isElision(line: string): boolean {
  return elisionPattern.test(line.trim());
}

export interface QuoteLine {
  /** Index of the line in the quote. */
  index: number;
  kind: 'code' | 'gap';
  /** Collapsed text ('' for a gap). */
  key: string;
}

/** The quote's non-blank lines, elisions as gaps. */
export function quoteLines(quote: string): QuoteLine[] {
  const items: QuoteLine[] = [];
  toLf(quote)
    .split('\n')
    .forEach((line, index) => {
      const key = normalizeLine(line);
      if (key === '') return;
      items.push({ index, kind: isElision(key) ? 'gap' : 'code', key: isElision(key) ? '' : key });
    });
  // A Markdown code fence around the quote (models add them) is not code of the file.
  if (fencePattern.test(items[0]?.key ?? '') && fencePattern.test(items[items.length - 1]?.key ?? '') && items.length > 1) {
    items.shift();
    items.pop();
  }
  // Gaps before the first or after the last code line say nothing about where the quote is.
  while (items[0]?.kind === 'gap') items.shift();
  while (items.length > 0 && items[items.length - 1]?.kind === 'gap') items.pop();
  return items;
}

/**
 * `approximate`: place a quote found nowhere faithfully at its clearly best window. `closest`: when not
 * found, name the closest line (for a refusal). Both cost a similarity search; the language server,
 * re-anchoring on every keystroke, asks for neither unless the finding was approximate to begin with.
 */
export function findQuote(file: PreparedFile, quote: string, options: { approximate?: boolean; closest?: boolean; totalLines?: number } = {}): QuoteSearch {
  const items = quoteLines(quote);
  const code = items.filter((item) => item.kind === 'code');
  if (code.length === 0) return { matches: [] };
  const index = file.codeLines();
  const totalLines = options.totalLines ?? toLf(quote).split('\n').length;
  const matches = findSegments(index, items, totalLines);
  if (matches.length > 0 || (!options.approximate && !options.closest)) return { matches };
  const approximate = approximateMatch(index, code, totalLines);
  if (options.approximate && approximate.match) return { matches: [approximate.match] };
  const closestLine = approximate.closestLine ?? closestByWords(index, code);
  return closestLine === undefined ? { matches: [] } : { matches: [], closestLine };
}

/**
 * When no line of the quote is in the file: the file line sharing the most words with the quote's
 * longest line (at least half of them), to name in a refusal. Only computed for a refusal.
 */
function closestByWords(index: CodeLineIndex, code: readonly QuoteLine[]): number | undefined {
  const longest = code.reduce((best, item) => (item.key.length > best.length ? item.key : best), '');
  const wanted = new Set(wordsOf(longest));
  if (wanted.size === 0) return undefined;
  let best: { position: number; score: number } | undefined;
  index.keys.forEach((key, position) => {
    const words = new Set(wordsOf(key));
    let shared = 0;
    for (const word of words) if (wanted.has(word)) shared++;
    const score = shared / Math.max(wanted.size, words.size);
    if (score >= 0.5 && (!best || score > best.score)) best = { position, score };
  });
  return best ? (index.lines[best.position] ?? 0) + 1 : undefined;
}

function wordsOf(key: string): string[] {
  return key.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/**
 * How far a match is from the reviewer's line: 0 when its span holds the line. Matches equally far
 * are told apart by their span (an elision chain reaching far for a common line is the worse one).
 */
export function matchDistance(match: { startLine: number; endLine: number }, hintLine: number): number {
  if (match.startLine <= hintLine && hintLine <= match.endLine) return 0;
  return Math.min(Math.abs(match.startLine - hintLine), Math.abs(match.endLine - hintLine));
}

/** The match nearest to the reviewer's line (then the tightest); undefined when two are equally near and tight. */
export function nearestMatch<Match extends { startLine: number; endLine: number }>(matches: readonly Match[], hintLine: number | undefined): Match | undefined {
  if (matches.length <= 1) return matches[0];
  if (hintLine === undefined) return undefined;
  const key = (match: Match): [number, number] => [matchDistance(match, hintLine), match.endLine - match.startLine];
  const sorted = [...matches].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
  const [first, second] = sorted;
  if (first && second && key(first)[0] === key(second)[0] && key(first)[1] === key(second)[1]) return undefined;
  return first;
}

/**
 * How much a quote says about where it is: each code line weighs 1 / how often the file holds it (0 for
 * lines with fewer than three letters or digits). `}` and `return null;` weigh next to nothing; a line
 * found once weighs 1. A quote found only with tolerance, away from the reviewer's line, must weigh
 * enough (minDistinctWeight: two lines found once each) to be believed: otherwise it is common code
 * that happens to match (on the fidelity corpus, 1.5 still let an already-fixed two-line quote land on
 * its twin a hundred lines away).
 */
export function quoteWeight(file: PreparedFile, quote: string): number {
  const index = file.codeLines();
  let weight = 0;
  for (const item of quoteLines(quote)) {
    if (item.kind !== 'code' || (item.key.match(/[\p{L}\p{N}_]/gu)?.length ?? 0) < 3) continue;
    weight += 1 / Math.max(1, index.positions.get(item.key)?.length ?? 0);
  }
  return weight;
}

export const minDistinctWeight = 2;

/** The quote cut at its elisions: runs of code lines that must be consecutive non-blank file lines. */
function segmentsOf(items: readonly QuoteLine[]): QuoteLine[][] {
  const segments: QuoteLine[][] = [[]];
  for (const item of items) {
    if (item.kind === 'gap') segments.push([]);
    else segments[segments.length - 1]?.push(item);
  }
  return segments.filter((segment) => segment.length > 0);
}

function findSegments(index: CodeLineIndex, items: readonly QuoteLine[], totalLines: number): QuoteMatch[] {
  const segments = segmentsOf(items);
  const lastSegment = segments.length - 1;
  const starts = segments.map((segment, at) => segmentStarts(index, segment, at === 0, at === lastSegment));
  const matches: QuoteMatch[] = [];
  for (const first of starts[0] ?? []) {
    const placed = [first];
    let end = first + (segments[0]?.length ?? 0);
    for (let at = 1; at < segments.length && placed.length === at; at++) {
      const next = (starts[at] ?? []).find((start) => start >= end && start - end <= maxElidedLines);
      if (next === undefined) break;
      placed.push(next);
      end = next + (segments[at]?.length ?? 0);
    }
    if (placed.length !== segments.length) continue;
    const fileLines = new Array<number | undefined>(totalLines).fill(undefined);
    segments.forEach((segment, at) => {
      segment.forEach((item, offset) => {
        fileLines[item.index] = index.lines[(placed[at] ?? 0) + offset];
      });
    });
    const firstLine = index.lines[first] ?? 0;
    const lastLine = index.lines[end - 1] ?? firstLine;
    matches.push({ tier: 'whitespace', startLine: firstLine + 1, endLine: lastLine + 1, fileLines });
  }
  return matches;
}

/** Positions where `segment` matches consecutive non-blank lines; the quote's very first and last lines may be partial. */
function segmentStarts(index: CodeLineIndex, segment: readonly QuoteLine[], holdsFirst: boolean, holdsLast: boolean): number[] {
  const count = segment.length;
  const partialFirst = holdsFirst && (segment[0]?.key.length ?? 0) >= minPartialLength;
  const partialLast = holdsLast && (segment[count - 1]?.key.length ?? 0) >= minPartialLength;
  const matchesAt = (position: number, at: number): boolean => {
    const want = segment[at]?.key ?? '';
    const have = index.keys[position];
    if (have === undefined) return false;
    if (have === want) return true;
    if (count === 1) return (partialFirst || partialLast) && have.includes(want);
    if (at === 0 && partialFirst) return have.endsWith(want);
    if (at === count - 1 && partialLast) return have.startsWith(want);
    return false;
  };
  // The pivot is a line that must match whole: its positions are the only candidates.
  let pivot = -1;
  segment.forEach((item, at) => {
    const partial = (at === 0 && partialFirst) || (at === count - 1 && partialLast);
    if (!partial && (pivot === -1 || item.key.length > (segment[pivot]?.key.length ?? 0))) pivot = at;
  });
  const candidates = pivot === -1 ? index.keys.map((_, position) => position) : (index.positions.get(segment[pivot]?.key ?? '') ?? []).map((position) => position - pivot);
  const starts: number[] = [];
  for (const start of candidates) {
    if (start < 0 || start + count > index.keys.length) continue;
    let all = true;
    for (let at = 0; at < count && all; at++) all = matchesAt(start + at, at);
    if (all) starts.push(start);
  }
  return starts;
}
