import type { VerdictDecision } from '../shared/consolidatorAnswer';
import type { Severity } from '../shared/findingModel';

// Words and icons the report sections share. The Markdown report says the same things (src/engine/report).

export const severityLabel: Record<Severity, string> = { critical: 'Critical', important: 'Important', suggestion: 'Suggestion' };
export const severityIcon: Record<Severity, string> = { critical: 'error', important: 'warning', suggestion: 'info' };

export const decisionIcon: Record<VerdictDecision, string> = { merge: 'pass', 'merge-with-fixes': 'warning', 'needs-changes': 'error' };

export function shortHash(hash: string): string {
  return hash.slice(0, 7);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
