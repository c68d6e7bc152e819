import type { Anchor } from '../../shared/findingModel';
import { anchorSnippet } from './anchorSnippet';
import type { PreparedFile } from './preparedFile';
import { matchDistance, minDistinctWeight, quoteLines, quoteWeight } from './quoteMatcher';

/**
 * Locates a reviewer's finding: its quote is found (approximately when need be), and the finding then
 * covers the lines the reviewer named when they lie inside the quote where it was found. Reviewers
 * quote a few lines of context around the lines they mean; the whole quote stays on the anchor
 * (quoteStartLine/quoteEndLine) to find the finding again after edits.
 */
export function anchorAtNamedLines(file: PreparedFile, snippet: string, startLine: number, endLine: number): Anchor {
  const found = anchorSnippet(file, snippet, startLine, endLine, { approximate: true });
  if (found.status === 'unanchored') return found;
  // Common code (`}`, `return null;`) found only with tolerance somewhere else than the reviewer's lines
  // is not the code the reviewer quoted (which has changed): not located beats a wrong place.
  // Nor is a tolerant match elsewhere when lines of the quote are still at the reviewer's lines: the
  // quoted code is there, changed (often: already fixed), and the match is its twin.
  if (found.status !== 'exact' && matchDistance(found, startLine) > 0 && (quoteWeight(file, snippet) < minDistinctWeight || hasTwinAt(file, snippet, found, startLine, endLine))) {
    return { status: 'unanchored', startLine, endLine };
  }
  return narrowToNamedLines(found, startLine, endLine);
}

/** Two or more of the quote's distinctive lines are around the reviewer's lines, outside the match. */
function hasTwinAt(file: PreparedFile, snippet: string, found: Anchor, startLine: number, endLine: number): boolean {
  const items = quoteLines(snippet).filter((item) => item.kind === 'code' && (item.key.match(/[\p{L}\p{N}_]/gu)?.length ?? 0) >= 3);
  const keys = new Set(items.map((item) => item.key));
  const reach = items.length + 2;
  const seen = new Set<string>();
  for (let line = Math.max(1, startLine - reach); line <= Math.min(file.lines.length, endLine + reach); line++) {
    if (line >= found.startLine && line <= found.endLine) continue;
    const key = file.collapsedLine(line - 1);
    if (keys.has(key)) seen.add(key);
  }
  return seen.size >= 2;
}

/** `found` (the whole quote) narrowed to the named lines when the first of them is inside it; otherwise unchanged. */
export function narrowToNamedLines(found: Anchor, startLine: number, endLine: number): Anchor {
  if (startLine < found.startLine || startLine > found.endLine) return found;
  const end = Math.min(Math.max(endLine, startLine), found.endLine);
  if (startLine === found.startLine && end === found.endLine) return { status: found.status, startLine, endLine: end };
  return { status: found.status, startLine, endLine: end, quoteStartLine: found.startLine, quoteEndLine: found.endLine };
}

/**
 * Where a finding anchored at HEAD is in `current` (the text being edited): its quote is found near where
 * it was, and the named lines keep their offset inside it (clamped to the quote as it is now). Only a
 * finding that was placed approximately at HEAD may be placed approximately now: for the others, a quote
 * that changed means the code the finding is about changed (an applied fix, a hand edit).
 */
export function relocateAnchor(anchor: Anchor, snippet: string, current: string | PreparedFile): Anchor {
  if (anchor.status === 'unanchored') return anchor;
  const quoteStart = anchor.quoteStartLine ?? anchor.startLine;
  const quoteEnd = anchor.quoteEndLine ?? anchor.endLine;
  const found = anchorSnippet(current, snippet, quoteStart, quoteEnd, { approximate: anchor.status === 'approximate' });
  if (found.status === 'unanchored' || anchor.quoteStartLine === undefined) return found;
  // Lines added or removed inside the quote (blank lines: the tolerant tier still finds it): where the named
  // lines went is not known, so the finding covers the whole quote rather than a guess.
  if (found.endLine - found.startLine !== quoteEnd - quoteStart) return found;
  const startLine = Math.min(found.startLine + (anchor.startLine - quoteStart), found.endLine);
  const endLine = Math.min(startLine + (anchor.endLine - anchor.startLine), found.endLine);
  return { status: found.status, startLine, endLine, quoteStartLine: found.startLine, quoteEndLine: found.endLine };
}
