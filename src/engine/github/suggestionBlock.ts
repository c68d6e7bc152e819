import { applyPlannedEdits, type PlannedEdit } from '../fixes/planFix';

/**
 * What lines `startLine`..`endLine` of `text` become with `edits` applied, when every edit stays inside
 * those lines — the content of a GitHub suggestion on that range — or null when the fix reaches outside
 * them, joins them with the next line, or the result of committing the suggestion would differ from
 * applying the fix (checked, not assumed). Files with CR line ends get no suggestion.
 */
export function suggestedLines(text: string, startLine: number, endLine: number, edits: readonly PlannedEdit[]): string | null {
  const lineStarts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  const rangeStart = lineStarts[startLine - 1];
  if (rangeStart === undefined || endLine < startLine || endLine > lineStarts.length) return null;
  const rangeEnd = lineStarts[endLine] ?? text.length;
  const original = text.slice(rangeStart, rangeEnd);
  if (original.includes('\r') || edits.length === 0) return null;
  const inside = edits.every((edit) => edit.startOffset >= rangeStart && edit.endOffset <= rangeEnd && (edit.startOffset < rangeEnd || rangeEnd === text.length));
  if (!inside) return null;
  const after = applyPlannedEdits(original, edits.map((edit) => ({ ...edit, startOffset: edit.startOffset - rangeStart, endOffset: edit.endOffset - rangeStart })));
  const endsWithNewline = original.endsWith('\n');
  let content: string;
  if (!endsWithNewline) content = after;
  else if (after === '') content = '';
  else if (after.endsWith('\n')) content = after.slice(0, -1);
  else return null;
  if (content.endsWith('\n') && !endsWithNewline) return null;
  return applySuggestion(text, startLine, endLine, content) === applyPlannedEdits(text, edits) ? content : null;
}

/** `text` with lines `startLine`..`endLine` replaced by `content`, as GitHub commits a suggestion (empty content deletes the lines). */
export function applySuggestion(text: string, startLine: number, endLine: number, content: string): string {
  const lines = text.split('\n');
  const replacement = content === '' ? [] : content.split('\n');
  lines.splice(startLine - 1, endLine - startLine + 1, ...replacement);
  return lines.join('\n');
}

/** A ```suggestion block whose fence is longer than any backtick run in the content. */
export function suggestionBlock(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}suggestion\n${content === '' ? '' : `${content}\n`}${fence}`;
}
