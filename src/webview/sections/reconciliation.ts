import type { RejectedFinding, ReviewReport, SeverityChange } from '../../shared/reportModel';
import { codicon, h, withInlineCode } from '../dom';
import { severityIcon } from '../labels';
import { code, dataTable, findingLink, section, type Content } from './parts';

/** How the consolidator changed what the reviewers filed: severities it changed and findings it rejected. */
export function renderReconciliation(report: ReviewReport): HTMLElement {
  const { consolidation } = report;
  const findingIds = new Set(report.findings.map((finding) => finding.id));
  const parts: Content[] = [];
  if (consolidation.fallbackReason !== null) {
    parts.push(h('blockquote', { class: 'fallback' }, codicon('warning'), h('span', { class: 'fallback-reason' }, consolidation.fallbackReason)));
  }
  if (consolidation.severityChanges.length > 0) {
    parts.push(
      h('h3', {}, 'Severity changes'),
      dataTable(
        'severity-changes',
        [{ header: 'Finding' }, { header: 'Filed as' }, { header: 'Now' }, { header: 'Why', className: 'wide' }],
        consolidation.severityChanges.map((change) => severityChangeRow(change, findingIds)),
      ),
    );
  }
  if (consolidation.rejected.length > 0) {
    parts.push(
      h('h3', {}, 'Dropped as false positives'),
      dataTable('rejected', [{ header: 'Finding' }, { header: 'Where' }, { header: 'Filed by' }, { header: 'Why it is not a problem', className: 'wide' }], consolidation.rejected.map(rejectedRow)),
    );
  }
  if (parts.length === 0) {
    parts.push(h('p', { class: 'none' }, consolidation.mode === 'agent' ? 'The consolidator kept every finding at the severity its reviewers gave.' : 'No consolidator reconciled the findings.'));
  }
  return section('Reconciliation', 'reconciliation', ...parts);
}

function severityChangeRow(change: SeverityChange, findingIds: ReadonlySet<string>): Content[] {
  return [findingIds.has(change.findingId) ? findingLink(change.findingId) : change.findingId, severity(change.from), severity(change.to), h('span', {}, ...withInlineCode(change.rationale))];
}

function rejectedRow(rejected: RejectedFinding): Content[] {
  return [h('span', {}, ...withInlineCode(rejected.title)), code(`${rejected.path}:${rejected.startLine}`), rejected.reviewerIds.map((id) => `${id} (${rejected.severity})`).join(', '), h('span', {}, ...withInlineCode(rejected.reason))];
}

function severity(value: SeverityChange['from']): HTMLElement {
  return h('span', { class: `severity-name severity-${value}` }, codicon(severityIcon[value]), value);
}
