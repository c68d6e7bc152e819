import type { Finding } from '../../shared/findingModel';
import type { ReviewerRun } from '../../shared/reportModel';
import { formatCost, formatDuration, formatRetry, formatReviewer, formatReviewerFindingCounts, formatTokens, formatToolCalls } from '../../shared/reportFormat';
import { markdownTable, tableCell, tableCode } from './markdownText';

/** "Claude Code (opus, high)", prefixed with the reviewer id when it is not just the CLI's name. */
export function reviewerLabel(run: Pick<ReviewerRun, 'reviewerId' | 'cli' | 'model' | 'effort'>): string {
  const label = formatReviewer(run);
  return run.reviewerId === run.cli ? label : `${run.reviewerId}: ${label}`;
}

/** The Agent Performance Retro: one column per reviewer, then any warnings about their answers. */
export function renderRetroSection(reviewers: readonly ReviewerRun[], findings: readonly Finding[]): string {
  if (reviewers.length === 0) return '## Agent Performance Retro\n\nNo reviewer ran.';
  const rows: Array<[string, (run: ReviewerRun) => string]> = [
    ['Reviewer', (run) => tableCell(reviewerLabel(run))],
    ['Status', (run) => tableCell(statusText(run))],
    ['Duration', (run) => formatDuration(run.stats.durationMs)],
    ['Findings', (run) => formatReviewerFindingCounts(run.reviewerId, findings)],
    ['Tool calls', (run) => tableCell(formatToolCalls(run.stats))],
    ['Turns', (run) => String(run.stats.turns)],
    ['Tokens', (run) => formatTokens(run.stats)],
    ['Cost', (run) => formatCost(run.stats)],
    ['Retries', (run) => tableCell(formatRetry(run))],
  ];
  const table = markdownTable(
    ['', ...reviewers.map((run) => tableCode(run.reviewerId))],
    rows.map(([name, cell]) => [name, ...reviewers.map(cell)]),
  );
  const warnings = reviewers.flatMap((run) => run.warnings.map((warning) => `- ${tableCode(run.reviewerId)}: ${warning.replace(/\s+/g, ' ').trim()}`));
  const warningsBlock = warnings.length > 0 ? `\n\n**Answer warnings**\n\n${warnings.join('\n')}` : '';
  return `## Agent Performance Retro\n\n${table}${warningsBlock}`;
}

function statusText(run: ReviewerRun): string {
  if (run.status === 'succeeded') return 'succeeded';
  return run.error ? `${run.status}: ${run.error}` : run.status;
}
