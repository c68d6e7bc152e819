import { describeError } from '../engine/errors';
import { collectPullRequestContext } from '../engine/github/pullRequestContext';
import { publishInlineReview } from '../engine/github/inlineReview';
import { PrReviewClient } from '../engine/github/prReviewClient';
import { pullRequestAddressOf } from '../engine/github/reviewThreads';
import { redactReport } from '../engine/redaction/redactReport';
import { loadSecretRedactor } from '../engine/redaction/secretRedactor';
import { openReviewStore } from '../engine/storage/reviewStore';
import type { ReviewReport } from '../shared/reportModel';

interface FlowOptions {
  signal: AbortSignal;
  log: (message: string) => void;
  env: NodeJS.ProcessEnv;
}

/** After the review: the round's inline review on the branch's pull request. Problems are logged; returns whether it went through. */
export async function publishPrReview(report: ReviewReport, budget: number, options: FlowOptions): Promise<boolean> {
  try {
    const { repoRoot, branch, head, mergeBase } = report.branch;
    const context = report.pullRequest.available
      ? report.pullRequest
      : await collectPullRequestContext({ repoRoot, branch, head, signal: options.signal, baseEnv: options.env });
    if (!context.available) {
      options.log(`PR review: skipped — ${context.reason}`);
      return false;
    }
    const pr = pullRequestAddressOf(context.url, context.number);
    if (pr === null) {
      options.log(`PR review: skipped — ${context.url} is not a GitHub pull request address.`);
      return false;
    }
    const client = PrReviewClient.open({ repoRoot, signal: options.signal, baseEnv: options.env });
    if (!(client instanceof PrReviewClient)) {
      options.log(`PR review: skipped — ${client.problem}`);
      return false;
    }
    const { ledger } = await (await openReviewStore(repoRoot)).loadLedger(branch);
    const redactor = await loadSecretRedactor(options.env);
    const result = await publishInlineReview({
      client,
      pr,
      repoRoot,
      mergeBase,
      head,
      round: report.round,
      findings: redactReport(report, redactor).findings,
      ledger,
      budget,
      redactText: (text) => redactor.redactText(text),
    });
    if (!result.ok) {
      options.log(`PR review: skipped — ${result.problem}`);
      return false;
    }
    const { plan } = result;
    const suggestions = plan.post.filter((comment) => comment.suggests).length;
    const parts = [
      result.reviewUrl === null ? 'no new inline comment' : `${plan.post.length} inline comment(s), ${suggestions} with a suggested change: ${result.reviewUrl}`,
      ...(plan.resolve.length > 0 ? [`${result.resolved} of ${plan.resolve.length} fixed thread(s) resolved`] : []),
      ...(plan.reopen.length > 0 ? [`${result.reopened} of ${plan.reopen.length} regressed thread(s) reopened`] : []),
      ...(plan.alreadyPosted > 0 ? [`${plan.alreadyPosted} already commented`] : []),
      ...(plan.outsideDiff > 0 ? [`${plan.outsideDiff} outside the diff (report comment only)`] : []),
      ...(plan.overBudget > 0 ? [`${plan.overBudget} over the budget of ${budget}`] : []),
    ];
    options.log(`PR review: ${parts.join('; ')}`);
    for (const problem of result.problems) options.log(`PR review: ${problem}`);
    return result.problems.length === 0;
  } catch (error) {
    options.log(`PR review: not written — ${describeError(error)}`);
    return false;
  }
}
