import type { CodeContext, Finding } from '../../shared/findingModel';
import { renderFileDiffs } from '../../shared/fixDiff';
import { applyPlannedEdits } from '../fixes/planFix';

/** Lines shown either side of a finding's lines when the review is not told otherwise (deepReview.report.contextLines). */
export const defaultContextLines = 5;
/** A finding that names a whole file still shows a readable excerpt, not the file. */
const maxNamedLines = 60;

/**
 * Each finding with its code in context and its fix as a diff, both read from the reviewed commit: what every
 * format (webview, Markdown, PR comment, SARIF) shows, so none of them needs the repository to show real line numbers.
 * Runs after withFixStatusAtHead: the diff is rendered from the fix as planned there.
 */
export async function withCodeInContext(
  findings: readonly Finding[],
  readFileAtHead: (path: string) => Promise<string | null>,
  contextLines: number = defaultContextLines,
): Promise<Finding[]> {
  const paths = [...new Set(findings.flatMap((finding) => [finding.location.path, ...(finding.fix?.edits.map((edit) => edit.path) ?? [])]))];
  const files = new Map(await Promise.all(paths.map(async (path) => [path, await readFileAtHead(path).catch(() => null)] as const)));
  const fileAtHead = (path: string): string | null => files.get(path) ?? null;
  return findings.map((finding) => {
    const { codeContext: _staleContext, fixDiff: _staleDiff, ...rest } = finding;
    const codeContext = codeContextOf(finding, fileAtHead, contextLines);
    const fixDiff = fixDiffAtHead(finding, fileAtHead);
    return { ...rest, ...(codeContext ? { codeContext } : {}), ...(fixDiff ? { fixDiff } : {}) };
  });
}

/** The anchored lines (the whole quote when the reviewer named part of it) with `contextLines` either side. */
export function codeContextOf(finding: Finding, fileAtHead: (path: string) => string | null, contextLines: number): CodeContext | undefined {
  if (finding.anchor.status === 'unanchored') return undefined;
  const text = fileAtHead(finding.location.path);
  if (text === null) return undefined;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const { anchor } = finding;
  const first = Math.min(anchor.quoteStartLine ?? anchor.startLine, anchor.startLine);
  const last = Math.min(Math.max(anchor.quoteEndLine ?? anchor.endLine, anchor.endLine), first + maxNamedLines - 1);
  const from = Math.max(1, first - contextLines);
  const to = Math.min(lines.length, last + contextLines);
  if (from > to) return undefined;
  return { startLine: from, lines: lines.slice(from - 1, to) };
}

/** The fix as planned at the reviewed commit, as a diff of the files it edits there; undefined when it does not apply. */
function fixDiffAtHead(finding: Finding, fileAtHead: (path: string) => string | null): string | undefined {
  if (finding.fix === null || finding.fixAtHead?.status !== 'applicable') return undefined;
  const { edits } = finding.fixAtHead;
  const paths = [...new Set(edits.map((edit) => edit.path))];
  const files = paths.map((path) => {
    const before = fileAtHead(path) ?? '';
    return { path, before, after: applyPlannedEdits(before, edits.filter((edit) => edit.path === path)) };
  });
  const diff = renderFileDiffs(files);
  return diff === '' ? undefined : diff;
}
