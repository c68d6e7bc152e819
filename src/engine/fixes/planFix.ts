import type { Fix, FixEdit } from '../../shared/findingModel';
import { locateText, type TextMatch } from './locateText';
import { planTolerantEdit } from './tolerantEdit';

export interface PlannedEdit {
  path: string;
  /** Offsets in the current text of `path` (UTF-16 code units, as editors count). */
  startOffset: number;
  endOffset: number;
  newText: string;
}

export type FixPlan = { kind: 'ready'; edits: PlannedEdit[] } | { kind: 'already-applied' } | { kind: 'refused'; reason: string };

/** Where the finding points: breaks ties between repeated originals. A bare number applies to every file. */
export type FixNear = number | { path: string; line: number };

/** What the text planned against is: the file at the reviewed commit (report, SARIF) or as it is now (editor). */
export interface FixContext {
  atReviewedCommit?: boolean;
  /**
   * The reviewer's line for a finding that was not located: never used to choose between places (it may
   * be wrong), only to distrust a tolerant match away from it and to see a replacement already there.
   */
  reviewerLine?: FixNear;
}

type EditPlan = { kind: 'ready'; edit: PlannedEdit } | { kind: 'already-applied' } | { kind: 'refused'; reason: string };

/**
 * Plans a fix against the text the files have now (which may differ from the reviewed HEAD).
 * Every edit must be located, or the whole fix is refused: a half-applied fix is worse than none.
 */
export function planFix(fix: Fix, currentText: (path: string) => string | null, near?: FixNear, context: FixContext = {}): FixPlan {
  const ready: PlannedEdit[] = [];
  for (const edit of fix.edits) {
    const text = currentText(edit.path);
    if (text === null) return { kind: 'refused', reason: `${edit.path} does not exist any more, so the fix cannot be applied.` };
    const nearLine = nearLineFor(near, edit.path);
    const plan = planEdit(edit, text, { nearLine, guardLine: nearLine ?? nearLineFor(context.reviewerLine, edit.path) }, context);
    if (plan.kind === 'refused') return plan;
    if (plan.kind === 'ready') ready.push(plan.edit);
  }
  if (ready.length === 0) return { kind: 'already-applied' };
  const overlap = findOverlap(ready);
  if (overlap) return { kind: 'refused', reason: `The fix's edits overlap in ${overlap}, so it cannot be applied as one change.` };
  return { kind: 'ready', edits: ready };
}

/** Applies edits planned for one file's text; edits must not overlap. */
export function applyPlannedEdits(text: string, edits: ReadonlyArray<Pick<PlannedEdit, 'startOffset' | 'endOffset' | 'newText'>>): string {
  const ordered = [...edits].sort((a, b) => b.startOffset - a.startOffset);
  let result = text;
  let limit = text.length;
  for (const edit of ordered) {
    if (edit.startOffset < 0 || edit.endOffset < edit.startOffset || edit.endOffset > limit) {
      throw new RangeError(`Edit ${edit.startOffset}-${edit.endOffset} is outside the text or overlaps another edit.`);
    }
    result = result.slice(0, edit.startOffset) + edit.newText + result.slice(edit.endOffset);
    limit = edit.startOffset;
  }
  return result;
}

interface EditLines {
  /** Chooses between places. */
  nearLine: number | undefined;
  /** Guards against a tolerant match elsewhere and sees a replacement already there. */
  guardLine: number | undefined;
}

