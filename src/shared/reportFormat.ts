import type { Finding, Severity } from './findingModel';
import { severityIdPrefix, severities } from './findingModel';
import type { AgentStats, ReviewerRun } from './reportModel';
import { cliDisplayName } from './reviewerConfig';

// Formatting shared by the Markdown report, the webview and the CLI, so they say the same thing.

/** "1 h 20 min 55 s", "3 min 4 s", "12 s", "850 ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} h`);
  if (minutes > 0) parts.push(`${minutes} min`);
  if (seconds > 0 || parts.length === 0) parts.push(`${seconds} s`);
  return parts.join(' ');
}

/** "1C 2I 1S", or "none". */
export function formatSeverityCounts(findings: readonly Pick<Finding, 'severity'>[]): string {
  return countBySeverity(findings.map((finding) => finding.severity));
}

/** What one reviewer filed, by the severity it gave (before reconciliation): "1C 2I 1S" or "none". */
export function formatReviewerFindingCounts(reviewerId: string, findings: readonly Pick<Finding, 'reporters'>[]): string {
  return countBySeverity(findings.flatMap((finding) => finding.reporters.filter((reporter) => reporter.reviewerId === reviewerId).map((reporter) => reporter.severity)));
}

function countBySeverity(values: readonly Severity[]): string {
  const parts = severities
    .map((severity) => ({ severity, count: values.filter((value) => value === severity).length }))
    .filter(({ count }) => count > 0)
    .map(({ severity, count }) => `${count}${severityIdPrefix[severity]}`);
  return parts.length > 0 ? parts.join(' ') : 'none';
}

/** "12 (Read 7, Grep 3, Bash(git diff) 2)", most used first. */
export function formatToolCalls(stats: AgentStats): string {
  const entries = Object.entries(stats.toolCalls)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return entries.length === 0 ? '0' : `${total} (${entries.map(([name, count]) => `${name} ${count}`).join(', ')})`;
}

/** "Claude Code (opus, high)". */
export function formatReviewer(run: Pick<ReviewerRun, 'cli' | 'model' | 'effort'>): string {
  return `${cliDisplayName[run.cli]} (${run.model}, ${run.effort})`;
}

export function formatTokens(stats: AgentStats): string {
  if (stats.inputTokens === null && stats.outputTokens === null) return '—';
  const format = (value: number | null): string => (value === null ? '—' : value.toLocaleString('en-US'));
  return `${format(stats.inputTokens)} in / ${format(stats.outputTokens)} out`;
}

export function formatCost(stats: AgentStats): string {
  return stats.costUsd === null ? '—' : `$${stats.costUsd.toFixed(2)}`;
}

/** "initial run produced no output; rerun succeeded", or "none". */
export function formatRetry(run: Pick<ReviewerRun, 'retry'>): string {
  if (!run.retry) return 'none';
  const first = run.retry.reason === 'no-output' ? 'initial run produced no output' : `initial run gave an invalid answer (${run.retry.detail.replace(/\.$/, '')})`;
  return `${first}; rerun ${run.retry.rerunSucceeded ? 'succeeded' : 'failed too'}`;
}
