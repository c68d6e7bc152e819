import type { ConsolidatorRun, ReviewReport, ReviewerRun } from '../../shared/reportModel';
import { formatCost, formatDuration, formatRetry, formatReviewer, formatTokens, formatToolCalls } from '../../shared/reportFormat';
import { formatCounts, formatFilesCovered, retroCoverageFootnote, retroFacts, trackRecordRows, trackRecordScope, type RetroColumn } from '../../shared/retroFacts';
import { compareReviewers, comparisonSentences } from '../../shared/retroComparison';
import { codicon, h } from '../dom';
import { markdownBlock, none, reviewerBadge, section } from './parts';

/** The Agent Performance Retro: a narrative per reviewer, the summary table (reviewers as columns), totals, the consolidator, answer warnings. */
export function renderRetro(report: ReviewReport): HTMLElement {
  if (report.reviewers.length === 0) return section('Agent Performance Retro', 'retro', none('No reviewer ran.'));
  const facts = retroFacts(report);
  const { totals } = facts;
  const consolidator = report.consolidation.consolidator;
  const warnings = report.reviewers.flatMap((run) => run.warnings.map((warning) => h('li', {}, reviewerBadge(run.reviewerId), ' ', h('span', { class: 'warning-text' }, warning))));
  return section(
    'Agent Performance Retro',
    'retro',
    h('dl', { class: 'narratives' }, ...report.reviewers.flatMap((run) => [h('dt', {}, reviewerBadge(run.reviewerId)), h('dd', {}, narrativeOf(run))])),
    h('h3', {}, 'Summary'),
    retroTable(report, facts.columns),
    h('p', { class: 'none retro-footnote' }, retroCoverageFootnote),
    h(
      'p',
      { class: 'totals' },
      h('strong', {}, 'Totals: '),
      `${totals.reported} reported, ${totals.kept} kept (${totals.merged} reported by several reviewers), ` +
        `${totals.downgraded} downgraded, ${totals.upgraded} upgraded, ${totals.dropped} dropped as false positives, ${totals.retries} ${totals.retries === 1 ? 'rerun' : 'reruns'}.`,
    ),
    consolidator !== null && consolidatorLine(consolidator),
    warnings.length > 0 && h('div', { class: 'answer-warnings' }, h('h4', {}, codicon('warning'), ' Answer warnings'), h('ul', {}, ...warnings)),
    trackRecordTable(report),
    comparisonBlock(report),
  );
}

/** The closing comparison of the reviewers: unique findings, the noisiest, cost per kept finding. */
function comparisonBlock(report: ReviewReport): HTMLElement | false {
  const sentences = comparisonSentences(compareReviewers(report));
  if (sentences === null) return false;
  return h(
    'div',
    { class: 'reviewer-comparison' },
    h('h3', {}, 'How the reviewers compare'),
    h('ul', {}, h('li', {}, sentences.unique), h('li', {}, sentences.noisiest), h('li', {}, sentences.cost)),
  );
}

/** What became of each reviewer's findings across the repository's recorded rounds; nothing for a report without track records. */
function trackRecordTable(report: ReviewReport): HTMLElement | false {
  const rows = trackRecordRows(report);
  if (rows === null) return false;
  const headings = ['Kept', 'Fixed', 'Declined', 'Open', 'Regressed', 'Rejected as false positives', 'Rounds'];
  return h(
    'div',
    { class: 'track-record' },
    h('h3', {}, 'Track record in this repository'),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'track-record' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Reviewer'), ...headings.map((heading) => h('th', { scope: 'col' }, heading)))),
        h(
          'tbody',
          {},
          ...rows.map(({ reviewerId, record }) => {
            const counts = record === null ? ['0', '0', '0', '0', '0', '0', '—'] : [record.kept, record.fixed, record.declined, record.open, record.regressed, record.rejected, record.rounds].map(String);
            return h('tr', {}, h('th', { scope: 'row' }, reviewerId), ...counts.map((count) => h('td', {}, count)));
          }),
        ),
      ),
    ),
    h('p', { class: 'none' }, trackRecordScope),
  );
}

type RetroRow = [string, (column: RetroColumn) => Node | string];

function retroTable(report: ReviewReport, columns: readonly RetroColumn[]): HTMLElement {
  const fileCount = report.branch.files.length;
  const rows: RetroRow[] = [
    ['Model', (column) => formatReviewer(column.run)],
    ['Status', (column) => statusCell(column.run)],
    ['Duration', (column) => formatDuration(column.run.stats.durationMs)],
    ['Findings', (column) => formatCounts(column.findings)],
    ['Tool calls', (column) => formatToolCalls(column.run.stats)],
    ['Design observations', (column) => String(column.designObservations)],
    ['False positives', (column) => String(column.falsePositives)],
    ['Unique insights', (column) => String(column.uniqueInsights)],
    ['Files reviewed', (column) => formatFilesCovered(column.filesReviewed, fileCount)],
    ['Coverage misses', (column) => (column.coverageMisses === null ? '—' : String(column.coverageMisses))],
    ['Downgraded', (column) => column.downgraded],
    ['Turns', (column) => String(column.run.stats.turns)],
    ['Tokens', (column) => formatTokens(column.run.stats)],
    ['Cost', (column) => formatCost(column.run.stats)],
    ['Retries', (column) => formatRetry(column.run)],
  ];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'retro' },
      h('colgroup', {}, h('col', { class: 'row-names' }), ...columns.map(() => h('col', {}))),
      h('thead', {}, h('tr', {}, h('td', {}), ...columns.map((column) => h('th', { scope: 'col' }, column.run.reviewerId)))),
      h('tbody', {}, ...rows.map(([name, cell]) => h('tr', {}, h('th', { scope: 'row' }, name), ...columns.map((column) => h('td', {}, cell(column)))))),
    ),
  );
}

function statusCell(run: ReviewerRun): HTMLElement {
  if (run.partial !== undefined) return h('span', { class: 'run-status partial' }, codicon('watch'), `partial: stopped at ${run.partial}`);
  if (run.status === 'succeeded') return h('span', { class: 'run-status succeeded' }, codicon('pass'), 'succeeded');
  return h('span', { class: `run-status ${run.status}` }, codicon(run.status === 'failed' ? 'error' : 'circle-slash'), run.error ? `${run.status}: ${run.error}` : run.status);
}

function narrativeOf(run: ReviewerRun): HTMLElement {
  if (run.narrative !== null && run.narrative.trim() !== '') return markdownBlock(run.narrative);
  if (run.status !== 'succeeded') return h('p', { class: 'none' }, `Did not finish: ${run.error ?? run.status}`);
  return h('p', { class: 'none' }, 'No narrative (no consolidator assessed the reviewers).');
}

function consolidatorLine(run: ConsolidatorRun): HTMLElement {
  const outcome = run.status === 'succeeded' ? 'consolidated' : run.error ? `${run.status}: ${run.error}` : run.status;
  return h(
    'p',
    { class: 'consolidator' },
    h('strong', {}, 'Consolidator: '),
    `${formatReviewer(run)} — `,
    h('span', { class: `run-status ${run.status}` }, outcome),
    `; ${formatDuration(run.stats.durationMs)}, ${formatToolCalls(run.stats)} tool calls, ${formatTokens(run.stats)}, ${formatCost(run.stats)}; retries: ${formatRetry(run)}.`,
  );
}
