import type { ConsolidatorRun, ReviewReport, ReviewerRun } from '../../shared/reportModel';
import { formatCost, formatDuration, formatRetry, formatReviewer, formatTokens, formatToolCalls } from '../../shared/reportFormat';
import { formatCounts, formatFilesCovered, retroCoverageFootnote, retroFacts, trackRecordRows, trackRecordScope, type RetroColumn } from '../../shared/retroFacts';
import { compareReviewers, comparisonSentences } from '../../shared/retroComparison';
import { indentContinuation, markdownTable, singleLine, tableCell, tableCode } from './markdownText';

/** The Agent Performance Retro: a narrative per reviewer, the summary table, totals and answer warnings. */
export function renderRetroSection(report: ReviewReport): string {
  if (report.reviewers.length === 0) return '## Agent Performance Retro\n\nNo reviewer ran.';
  const facts = retroFacts(report);
  const narratives = report.reviewers.map((run) => `- **${singleLine(run.reviewerId)}** — ${indentContinuation(narrativeOf(run))}`);
  const rows: Array<[string, (column: RetroColumn) => string]> = [
    ['Model', (column) => tableCell(formatReviewer(column.run))],
    ['Status', (column) => tableCell(statusText(column.run))],
    ['Duration', (column) => formatDuration(column.run.stats.durationMs)],
    ['Findings', (column) => formatCounts(column.findings)],
    ['Tool calls', (column) => tableCell(formatToolCalls(column.run.stats))],
    ['Design observations', (column) => String(column.designObservations)],
    ['False positives', (column) => String(column.falsePositives)],
    ['Unique insights', (column) => String(column.uniqueInsights)],
    ['Files reviewed', (column) => formatFilesCovered(column.filesReviewed, report.branch.files.length)],
    ['Coverage misses', (column) => (column.coverageMisses === null ? '—' : String(column.coverageMisses))],
    ['Downgraded', (column) => column.downgraded],
    ['Turns', (column) => String(column.run.stats.turns)],
    ['Tokens', (column) => formatTokens(column.run.stats)],
    ['Cost', (column) => formatCost(column.run.stats)],
    ['Retries', (column) => tableCell(formatRetry(column.run))],
  ];
  const table = markdownTable(
    ['', ...facts.columns.map((column) => tableCode(column.run.reviewerId))],
    rows.map(([name, cell]) => [name, ...facts.columns.map(cell)]),
  );
  const { totals } = facts;
  const totalsLine =
    `**Totals:** ${totals.reported} reported, ${totals.kept} kept (${totals.merged} reported by several reviewers), ` +
    `${totals.downgraded} downgraded, ${totals.upgraded} upgraded, ${totals.dropped} dropped as false positives, ${totals.retries} ${totals.retries === 1 ? 'rerun' : 'reruns'}.`;
  const consolidator = report.consolidation.consolidator;
  const consolidatorLine = consolidator === null ? '' : `\n\n${consolidatorText(consolidator)}`;
  const warnings = report.reviewers.flatMap((run) => run.warnings.map((warning) => `- ${tableCode(run.reviewerId)}: ${singleLine(warning)}`));
  const warningsBlock = warnings.length > 0 ? `\n\n**Answer warnings**\n\n${warnings.join('\n')}` : '';
  const footnote = `_${retroCoverageFootnote}_`;
  return `## Agent Performance Retro\n\n${narratives.join('\n')}\n\n### Summary\n\n${table}\n\n${footnote}\n\n${totalsLine}${consolidatorLine}${warningsBlock}${trackRecordBlock(report)}${comparisonBlock(report)}`;
}

/** The closing comparison of the reviewers; nothing with a single reviewer. */
function comparisonBlock(report: ReviewReport): string {
  const sentences = comparisonSentences(compareReviewers(report));
  if (sentences === null) return '';
  return `\n\n### How the reviewers compare\n\n- ${singleLine(sentences.unique)}\n- ${singleLine(sentences.noisiest)}\n- ${singleLine(sentences.cost)}`;
}

/** What became of each reviewer's findings across the repository's recorded rounds; nothing for a report without track records. */
function trackRecordBlock(report: ReviewReport): string {
  const rows = trackRecordRows(report);
  if (rows === null) return '';
  const table = markdownTable(
    ['Reviewer', 'Kept', 'Fixed', 'Declined', 'Open', 'Regressed', 'Rejected as false positives', 'Rounds'],
    rows.map(({ reviewerId, record }) =>
      record === null
        ? [tableCode(reviewerId), '0', '0', '0', '0', '0', '0', '—']
        : [tableCode(reviewerId), ...[record.kept, record.fixed, record.declined, record.open, record.regressed, record.rejected, record.rounds].map(String)],
    ),
  );
  return `\n\n### Track record in this repository\n\n${table}\n\n${trackRecordScope}`;
}

/** How the consolidator changed what the reviewers filed: severities, rejections. */
export function reconciliationSection(report: ReviewReport): string {
  const { consolidation } = report;
  const parts: string[] = [];
  if (consolidation.fallbackReason !== null) parts.push(`> ${singleLine(consolidation.fallbackReason)}`);
  if (consolidation.severityChanges.length > 0) {
    parts.push(
      markdownTable(
        ['Finding', 'Filed as', 'Now', 'Why'],
        consolidation.severityChanges.map((change) => [change.findingId, change.from, change.to, tableCell(change.rationale)]),
      ),
    );
  }
  if (consolidation.rejected.length > 0) {
    parts.push(
      '**Dropped as false positives**',
      markdownTable(
        ['Finding', 'Where', 'Filed by', 'Why it is not a problem'],
        consolidation.rejected.map((rejected) => [
          tableCell(rejected.title),
          tableCode(`${rejected.path}:${rejected.startLine}`),
          tableCell(rejected.reviewerIds.map((id) => `${id} (${rejected.severity})`).join(', ')),
          tableCell(rejected.reason),
        ]),
      ),
    );
  }
  if (parts.length === 0) {
    parts.push(consolidation.mode === 'agent' ? 'The consolidator kept every finding at the severity its reviewers gave.' : 'No consolidator reconciled the findings.');
  }
  return `## Reconciliation\n\n${parts.join('\n\n')}`;
}

function narrativeOf(run: ReviewerRun): string {
  if (run.narrative !== null) return run.narrative.trim();
  if (run.status !== 'succeeded') return `Did not finish: ${run.error ?? run.status}`;
  return 'No narrative (no consolidator assessed the reviewers).';
}

function consolidatorText(run: ConsolidatorRun): string {
  const outcome = run.status === 'succeeded' ? 'consolidated' : `${run.status}${run.error ? `: ${singleLine(run.error)}` : ''}`;
  return `**Consolidator:** ${formatReviewer(run)} — ${outcome}; ${formatDuration(run.stats.durationMs)}, ${formatToolCalls(run.stats)} tool calls, ${formatTokens(run.stats)}, ${formatCost(run.stats)}; retries: ${formatRetry(run)}.`;
}

function statusText(run: ReviewerRun): string {
  if (run.partial !== undefined) return `partial: stopped at ${run.partial}`;
  if (run.status === 'succeeded') return 'succeeded';
  return run.error ? `${run.status}: ${run.error}` : run.status;
}
