import type { Finding, Severity } from '../../shared/findingModel';
import type { ReviewerAnswer } from '../../shared/reviewerAnswer';

/** A verdict that follows from the findings alone, until a consolidator agent writes one. */
export function decideVerdict(findings: readonly Finding[]): string {
  const critical = idsOf(findings, 'critical');
  const important = idsOf(findings, 'important');
  if (critical.length > 0) {
    const alsoImportant = important.length > 0 ? ` and ${countOf(important.length, 'important issue')}` : '';
    return `Needs changes — ${countOf(critical.length, 'critical issue')} (${critical.join(', ')})${alsoImportant} to resolve before merging`;
  }
  if (important.length > 0) {
    return `Merge with fixes — ${countOf(important.length, 'important issue')} (${important.join(', ')}) to fix first`;
  }
  return 'Merge';
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