function planEdit(edit: FixEdit, text: string, { nearLine, guardLine }: EditLines, context: FixContext): EditPlan {
  if (edit.original === '') {
    return { kind: 'refused', reason: `The fix for ${edit.path} does not say which text it replaces, so it cannot be applied safely.` };
  }
  const originals = locateText(text, edit.original);
  // A replacement that contains its original leaves the original in place once applied.
  const pending = originals.filter((match) => !isInsideAppliedReplacement(text, match, edit));
  if (pending.length > 0 && needsReindent(text, pending, edit)) {
    const reindented = planTolerantEdit(text, edit.original, edit.replacement, nearLine, guardLine);
    if (reindented.kind === 'ready') return { kind: 'ready', edit: { path: edit.path, startOffset: reindented.start, endOffset: reindented.end, newText: reindented.newText } };
  }
  if (pending.length > 0) {
    const chosen = choose(pending, nearLine);
    if (!chosen) {
      return {
        kind: 'refused',
        reason: `The text the fix replaces appears ${pending.length} times in ${edit.path}; open the finding's location and apply it there.`,
      };
    }
    if (replacementIsNearer(text, edit, chosen, guardLine)) return { kind: 'already-applied' };
    return {
      kind: 'ready',
      edit: { path: edit.path, startOffset: chosen.start, endOffset: chosen.end, newText: withLineEndings(edit.replacement, eolOf(text)) },
    };
  }
  if (originals.length > 0 && pending.length === 0) return { kind: 'already-applied' };
  // Not there as written: quoted with other indentation, blank lines or elisions (tolerantEdit).
  const tolerant = planTolerantEdit(text, edit.original, edit.replacement, nearLine, guardLine);
  switch (tolerant.kind) {
    case 'ready':
      return { kind: 'ready', edit: { path: edit.path, startOffset: tolerant.start, endOffset: tolerant.end, newText: tolerant.newText } };
    case 'already-applied':
      return tolerant;
    case 'ambiguous':
      return { kind: 'refused', reason: `The text the fix replaces appears ${tolerant.count} times in ${edit.path}; open the finding's location and apply it there.` };
    case 'refused':
      return { kind: 'refused', reason: `The fix for ${edit.path} cannot be applied safely: ${tolerant.reason}.` };
    case 'not-found':
      break;
  }
  if (edit.replacement.trim() !== '' && locateText(text, edit.replacement).length > 0) return { kind: 'already-applied' };
  const where = context.atReviewedCommit ? `${edit.path} at the reviewed commit` : `${edit.path} as it is now`;
  const closest = tolerant.closestLine === undefined ? '' : ` (the closest is line ${tolerant.closestLine}: \`${closestText(text, tolerant.closestLine)}\`)`;
  const advice = context.atReviewedCommit ? ', so the fix cannot be placed there' : '; review the diff and edit the file by hand';
  return { kind: 'refused', reason: `The text the fix replaces is not in ${where}${closest}${advice}.` };
}

/** Line `line` (1-based) of `text`, trimmed and shortened for a reason. */
function closestText(text: string, line: number): string {
  const content = (text.split('\n')[line - 1] ?? '').trim();
  return content.length > 80 ? `${content.slice(0, 79)}…` : content;
}

/** The replacement is at the finding and the original only further away: the fix is there already (the original is other code). */
function replacementIsNearer(text: string, edit: FixEdit, chosen: TextMatch, nearLine: number | undefined): boolean {
  if (nearLine === undefined || edit.replacement.trim() === '') return false;
  const distance = (line: number): number => Math.abs(line - nearLine);
  return locateText(text, edit.replacement).some((match) => distance(match.startLine) < distance(chosen.startLine));
}

/**
 * An original quoted without the indentation of its first line, found after that indentation: placed
 * verbatim, the lines its replacement adds would start wherever the reviewer put them (usually column 0).
 * The tolerant path re-indents them to the file, line by line.
 */
function needsReindent(text: string, matches: readonly TextMatch[], edit: FixEdit): boolean {
  if (/^\s/.test(edit.original)) return false;
  const lineCount = (value: string): number => value.replace(/\r\n?/g, '\n').split('\n').filter((line) => line.trim() !== '').length;
  if (lineCount(edit.original) < 2 && lineCount(edit.replacement) < 2) return false;
  return matches.every((match) => {
    const lineStart = text.lastIndexOf('\n', match.start - 1) + 1;
    const before = text.slice(lineStart, match.start);
    return before !== '' && before.trim() === '';
  });
}

/** The only match, or the one nearest the finding's line; none when that is still a tie. */
function choose(matches: readonly TextMatch[], nearLine: number | undefined): TextMatch | undefined {
  if (matches.length === 1) return matches[0];
  if (nearLine === undefined) return undefined;
  const distance = (match: TextMatch): number => Math.abs(match.startLine - nearLine);
  const sorted = [...matches].sort((a, b) => distance(a) - distance(b));
  const [first, second] = sorted;
  if (first && second && distance(first) === distance(second)) return undefined;
  return first;
}

function isInsideAppliedReplacement(text: string, match: TextMatch, edit: FixEdit): boolean {
  const eol = eolOf(text);
  const replacement = withLineEndings(edit.replacement, eol);
  const at = replacement.indexOf(withLineEndings(edit.original, eol));
  return at !== -1 && match.start - at >= 0 && text.startsWith(replacement, match.start - at);
}

function nearLineFor(near: FixNear | undefined, path: string): number | undefined {
  if (typeof near === 'number') return near;
  return near?.path === path ? near.line : undefined;
}

function findOverlap(edits: readonly PlannedEdit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startOffset - b.startOffset));
  for (let at = 1; at < sorted.length; at++) {
    const previous = sorted[at - 1];
    const current = sorted[at];
    if (previous && current && previous.path === current.path && current.startOffset < previous.endOffset) return current.path;
  }
  return undefined;
}

/** The file's own line ending (its first), so a fix never mixes CRLF and LF in one file. */
function eolOf(text: string): '\r\n' | '\n' {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

function withLineEndings(text: string, eol: '\r\n' | '\n'): string {
  return text.replace(/\r\n|\n/g, eol);
}
