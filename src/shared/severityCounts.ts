import { severities, type Finding, type Severity } from './findingModel';

// Counts of findings by severity, for people: icons as the Problems panel shows them, and the same in words
// for tooltips and screen readers ("2I 1S" said nothing to either).

/** The codicon of each severity, as the Problems panel marks errors, warnings and infos. */
export const severityCodicon: Record<Severity, 'error' | 'warning' | 'info'> = { critical: 'error', important: 'warning', suggestion: 'info' };

const severityNoun: Record<Severity, [string, string]> = { critical: ['critical', 'critical'], important: ['important', 'important'], suggestion: ['suggestion', 'suggestions'] };

function counts(findings: readonly Pick<Finding, 'severity'>[]): Array<{ severity: Severity; count: number }> {
  return severities.map((severity) => ({ severity, count: findings.filter((finding) => finding.severity === severity).length })).filter(({ count }) => count > 0);
}

/** "$(error) 1 $(warning) 2 $(info) 1" (status bar syntax), or '' when there are none. */
export function severityCountIcons(findings: readonly Pick<Finding, 'severity'>[]): string {
  return counts(findings).map(({ severity, count }) => `$(${severityCodicon[severity]}) ${count}`).join(' ');
}

/** "1 critical, 2 important, 1 suggestion", or "no findings". */
export function severityCountWords(findings: readonly Pick<Finding, 'severity'>[]): string {
  const parts = counts(findings).map(({ severity, count }) => `${count} ${severityNoun[severity][count === 1 ? 0 : 1]}`);
  return parts.length === 0 ? 'no findings' : parts.join(', ');
}
