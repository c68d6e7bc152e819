import type { Finding } from '../../shared/findingModel';
import type { Ledger } from '../../shared/ledgerModel';
import { createCommitFileReader } from '../git/commitFileReader';
import { readDiffRightLines } from './diffRightLines';
import { fixedReplyBody, regressedReplyBody, reviewBodyMarker } from './inlineCommentBody';
import { planInlineReview, type InlineReviewPlan } from './inlineReviewPlan';
import type { PrReviewClient } from './prReviewClient';
import type { PullRequestAddress } from './reviewThreads';

export const defaultInlineCommentBudget = 20;

export interface InlineReviewRequest {
  client: PrReviewClient;
  pr: PullRequestAddress;
  repoRoot: string;
  /** The diff the comments sit on: merge base to reviewed commit. */
  mergeBase: string;
  head: string;
  round: number;
  /** This round's findings, already redacted: the comments are public. */
  findings: readonly Finding[];
  ledger: Ledger;
  budget: number;
  /** Secrets out of every text posted (the bodies are built from redacted findings; this is the second net). */
  redactText: (text: string) => string;
}

export type InlineReviewResult =
  | { ok: true; plan: InlineReviewPlan; reviewUrl: string | null; resolved: number; reopened: number; problems: string[] }
  | { ok: false; problem: string };

/**
 * One round of inline review: resolves (and answers "fixed in …") our open threads of findings fixed
 * since, reopens (and answers) the resolved thread of a finding that regressed, then posts one review with a comment on each new finding on the diff's lines. Threads are
 * ours only when the token's own account opened them with our marker.
 */
export async function publishInlineReview(request: InlineReviewRequest): Promise<InlineReviewResult> {
  const { client, pr } = request;
  const login = await client.viewer(pr);
  if (login === null) return { ok: false, problem: 'the account of the GitHub token could not be read, so earlier inline comments cannot be told apart from others’; none were posted (they would be posted again each round)' };
  const threads = await client.ownThreads(pr, login);
  if (!threads.ok) return { ok: false, problem: threads.problem };

  const diff = await readDiffRightLines(request.repoRoot, request.mergeBase, request.head);
  const readAtHead = createCommitFileReader(request.repoRoot, request.head);
  const paths = [...new Set(request.findings.flatMap((finding) => [finding.location.path, ...(finding.fix?.edits.map((edit) => edit.path) ?? [])]))];
  const files = new Map(await Promise.all(paths.map(async (path) => [path, await readAtHead(path).catch(() => null)] as const)));
  const plan = planInlineReview({
    findings: request.findings,
    ledger: request.ledger,
    diff,
    fileAtHead: (path) => files.get(path) ?? null,
    threads: threads.value,
    budget: request.budget,
    head: request.head,
    round: request.round,
  });

  const problems: string[] = [];
  let resolved = 0;
  for (const { thread, commit } of plan.resolve) {
    const replied = await client.reply(pr, thread.firstCommentId, fixedReplyBody(commit));
    if (!replied.ok) problems.push(replied.problem);
    const done = await client.resolve(pr, thread.id);
    if (done.ok) resolved++;
    else problems.push(done.problem);
  }

  let reopened = 0;
  for (const { thread, commit } of plan.reopen) {
    const done = await client.reopen(pr, thread.id);
    if (done.ok) reopened++;
    else problems.push(done.problem);
    const replied = await client.reply(pr, thread.firstCommentId, regressedReplyBody(commit));
    if (!replied.ok) problems.push(replied.problem);
  }

  let reviewUrl: string | null = null;
  if (plan.post.length > 0) {
    const comments = plan.post.map((comment) => ({ ...comment, body: request.redactText(comment.body) }));
    const posted = await client.postReview(pr, request.head, reviewSummary(request.round, plan), comments);
    if (posted.ok) reviewUrl = posted.value.url;
    else problems.push(posted.problem);
  }
  return { ok: true, plan, reviewUrl, resolved, reopened, problems };
}

function reviewSummary(round: number, plan: InlineReviewPlan): string {
  const notes = [
    `${plan.post.length} new finding(s) on the changed lines`,
    ...(plan.outsideDiff > 0 ? [`${plan.outsideDiff} outside the diff`] : []),
    ...(plan.overBudget > 0 ? [`${plan.overBudget} over the inline-comment budget`] : []),
  ];
  return `${reviewBodyMarker}\nDeep Review, round ${round}: ${notes.join(', ')}. Every finding is in the report comment.`;
}
