import { describeError } from '../engine/errors';
import { locateCheckout } from '../engine/git/currentCheckout';
import { PrCommentClient, type ReportComment } from '../engine/github/prComment';
import { composeCommentBody, readEmbeddedLedger } from '../engine/github/prCommentBody';
import { collectPullRequestContext } from '../engine/github/pullRequestContext';
import { pullRequestAddressOf, type PullRequestAddress } from '../engine/github/reviewThreads';
import { redactLedger, redactReport } from '../engine/redaction/redactReport';
import { loadSecretRedactor } from '../engine/redaction/secretRedactor';
import { renderMarkdownReport } from '../engine/report/markdownReport';
import { importLedgerIfNone } from '../engine/storage/importLedger';
import { openReviewStore } from '../engine/storage/reviewStore';
import type { ReviewReport } from '../shared/reportModel';

/** The pull request and its existing Deep Review comment, found before the review starts. */
export interface PrCommentTarget {
  client: PrCommentClient;
  pr: PullRequestAddress;
  existing: ReportComment | null;
}

interface FlowOptions {
  signal: AbortSignal;
  log: (message: string) => void;
  env: NodeJS.ProcessEnv;
}

/**
 * Before the review: finds the branch's pull request and our comment on it, and when this clone has no
 * history of the branch (a CI runner's fresh clone), adopts the history embedded in that comment, so
 * this round's Resolution table carries the earlier rounds. Problems are logged; the review goes on.
 */
export async function preparePrComment(repo: string, options: FlowOptions): Promise<PrCommentTarget | null> {
  try {
    const checkout = await locateCheckout(repo);
    if (checkout.branch === null || checkout.head === null) return null; // the review itself says why
    const context = await collectPullRequestContext({ repoRoot: checkout.repoRoot, branch: checkout.branch, head: checkout.head, signal: options.signal, baseEnv: options.env });
    if (!context.available) {
      options.log(`PR comment: skipped — ${context.reason}`);
      return null;
    }
    const pr = pullRequestAddressOf(context.url, context.number);
    if (pr === null) {
      options.log(`PR comment: skipped — ${context.url} is not a GitHub pull request address.`);
      return null;
    }
    const client = PrCommentClient.open({ repoRoot: checkout.repoRoot, signal: options.signal, baseEnv: options.env });
    if (!(client instanceof PrCommentClient)) {
      options.log(`PR comment: skipped — ${client.problem}`);
      return null;
    }
    const found = await client.find(pr);
    if ('problem' in found) {
      options.log(`PR comment: skipped — ${found.problem}`);
      return null;
    }
    if (found.note !== undefined) options.log(`PR comment: ${found.note}.`);
    if (found.comment) await adoptEmbeddedLedger(found.comment, checkout.repoRoot, checkout.branch, options.log);
    return { client, pr, existing: found.comment };
  } catch (error) {
    options.log(`PR comment: skipped — ${describeError(error)}`);
    return null;
  }
}

async function adoptEmbeddedLedger(comment: ReportComment, repoRoot: string, branch: string, log: (message: string) => void): Promise<void> {
  const embedded = readEmbeddedLedger(comment.body);
  if (!embedded.found) return;
  if ('problem' in embedded) {
    log(`PR comment: earlier rounds not carried over — ${embedded.problem}.`);
    return;
  }
  const result = await importLedgerIfNone(await openReviewStore(repoRoot), branch, embedded.ledger);
  log(
    result.imported
      ? `PR comment: carried over ${result.rounds} earlier round(s) with ${result.findings} finding(s) from ${comment.url}`
      : `PR comment: the review history in ${comment.url} was not used — ${result.reason}.`,
  );
}

/** After the review: writes the report (and the branch's history) into the one comment. */
export async function publishPrComment(target: PrCommentTarget, report: ReviewReport, options: FlowOptions): Promise<boolean> {
  try {
    const store = await openReviewStore(report.branch.repoRoot);
    const { ledger } = await store.loadLedger(report.branch.branch);
    // The comment is public: the report comes redacted from the review, and is redacted again here with the body.
    const redactor = await loadSecretRedactor(options.env);
    const composed = composeCommentBody({
      markdown: renderMarkdownReport(redactReport(report, redactor)),
      ledger: ledger.rounds.length > 0 ? redactLedger(ledger, redactor) : null,
      fullReportHint: fullReportHint(options.env),
    });
    const saved = await target.client.save(target.pr, redactor.redactText(composed.body), target.existing);
    if (!saved.ok) {
      options.log(`PR comment: not written — ${saved.problem}`);
      return false;
    }
    const notes = [composed.trimmed ? 'report cut to fit' : null, ledger.rounds.length > 0 && !composed.ledgerEmbedded ? 'review history too large to embed' : null].filter((note) => note !== null);
    options.log(`PR comment: ${saved.action} ${saved.url}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`);
    return true;
  } catch (error) {
    options.log(`PR comment: not written — ${describeError(error)}`);
    return false;
  }
}

/** The workflow run's page on GitHub Actions (its artifacts hold the report files), else the --out folder. */
function fullReportHint(env: NodeJS.ProcessEnv): string {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (server && repository && runId) return `the artifacts of [workflow run ${runId}](${server}/${repository}/actions/runs/${runId})`;
  return 'the report files Deep Review wrote (`--out`)';
}
