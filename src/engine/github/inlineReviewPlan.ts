import type { Finding } from '../../shared/findingModel';
import { severities } from '../../shared/findingModel';
import { latestEvent, type Ledger } from '../../shared/ledgerModel';
import { planFixAtReviewedCommit } from '../fixes/fixAtHead';
import { hunkHolding, type DiffRightLines } from './diffRightLines';
import { inlineCommentBody } from './inlineCommentBody';
import { suggestedLines } from './suggestionBlock';

/** One comment of the review, on lines of the head commit (GitHub's `line`, `start_line`, side RIGHT). */
export interface InlineComment {
  fingerprint: string;
  findingId: string;
  path: string;
  /** Set for a comment on more than one line. */
  startLine: number | null;
  line: number;
  body: string;
  /** The comment carries a ```suggestion block. */
  suggests: boolean;
}

/** A review thread Deep Review opened in an earlier round (its first comment is ours and carries the marker). */
export interface OwnThread {
  id: string;
  isResolved: boolean;
  /** The REST id of its first comment, for replying. */
  firstCommentId: number;
  fingerprint: string;
}

export interface InlineReviewInput {
  /** This round's findings (redacted), in report order. */
  findings: readonly Finding[];
  /** The branch's history after this round: which findings are fixed, and at which commit. */
  ledger: Ledger;
  diff: DiffRightLines;
  /** Files at the reviewed commit. */
  fileAtHead: (path: string) => string | null;
  /** Our threads from earlier rounds. */
  threads: readonly OwnThread[];
  /** At most this many of our threads open at once. */
  budget: number;
  /** The reviewed commit, for "fixed in" when the history does not name one. */
  head: string;
  /** This round's number: a finding that regressed in it reopens its resolved thread (once, not every round). */
  round: number;
}

export interface InlineReviewPlan {
  post: InlineComment[];
  /** Open threads of findings the history now calls fixed. */
  resolve: Array<{ thread: OwnThread; commit: string }>;
  /** Resolved threads of findings reported again this round after they were fixed. */
  reopen: Array<{ thread: OwnThread; commit: string }>;
  /** Findings that already have a thread of ours (open or resolved): never posted twice. */
  alreadyPosted: number;
  /** Findings whose lines are not in the diff (or not located): in the summary comment only. */
  outsideDiff: number;
  /** Findings left out by the budget. */
  overBudget: number;
}

/**
 * What this round does on the pull request: comments for findings on lines of the diff that have no
 * thread of ours yet, most severe first, while fewer than `budget` of our threads stay open; resolving
 * the open threads of findings fixed since; and reopening the resolved thread of a finding that regressed.
 */
export function planInlineReview(input: InlineReviewInput): InlineReviewPlan {
  const fixedAt = new Map(input.ledger.entries.filter((entry) => latestEvent(entry).status === 'fixed').map((entry) => [entry.fingerprint, latestEvent(entry).commit ?? input.head]));
  const resolve = input.threads.filter((thread) => !thread.isResolved && fixedAt.has(thread.fingerprint)).map((thread) => ({ thread, commit: fixedAt.get(thread.fingerprint) ?? input.head }));
  const regressedNow = new Set(input.ledger.entries.filter((entry) => latestEvent(entry).action === 'regressed' && latestEvent(entry).round === input.round).map((entry) => entry.fingerprint));
  const reopen = input.threads.filter((thread) => thread.isResolved && regressedNow.has(thread.fingerprint)).map((thread) => ({ thread, commit: input.head }));
  const posted = new Set(input.threads.map((thread) => thread.fingerprint));
  const stillOpen = input.threads.filter((thread) => (!thread.isResolved && !fixedAt.has(thread.fingerprint)) || regressedNow.has(thread.fingerprint)).length;
  let room = Math.max(0, input.budget - stillOpen);

  const plan: InlineReviewPlan = { post: [], resolve, reopen, alreadyPosted: 0, outsideDiff: 0, overBudget: 0 };
  const ordered = [...input.findings].sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity));
  const seen = new Set<string>();
  for (const finding of ordered) {
    if (seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    if (posted.has(finding.fingerprint)) {
      plan.alreadyPosted++;
      continue;
    }
    const comment = commentFor(finding, input);
    if (comment === null) plan.outsideDiff++;
    else if (room === 0) plan.overBudget++;
    else {
      plan.post.push(comment);
      room--;
    }
  }
  return plan;
}

function commentFor(finding: Finding, input: InlineReviewInput): InlineComment | null {
  if (finding.anchor.status === 'unanchored') return null;
  const { path } = finding.location;
  const { startLine } = finding.anchor;
  let { endLine } = finding.anchor;
  if (hunkHolding(input.diff, path, startLine, endLine) === null) {
    // A range that leaves the hunk: its first line alone, when that is in the diff.
    if (hunkHolding(input.diff, path, startLine, startLine) === null) return null;
    endLine = startLine;
  }
  const suggestion = suggestionFor(finding, path, startLine, endLine, input.fileAtHead);
  return {
    fingerprint: finding.fingerprint,
    findingId: finding.id,
    path,
    startLine: startLine === endLine ? null : startLine,
    line: endLine,
    body: inlineCommentBody(finding, suggestion),
    suggests: suggestion !== null,
  };
}

/** The suggestion for the comment's lines: the fix planned by the quick-fix planner at the reviewed commit, when all of it lies in those lines. */
function suggestionFor(finding: Finding, path: string, startLine: number, endLine: number, fileAtHead: (path: string) => string | null): string | null {
  const text = fileAtHead(path);
  if (!finding.fix || text === null || finding.fix.edits.some((edit) => edit.path !== path)) return null;
  const plan = planFixAtReviewedCommit(finding, finding.fix, fileAtHead);
  if (plan.kind !== 'ready') return null;
  return suggestedLines(text, startLine, endLine, plan.edits);
}
