import { severities, type Severity } from '../../shared/findingModel';
import type { ReviewReport } from '../../shared/reportModel';
import { renderFinding, type FindingActions } from './finding';
import { none, section } from './parts';

const sectionTitle: Record<Severity, string> = { critical: 'Critical Issues', important: 'Important Issues', suggestion: 'Suggestions' };

/** Critical Issues, Important Issues and Suggestions, each with its cards or "None.". */
export function renderSeveritySections(report: ReviewReport, actions: FindingActions): HTMLElement[] {
  const changes = new Map(report.consolidation.severityChanges.map((change) => [change.findingId, change]));
  return severities.map((severity) => {
    const findings = report.findings.filter((finding) => finding.severity === severity);
    const body = findings.length === 0 ? [none()] : findings.map((finding) => renderFinding(finding, actions, changes.get(finding.id)));
    return section(`${sectionTitle[severity]} (${findings.length})`, `severity-${severity}`, ...body);
  });
}
