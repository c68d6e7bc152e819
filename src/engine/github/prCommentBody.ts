import { gunzipSync, gzipSync } from 'node:zlib';

// The one Deep Review comment on a pull request: found again by the marker at the very start of its body,
// with the branch's review history (the ledger, gzip + base64) in a hidden block after it, then the report.

export const reportCommentMarker = '<!-- deep-review:report v1 -->';
/** GitHub refuses comment bodies longer than this. */
export const commentLimit = 65_536;
const ledgerOpen = '<!-- deep-review:ledger v1 gzip+base64';
const ledgerClose = '-->';
// The history may take at most half of the comment: the report is what people read.
const maxLedgerBlock = commentLimit / 2;
const base64LineLength = 100;

export interface CommentBodyInput {
  /** The Markdown report. */
  markdown: string;
  /** The branch's ledger to carry to the next run, or null when there is none. */
  ledger: unknown;
  /** Where the full report is, for the note when the report is cut ("the artifacts of …"). */
  fullReportHint: string;
}

export interface CommentBody {
  body: string;
  /** The report was cut to fit. */
  trimmed: boolean;
  /** False when there was a ledger and it was too large to embed. */
  ledgerEmbedded: boolean;
}

export function composeCommentBody(input: CommentBodyInput): CommentBody {
  const block = input.ledger === null ? null : ledgerBlock(input.ledger);
  const ledgerEmbedded = block !== null && block.length <= maxLedgerBlock;
  const header = ledgerEmbedded ? `${reportCommentMarker}\n${block}\n` : `${reportCommentMarker}\n`;
  const footer =
    block !== null && !ledgerEmbedded
      ? '\n\n---\n_The review history of this branch is too large to carry in this comment, so the next run on this pull request starts a new Resolution table (unless the runner keeps its clone)._\n'
      : '';
  const room = commentLimit - header.length - footer.length;
  if (input.markdown.length <= room) return { body: header + input.markdown + footer, trimmed: false, ledgerEmbedded };
  const note = `\n\n---\n_This report is cut here: it is longer than a GitHub comment can hold (${commentLimit.toLocaleString('en-US')} characters). The full report is in ${input.fullReportHint}._\n`;
  const cut = cutMarkdown(input.markdown, room - note.length);
  return { body: header + cut + note + footer, trimmed: true, ledgerEmbedded };
}

/** The ledger embedded in a comment body: the decoded JSON, null when there is none, or why it cannot be read. */
export function readEmbeddedLedger(body: string): { found: false } | { found: true; ledger: unknown } | { found: true; problem: string } {
  if (!body.startsWith(reportCommentMarker)) return { found: false };
  const start = body.indexOf(ledgerOpen, reportCommentMarker.length);
  // Only directly after the marker: a ledger quoted further down (in the report text) is not ours.
  if (start === -1 || body.slice(reportCommentMarker.length, start).trim() !== '') return { found: false };
  const end = body.indexOf(ledgerClose, start + ledgerOpen.length);
  if (end === -1) return { found: true, problem: 'the embedded review history is not closed' };
  const encoded = body.slice(start + ledgerOpen.length, end).replace(/\s+/g, '');
  try {
    return { found: true, ledger: JSON.parse(gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8')) as unknown };
  } catch (error) {
    return { found: true, problem: `the embedded review history cannot be decoded (${error instanceof Error ? error.message : String(error)})` };
  }
}

function ledgerBlock(ledger: unknown): string {
  const encoded = gzipSync(JSON.stringify(ledger), { level: 9 }).toString('base64');
  const lines: string[] = [];
  for (let index = 0; index < encoded.length; index += base64LineLength) lines.push(encoded.slice(index, index + base64LineLength));
  // Base64 has no "-", so the block cannot close the HTML comment early.
  return `${ledgerOpen}\n${lines.join('\n')}\n${ledgerClose}`;
}

/** At most `max` characters of `markdown`, cut at a line end, with an open code fence closed (its closing fence counted). */
function cutMarkdown(markdown: string, max: number): string {
  let limit = max;
  for (;;) {
    const cut = cutAtLineEnd(markdown, limit);
    const open = openFence(cut);
    const closed = open === null ? cut : `${cut}\n${open}`;
    if (closed.length <= max || cut === '') return closed;
    limit = cut.length - (closed.length - max);
  }
}

function cutAtLineEnd(markdown: string, max: number): string {
  const cut = markdown.slice(0, Math.max(0, max));
  const lineEnd = cut.lastIndexOf('\n');
  if (lineEnd > 0) return cut.slice(0, lineEnd);
  // Never leave half of a surrogate pair.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The fence that closes the code block still open at the end of `markdown` (fences may be longer than three), or null. */
function openFence(markdown: string): string | null {
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const run = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!run?.[1]) continue;
    const [, marks = '', rest = ''] = run;
    if (fence === null) {
      if (!(marks.startsWith('`') && rest.includes('`'))) fence = marks;
    } else if (marks.charAt(0) === fence.charAt(0) && marks.length >= fence.length && rest.trim() === '') {
      fence = null;
    }
  }
  return fence;
}
