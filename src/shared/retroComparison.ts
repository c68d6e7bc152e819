import type { ReviewReport } from './reportModel';

/** The retro's closing comparison of the reviewers, computed from the report alone (not written by the consolidator). */
export interface ReviewerComparison {
  /** Per reviewer, the kept findings only it reported. */
  unique: Array<{ reviewerId: string; findingIds: string[] }>;
  /** The reviewers with the most findings rejected as false positives (several on a tie); null when none was rejected. */
  noisiest: { reviewerIds: string[]; rejected: number } | null;
  /** Per reviewer, what it cost per kept finding; perKept is null when its cost is unknown or it has no kept finding. */
  costPerKept: Array<{ reviewerId: string; costUsd: number | null; kept: number; perKept: number | null }>;
}

export function compareReviewers(report: Pick<ReviewReport, 'reviewers' | 'findings' | 'consolidation'>): ReviewerComparison {
  // Findings an incremental round carried over are not this round's reviewers' work.
  const findings = report.findings.filter((finding) => finding.carriedFrom === undefined);
  const keptBy = (reviewerId: string) => findings.filter((finding) => finding.reporters.some((reporter) => reporter.reviewerId === reviewerId));
  const rejectedCounts = report.reviewers.map((run) => ({
    reviewerId: run.reviewerId,
    rejected: report.consolidation.rejected.filter((rejected) => rejected.reviewerIds.includes(run.reviewerId)).length,
  }));
  const mostRejected = Math.max(0, ...rejectedCounts.map(({ rejected }) => rejected));
  return {
    unique: report.reviewers.map((run) => ({
      reviewerId: run.reviewerId,
      findingIds: keptBy(run.reviewerId)
        .filter((finding) => finding.reporters.length === 1)
        .map((finding) => finding.id),
    })),
    noisiest:
      mostRejected === 0 ? null : { reviewerIds: rejectedCounts.filter(({ rejected }) => rejected === mostRejected).map(({ reviewerId }) => reviewerId), rejected: mostRejected },
    costPerKept: report.reviewers.map((run) => {
      const kept = keptBy(run.reviewerId).length;
      const costUsd = run.stats.costUsd;
      return { reviewerId: run.reviewerId, costUsd, kept, perKept: costUsd === null || kept === 0 ? null : costUsd / kept };
    }),
  };
}

/** The comparison in three sentences, the same in the webview and the Markdown; null with fewer than two reviewers. */
export function comparisonSentences(comparison: ReviewerComparison): { unique: string; noisiest: string; cost: string } | null {
  if (comparison.unique.length < 2) return null;
  const uniqueParts = comparison.unique.map(({ reviewerId, findingIds }) => (findingIds.length === 0 ? `${reviewerId} nothing` : `${reviewerId} ${findingIds.join(', ')}`));
  const { noisiest } = comparison;
  const noisiestText =
    noisiest === null
      ? 'No reviewer had a finding rejected as a false positive.'
      : `Noisiest: ${noisiest.reviewerIds.join(' and ')}, with ${noisiest.rejected} ${noisiest.rejected === 1 ? 'finding rejected as a false positive' : 'findings rejected as false positives'}${noisiest.reviewerIds.length > 1 ? ' each' : ''}.`;
  const costParts = comparison.costPerKept.map(({ reviewerId, costUsd, kept, perKept }) => {
    if (costUsd === null) return `${reviewerId} unknown (its CLI reported no cost)`;
    if (perKept === null) return `${reviewerId} $${costUsd.toFixed(2)} for no kept finding`;
    return `${reviewerId} $${perKept.toFixed(2)} (${kept} kept for $${costUsd.toFixed(2)})`;
  });
  return {
    unique: `Found what no other reviewer did: ${uniqueParts.join('; ')}.`,
    noisiest: noisiestText,
    cost: `Cost per kept finding: ${costParts.join('; ')}.`,
  };
}
