import { severities, type Severity } from '../shared/findingModel';
import type { ReviewReport } from '../shared/reportModel';

export const failOnLevels = [...severities, 'never'] as const;
export type FailOn = (typeof failOnLevels)[number];

/**
 * The report's findings at or above `failOn` (critical > important > suggestion), after consolidation
 * and after findings declined in earlier rounds were left out: exactly what the report shows.
 */
export function findingsAtOrAbove(report: Pick<ReviewReport, 'findings'>, failOn: FailOn): ReviewReport['findings'] {
  if (failOn === 'never') return [];
  const threshold = severities.indexOf(failOn);
  return report.findings.filter((finding) => severities.indexOf(finding.severity) <= threshold);
}

export function describeThreshold(failOn: Severity, count: number): string {
  return `${count} finding(s) at or above ${failOn} (--fail-on ${failOn})`;
}
