import type { ReviewReport } from '../../shared/reportModel';
import { commitAuthors } from '../../shared/commitAuthors';
import { budgetSummary, consolidationLabel, decisionLabel, fixCheckOutcome, formatDate, formatDuration, httpsUrl, reviewerLabel } from '../../shared/reportFormat';
import { reportTitle } from '../../shared/reportTitle';
import { describeReviewScope, type ReviewScope } from '../../shared/reviewScope';
import { codicon, h } from '../dom';
import { decisionIcon, shortHash } from '../labels';
import { code, type Content } from './parts';

/** The title, the verdict where it is seen first, and the metadata table (Date … Wall-clock time). */
export function renderHeader(report: ReviewReport): HTMLElement {
  return h('header', { class: 'report-header' }, h('h1', {}, reportTitle(report)), verdictBanner(report), metadataTable(report));
}

function verdictBanner(report: ReviewReport): HTMLElement {
  const decision = report.verdictDecision;
  return h(
    'div',
    { class: `verdict-banner decision-${decision}`, role: 'note', 'aria-label': `Verdict: ${decisionLabel[decision]}` },
    codicon(decisionIcon[decision]),
    h('span', { class: 'verdict' }, report.verdict),
  );
}

function metadataTable(report: ReviewReport): HTMLElement {
  const { branch, pullRequest } = report;
  const pr = pullRequest.available ? pullRequest : null;
  const rows: Array<[string, Content]> = [
    ['Date', formatDate(report.createdAt)],
    ['Repo', branch.repoName],
    ['Round', pr ? `${report.round} (of PR #${pr.number})` : String(report.round)],
  ];
  if (report.scope) rows.push(['Scope', scopeCell(report.scope, report)]);
  if (pr) {
    rows.push(['Author', `@${pr.author}`]);
    rows.push(['PR', h('span', { class: 'pull-request' }, pullRequestLink(pr.number, pr.url), ' — ', h('span', { class: 'pr-title' }, pr.title), pr.isDraft ? ' (draft)' : null)]);
  } else {
    // Without a pull request the commits still say who wrote the branch.
    const authors = commitAuthors(branch.commits);
    if (authors !== null) rows.push(['Author', h('span', { class: 'commit-authors' }, authors, h('span', { class: 'muted-note' }, ' (from the commits)'))]);
  }
  rows.push(
    ['Branch', h('span', {}, code(branch.branch), ' (HEAD ', code(shortHash(branch.head)), ')')],
    ['Base', h('span', {}, code(branch.base), ' (merge-base ', code(shortHash(branch.mergeBase)), ')')],
    ['Commits', branch.commits.length === 0 ? 'none' : h('ul', { class: 'commit-list' }, ...branch.commits.map((commit) => h('li', {}, code(shortHash(commit.hash)), ' ', commit.subject)))],
    ['Reviewers', h('ul', { class: 'reviewer-list' }, ...report.reviewers.map((run) => h('li', {}, reviewerLabel(run), runStatusSuffix(run))))],
    ['Consolidation', consolidationLabel(report.consolidation)],
  );
  if (report.fixVerification) rows.push(['Fix check', h('span', { class: 'fix-check' }, code(report.fixVerification.command), `: ${fixCheckOutcome(report)}`)]);
  if (report.budget) rows.push(['Budget', h('span', { class: 'budget' }, budgetSummary(report.budget, report.wallClockMs))]);
  rows.push(
    ['Verdict', h('span', { class: `verdict-text decision-${report.verdictDecision}` }, report.verdict)],
    ['Wall-clock time', formatDuration(report.wallClockMs)],
  );
  return h('table', { class: 'metadata' }, h('tbody', {}, ...rows.map(([name, value]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, value)))));
}

/** " — failed", " — partial" after a reviewer that did not simply succeed. */
function runStatusSuffix(run: ReviewReport['reviewers'][number]): HTMLElement | null {
  if (run.partial !== undefined) return h('span', { class: 'run-status partial', title: `Stopped at ${run.partial}` }, ' — partial');
  return run.status === 'succeeded' ? null : h('span', { class: `run-status ${run.status}` }, ` — ${run.status}`);
}

/** The review's scope, and which findings an incremental round carried over from earlier rounds. */
function scopeCell(scope: ReviewScope, report: ReviewReport): HTMLElement {
  const carried = report.findings.filter((finding) => finding.carriedFrom !== undefined).map((finding) => finding.id);
  return h(
    'span',
    { class: `review-scope ${scope.kind}` },
    describeReviewScope(scope, report.previousRound),
    carried.length > 0 ? h('span', { class: 'carried-findings' }, ` · ${carried.join(', ')} still open from earlier rounds, carried over`) : null,
  );
}

/** "#41" linking to the pull request, or plain text when its URL is not a plain https URL. */
export function pullRequestLink(number: number, url: string): HTMLElement {
  const href = httpsUrl(url);
  if (href === null) return h('span', { class: 'pr-number' }, `#${number}`);
  return h('a', { class: 'pr-number', href, rel: 'noreferrer noopener', title: href }, `#${number}`);
}
