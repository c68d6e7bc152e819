import type { Finding, Severity } from './findingModel';
import { severityIdPrefix, severities } from './findingModel';
import type { VerdictDecision } from './consolidatorAnswer';
import type { AgentStats, Consolidation, ReviewReport, ReviewerRun } from './reportModel';
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
  const format = (value: number | null): string => (value === null ? '—' : groupThousands(value));
  return `${format(stats.inputTokens)} in / ${format(stats.outputTokens)} out`;
}

/** 1234567 → "1,234,567", as toLocaleString('en-US') writes a whole number, without loading locale data (some 30 ms in a fresh webview). */
function groupThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+$)/g, ',');
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

/** After the command: "passed at HEAD without fixes (2 s); 3 fixes run — 2 verified, 1 breaks it". */
export function fixCheckOutcome(report: Pick<ReviewReport, 'fixVerification' | 'findings'>): string {
  const run = report.fixVerification;
  if (!run) return '';
  const baseline = run.baseline.status === 'passed' ? 'passed' : run.baseline.status === 'failed' ? 'fails' : 'timed out';
  const outcomes = report.findings.flatMap((finding) => (finding.fixVerification ? [finding.fixVerification.status] : []));
  const count = (status: string): number => outcomes.filter((outcome) => outcome === status).length;
  const broke = count('failed');
  const timedOut = count('timed-out');
  const results = [`${count('passed')} verified`, `${broke} ${broke === 1 ? 'breaks' : 'break'} it`, ...(timedOut > 0 ? [`${timedOut} timed out`] : [])];
  const ran = run.baseline.status === 'passed' ? `; ${run.verifiedFixes} ${run.verifiedFixes === 1 ? 'fix' : 'fixes'} run — ${results.join(', ')}` : '; no fix verified';
  return `${baseline} at HEAD without fixes (${formatDuration(run.baseline.durationMs)})${ran}`;
}

/** "10 min, $2.00 — used 6 min 12 s, $0.42 reported; stopped at their share (findings partial): codex". */
export function budgetSummary(budget: NonNullable<ReviewReport['budget']>, wallClockMs: number): string {
  const limits = [...(budget.minutes === null ? [] : [`${budget.minutes} min`]), ...(budget.usd === null ? [] : [`$${budget.usd.toFixed(2)}`])].join(', ');
  const used = [formatDuration(wallClockMs), ...(budget.spentUsd === null ? [] : [`$${budget.spentUsd.toFixed(2)} reported`])].join(', ');
  const partial = budget.partialReviewers.length === 0 ? '' : `; stopped at their share (findings partial): ${budget.partialReviewers.join(', ')}`;
  return `${limits} — used ${used}${partial}`;
}
