import type { Finding, Severity } from './findingModel';
import { severityIdPrefix, severities } from './findingModel';
import type { VerdictDecision } from './consolidatorAnswer';
import type { AgentStats, Consolidation, ReviewerRun } from './reportModel';
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

/** "Claude Code (opus, high)", prefixed with the reviewer id when it is not just the CLI's name. */
export function reviewerLabel(run: Pick<ReviewerRun, 'reviewerId' | 'cli' | 'model' | 'effort'>): string {
  const label = formatReviewer(run);
  return run.reviewerId === run.cli ? label : `${run.reviewerId}: ${label}`;
}

/** Who consolidated the findings, or how they were merged without a consolidator. */
export function consolidationLabel(consolidation: Consolidation): string {
  const run = consolidation.consolidator;
  switch (consolidation.mode) {
    case 'agent':
      return run ? formatReviewer(run) : 'agent';
    case 'single-reviewer':
      return 'one reviewer, findings as filed';
    case 'deterministic':
      return run ? `${formatReviewer(run)} — ${run.status}; merged by location and concern only` : 'merged by location and concern only';
  }
}

/** The URL when it is a plain https URL (what GitHub gives), else null: anything else is shown as text, never as a link. */
export function httpsUrl(url: string): string | null {
  if (!/^https:\/\/[^\s()<>|\\"'`]+$/.test(url)) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** "2026-03-09 14:07 UTC". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const decisionLabel: Record<VerdictDecision, string> = { merge: 'Merge', 'merge-with-fixes': 'Merge with fixes', 'needs-changes': 'Needs changes' };
