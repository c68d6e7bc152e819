import type { VerdictDecision } from '../../shared/consolidatorAnswer';
import type { Finding, Severity } from '../../shared/findingModel';
import { decisionLabel } from '../../shared/reportFormat';
import type { ReviewerAnswer } from '../../shared/reviewerAnswer';


/** "Merge with fixes — fix I1 first", or just the label when there is no reason. */
export function verdictText(decision: VerdictDecision, reason: string): string {
  const said = reason.replace(/\s+/g, ' ').trim();
  return said === '' ? decisionLabel[decision] : `${decisionLabel[decision]} — ${said}`;
}

/** What the findings alone call for, when no consolidator wrote a verdict. */
export function decideVerdictDecision(findings: readonly Pick<Finding, 'severity'>[]): VerdictDecision {
  if (findings.some((finding) => finding.severity === 'critical')) return 'needs-changes';
  if (findings.some((finding) => finding.severity === 'important')) return 'merge-with-fixes';
  return 'merge';
}

/** A verdict that follows from the findings alone, when no consolidator wrote one. */
export function decideVerdict(findings: readonly Finding[]): string {
  return verdictText(decideVerdictDecision(findings), findingsReason(findings));
}

/** "1 critical issue (C1) and 2 important issues to resolve before merging", or '' when nothing must be fixed. */
export function findingsReason(findings: readonly Finding[]): string {
  const critical = idsOf(findings, 'critical');
  const important = idsOf(findings, 'important');
  if (critical.length > 0) {
    const alsoImportant = important.length > 0 ? ` and ${countOf(important.length, 'important issue')}` : '';
    return `${countOf(critical.length, 'critical issue')} (${critical.join(', ')})${alsoImportant} to resolve before merging`;
  }
  if (important.length > 0) return `${countOf(important.length, 'important issue')} (${important.join(', ')}) to fix first`;
  return '';
}

/** The reviewers' own summaries, each attributed, in reviewer order. */
export function composeSummary(answers: ReadonlyArray<{ reviewerId: string; answer: Pick<ReviewerAnswer, 'summary'> }>): string {
  const parts = answers
    .filter(({ answer }) => answer.summary.trim() !== '')
    .map(({ reviewerId, answer }) => `**${reviewerId}:** ${answer.summary.trim()}`);
  return parts.length > 0 ? parts.join('\n\n') : 'No reviewer wrote a summary.';
}

function idsOf(findings: readonly Finding[], severity: Severity): string[] {
  return findings.filter((finding) => finding.severity === severity).map((finding) => finding.id);
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
