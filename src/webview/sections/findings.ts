import { severities, type Severity } from '../../shared/findingModel';
import type { FindingStatuses } from '../../shared/findingStatus';
import type { ReviewReport } from '../../shared/reportModel';
import { h } from '../dom';
import { FindingCard, type FindingContext } from './finding';
import { none, section } from './parts';

const sectionTitle: Record<Severity, string> = { critical: 'Critical Issues', important: 'Important Issues', suggestion: 'Suggestions' };

export interface SeveritySections {
  sections: HTMLElement[];
  /** Every card, in page order. */
  cards: FindingCard[];
  /** Per severity with findings: the line shown when the filters hide all of them. */
  filteredOutNotes: Map<Severity, HTMLElement>;
}

/** Critical Issues, Important Issues and Suggestions, each with its cards (headings only: see FindingCard) or "None.". */
export function renderSeveritySections(report: ReviewReport, context: FindingContext, statuses: FindingStatuses): SeveritySections {
  const changes = new Map(report.consolidation.severityChanges.map((change) => [change.findingId, change]));
  const cards: FindingCard[] = [];
  const filteredOutNotes = new Map<Severity, HTMLElement>();
  const sections = severities.map((severity) => {
    const findings = report.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) return section(`${sectionTitle[severity]} (0)`, `severity-${severity}`, none());
    const sectionCards = findings.map((finding) => new FindingCard(finding, context, statuses, changes.get(finding.id)));
    cards.push(...sectionCards);
    const note = h('p', { class: 'none filtered-out', hidden: '' }, 'No findings match the filters.');
    filteredOutNotes.set(severity, note);
    return section(`${sectionTitle[severity]} (${findings.length})`, `severity-${severity}`, note, ...sectionCards.map((card) => card.article));
  });
  return { sections, cards, filteredOutNotes };
}
