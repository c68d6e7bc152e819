import { severities, severityIdPrefix, type Severity } from './findingModel';
import type { ReviewReport, ReviewerRun, ReviewerTrackRecord } from './reportModel';
import type { AgentCli } from './reviewerConfig';

/** One reviewer's column of the Agent Performance Retro, computed from the report alone. */
export interface RetroColumn {
  run: ReviewerRun;
  /** Kept findings it reported, by their final severity. */
  findings: Record<Severity, number>;
  designObservations: number;
  /** Its findings the consolidator rejected. */
  falsePositives: number;
  /** Kept findings no other reviewer reported. */
  uniqueInsights: number;
  /** Changed files it covered: given in its prompt (diff) or opened by its tool calls; null when neither was recorded. */
  filesReviewed: FilesCovered | null;
  /** Critical and important findings others reported that it did not (only for a reviewer that finished). */
  coverageMisses: number | null;
  /** Its findings whose severity the consolidator lowered, e.g. "1 (I→S)". */
  downgraded: string;
}

export interface FilesCovered {
  /** Changed files given in its prompt or opened, each counted once. */
  covered: number;
  /** Changed files whose diff was in its prompt; null in reports written before this was recorded. */
  given: number | null;
  /** Changed files its tool calls name (read, searched or diffed by path). */
  opened: number;
}

export interface RetroFacts {
  columns: RetroColumn[];
  totals: {
    reported: number;
    kept: number;
    merged: number;
    downgraded: number;
    upgraded: number;
    dropped: number;
    retries: number;
  };
}

export function retroFacts(report: Pick<ReviewReport, 'reviewers' | 'findings' | 'designObservations' | 'consolidation' | 'branch'>): RetroFacts {
  const { consolidation } = report;
  // Findings an incremental round carried over from earlier rounds are not this round's reviewers' work.
  const findings = report.findings.filter((finding) => finding.carriedFrom === undefined);
  const changesById = new Map(consolidation.severityChanges.map((change) => [change.findingId, change]));
  const columns = report.reviewers.map((run): RetroColumn => {
    const reported = findings.filter((finding) => finding.reporters.some((reporter) => reporter.reviewerId === run.reviewerId));
    const counts = { critical: 0, important: 0, suggestion: 0 };
    for (const finding of reported) counts[finding.severity] += 1;
    const lowered = reported.flatMap((finding) => {
      const change = changesById.get(finding.id);
      return change && rank(change.to) > rank(change.from) ? [`${severityIdPrefix[change.from]}→${severityIdPrefix[change.to]}`] : [];
    });
    const finished = run.status === 'succeeded';
    return {
      run,
      findings: counts,
      designObservations: report.designObservations.filter((observation) => observation.reviewerIds.includes(run.reviewerId)).length,
      falsePositives: consolidation.rejected.filter((rejected) => rejected.reviewerIds.includes(run.reviewerId)).length,
      uniqueInsights: reported.filter((finding) => finding.reporters.length === 1).length,
      filesReviewed: filesCovered(run, new Set(report.branch.files.map((file) => file.path))),
      coverageMisses: finished
        ? findings.filter((finding) => finding.severity !== 'suggestion' && !finding.reporters.some((reporter) => reporter.reviewerId === run.reviewerId)).length
        : null,
      downgraded: lowered.length === 0 ? '0' : `${lowered.length} (${[...new Set(lowered)].join(', ')})`,
    };
  });
  return {
    columns,
    totals: {
      reported: findings.reduce((sum, finding) => sum + finding.reporters.length, 0) + consolidation.rejected.reduce((sum, rejected) => sum + rejected.reviewerIds.length, 0),
      kept: findings.length,
      merged: findings.filter((finding) => finding.reporters.length > 1).length,
      downgraded: consolidation.severityChanges.filter((change) => rank(change.to) > rank(change.from)).length,
      upgraded: consolidation.severityChanges.filter((change) => rank(change.to) < rank(change.from)).length,
      dropped: consolidation.rejected.length,
      retries: [...report.reviewers, ...(consolidation.consolidator ? [consolidation.consolidator] : [])].filter((run) => run.retry !== null).length,
    },
  };
}

