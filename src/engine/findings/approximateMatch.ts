import type { CodeLineIndex } from './preparedFile';
import type { QuoteLine, QuoteMatch } from './quoteMatcher';

/**
 * Places a quote none of whose faithful forms is in the file (a reviewer paraphrased a line, or the
 * code changed a little before HEAD) at the window of non-blank lines that shares the most of its
 * lines, in order (a weighted LCS over collapsed lines).
 *
 * Each quote line weighs 1 / (how often its text occurs in the file): a line found once pins the
 * quote down, `}` or `return err` found forty times says almost nothing, and a line that is not in
 * the file at all (the paraphrased one) weighs 1, so it counts fully against the score. Lines with
 * fewer than three letters or digits (`}`, `);`) weigh nothing. The score is the matched weight over
 * the quote's weight.
 *
 * Thresholds, checked on the fidelity corpus (bench/figures/fidelity.ts, test/unit/findings/fidelityCorpus.test.ts):
 * - minScore 0.6: one paraphrased line in a three-line quote (score ≈ 0.67) is still placed; two
 *   of three are not.
 * - minMatchedWeight 1.5: at least two distinctive lines agree, so one shared line never places a quote.
 * - minLead 0.3: the best window must beat every other window by this much; duplicated code (two
 *   windows that both fit) leaves the quote not located rather than at a guess. On the corpus no
 *   approximate match lands at a wrong place with these values; lowering minLead to 0.1 does.
 */
const minScore = 0.6;
const minMatchedWeight = 1.5;
const minLead = 0.3;
/** Lines occurring more often than this are not used to propose windows (they still count in the score). */
const maxVotingOccurrences = 50;
/** Quotes longer than this are not matched approximately: the LCS is quadratic. */
const maxQuoteLines = 200;

interface Candidate {
  score: number;
  matchedWeight: number;
  /** Code position (index into index.keys) for each quote code line, matched or interpolated. */
  positions: number[];
  matched: boolean[];
  first: number;
  last: number;
}

export function approximateMatch(index: CodeLineIndex, code: readonly QuoteLine[], totalLines: number): { match?: QuoteMatch; closestLine?: number } {
  const count = code.length;
  if (count === 0 || count > maxQuoteLines) return {};
  const weights = code.map((item) => weightOf(index, item.key));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return {};

  const votes = new Map<number, number>();
  code.forEach((item, at) => {
    const positions = index.positions.get(item.key) ?? [];
    if ((weights[at] ?? 0) === 0 || positions.length > maxVotingOccurrences) return;
    for (const position of positions) votes.set(position - at, (votes.get(position - at) ?? 0) + (weights[at] ?? 0));
  });
  const offsets = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 12);
  const slack = 2 + Math.floor(count / 4);
  const candidates: Candidate[] = [];
  for (const [offset] of offsets) {
    const candidate = scoreWindow(index, code, weights, total, Math.max(0, offset - slack), Math.min(index.keys.length, offset + count + slack));
    if (candidate) candidates.push(candidate);
  }
  // One candidate per region of the file: windows proposed by nearby offsets overlap and are the same place.
  candidates.sort((a, b) => b.score - a.score || a.first - b.first);
  const regions: Candidate[] = [];
  for (const candidate of candidates) {
    if (!regions.some((region) => candidate.first <= region.last && region.first <= candidate.last)) regions.push(candidate);
  }
  const [best, second] = regions;
  if (!best) return {};
  const closestLine = (index.lines[best.first] ?? 0) + 1;
  const clear = best.score >= minScore && best.matchedWeight >= minMatchedWeight && (!second || best.score - second.score >= minLead);
  if (!clear) return { closestLine };
  const fileLines = new Array<number | undefined>(totalLines).fill(undefined);
  code.forEach((item, at) => {
    if (best.matched[at]) fileLines[item.index] = index.lines[best.positions[at] ?? 0];
  });
  const startLine = (index.lines[best.first] ?? 0) + 1;
  const endLine = (index.lines[best.last] ?? 0) + 1;
  return { match: { tier: 'approximate', startLine, endLine, fileLines, score: best.score }, closestLine };
}

function weightOf(index: CodeLineIndex, key: string): number {
  if ((key.match(/[\p{L}\p{N}_]/gu)?.length ?? 0) < 3) return 0;
  return 1 / Math.max(1, index.positions.get(key)?.length ?? 0);
}

/** The weighted LCS of the quote against code positions [from, to), with every quote line given a position. */
function scoreWindow(index: CodeLineIndex, code: readonly QuoteLine[], weights: readonly number[], total: number, from: number, to: number): Candidate | undefined {
  const rows = code.length;
  const columns = to - from;
  if (columns <= 0) return undefined;
  // table[i][j]: best weight matching code[i..] against window[j..]. Weightless lines still count a
  // little so that `}` lines align where they can (it never outweighs a real line).
  const table = Array.from({ length: rows + 1 }, () => new Float64Array(columns + 1));
  for (let i = rows - 1; i >= 0; i--) {
    const row = table[i];
    const below = table[i + 1];
    if (!row || !below) continue;
    for (let j = columns - 1; j >= 0; j--) {
      let best = Math.max(below[j] ?? 0, row[j + 1] ?? 0);
      if (index.keys[from + j] === code[i]?.key) best = Math.max(best, (below[j + 1] ?? 0) + (weights[i] ?? 0) + 1e-6);
      row[j] = best;
    }
  }
  const positions = new Array<number>(rows).fill(-1);
  const matched = new Array<boolean>(rows).fill(false);
  let matchedWeight = 0;
  for (let i = 0, j = 0; i < rows && j < columns; ) {
    const here = table[i]?.[j] ?? 0;
    if (index.keys[from + j] === code[i]?.key && Math.abs(here - ((table[i + 1]?.[j + 1] ?? 0) + (weights[i] ?? 0) + 1e-6)) < 1e-9) {
      positions[i] = from + j;
      matched[i] = true;
      matchedWeight += weights[i] ?? 0;
      i++;
      j++;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  const anchors = matched.flatMap((isMatched, at) => (isMatched ? [at] : []));
  if (anchors.length === 0) return undefined;
  interpolate(positions, matched, anchors, index.keys.length - 1);
  return { score: matchedWeight / total, matchedWeight, positions, matched, first: Math.min(...positions), last: Math.max(...positions) };
}

/**
 * Unmatched quote lines take the place after the previous matched line (or before the next), never past
 * a matched neighbour. Beyond the first or last matched line the place is a guess (the file may hold a
 * line there the quote does not), so those lines reach one line further: the span claims no more
 * certainty than it has, and the reviewer's named lines decide within it.
 */
function interpolate(positions: number[], matched: readonly boolean[], anchors: readonly number[], lastPosition: number): void {
  const firstAnchor = anchors[0] ?? 0;
  for (let at = 0; at < positions.length; at++) {
    if (matched[at]) continue;
    const previous = [...anchors].reverse().find((anchor) => anchor < at);
    const next = anchors.find((anchor) => anchor > at);
    if (previous !== undefined) {
      const guess = Math.min(lastPosition, (positions[previous] ?? 0) + (at - previous) + (next === undefined ? 1 : 0));
      positions[at] = next !== undefined ? Math.min(guess, Math.max((positions[next] ?? 0) - 1, positions[previous] ?? 0)) : guess;
    } else {
      positions[at] = Math.max(0, (positions[firstAnchor] ?? 0) - (firstAnchor - at) - 1);
    }
  }
}