function filesCovered(run: Pick<ReviewerRun, 'filesRead' | 'filesGiven'>, changed: ReadonlySet<string>): FilesCovered | null {
  if (run.filesRead === null && run.filesGiven === undefined) return null;
  const opened = (run.filesRead ?? []).filter((file) => changed.has(file));
  const given = run.filesGiven?.filter((file) => changed.has(file));
  return { covered: new Set([...opened, ...(given ?? [])]).size, given: given === undefined ? null : new Set(given).size, opened: new Set(opened).size };
}

/** "4 of 8 (4 given in the prompt, 1 opened)", "1 of 8 (opened)" or "—". */
export function formatFilesCovered(files: FilesCovered | null, changedFiles: number): string {
  if (files === null) return '—';
  if (files.given === null) return `${files.covered} of ${changedFiles} (opened)`;
  return `${files.covered} of ${changedFiles} (${files.given} given in the prompt, ${files.opened} opened)`;
}

/** The footnote under the retro table: what its coverage rows count. */
export const retroCoverageFootnote =
  'Files reviewed counts the changed files a reviewer covered: "given in the prompt" when the file\'s diff was in the prompt it answered, ' +
  '"opened" when its tool calls read, searched or diffed the file by path (a file can be both). A large branch\'s diff may not fit a prompt; ' +
  'reviewers are told to open the rest themselves. Reports from before this was recorded count opened files only. ' +
  'Coverage misses counts the critical and important findings other reviewers reported that this reviewer did not (— when it did not finish).';

/** "1C 2I" or "none". */
export function formatCounts(counts: Record<Severity, number>): string {
  const parts = severities.filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]}${severityIdPrefix[severity]}`);
  return parts.length > 0 ? parts.join(' ') : 'none';
}

function rank(severity: Severity): number {
  return severities.indexOf(severity);
}

/** The retro's "Track record in this repository" rows: one per reviewer of the report (null: nothing recorded yet); null when the report has no track records. */
export function trackRecordRows(report: Pick<ReviewReport, 'reviewers' | 'trackRecords'>): Array<{ reviewerId: string; record: ReviewerTrackRecord | null }> | null {
  const { trackRecords } = report;
  if (trackRecords === undefined) return null;
  return report.reviewers.map((run) => ({ reviewerId: run.reviewerId, record: trackRecordFor(trackRecords, { reviewerId: run.reviewerId, cli: run.cli, model: run.model }) }));
}

/**
 * A reviewer's record for the CLI and model it runs with now, plus what its id reported in rounds recorded
 * before the CLI and model were kept; null when it has neither.
 */
export function trackRecordFor(records: readonly ReviewerTrackRecord[], reviewer: { reviewerId: string; cli: AgentCli; model: string }): ReviewerTrackRecord | null {
  const matching = records.filter((record) => record.reviewerId === reviewer.reviewerId && (record.cli === undefined || (record.cli === reviewer.cli && record.model === reviewer.model)));
  if (matching.length === 0) return null;
  const sum = (field: 'kept' | 'open' | 'fixed' | 'declined' | 'regressed' | 'rejected' | 'rounds'): number => matching.reduce((total, record) => total + record[field], 0);
  return {
    reviewerId: reviewer.reviewerId,
    cli: reviewer.cli,
    model: reviewer.model,
    kept: sum('kept'),
    open: sum('open'),
    fixed: sum('fixed'),
    declined: sum('declined'),
    regressed: sum('regressed'),
    rejected: sum('rejected'),
    rounds: sum('rounds'),
  };
}

export const trackRecordScope =
  'Counted per reviewer and the CLI and model it runs with now (a changed model starts a new record) over every recorded round of every branch in this repository, this round included.';

/** "40 kept (12 fixed, 3 declined, 25 open), 5 rejected as false positives, over 6 rounds". */
export function formatTrackRecord(record: ReviewerTrackRecord): string {
  const kept = [
    `${record.fixed} fixed`,
    `${record.declined} declined`,
    `${record.open} open`,
    ...(record.regressed > 0 ? [`${record.regressed} regressed`] : []),
  ];
  return `${record.kept} kept (${kept.join(', ')}), ${record.rejected} rejected as false positives, over ${record.rounds} ${record.rounds === 1 ? 'round' : 'rounds'}`;
}
