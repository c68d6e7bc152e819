import type { ReviewReport } from '../shared/reportModel';
import { h } from './dom';
import { renderDocumentationAssessment, renderTestingAssessment } from './sections/assessments';
import { renderCommitStructure } from './sections/commits';
import { renderDesignObservations } from './sections/design';
import { renderHeader } from './sections/header';
import { renderAcknowledgedLimitations } from './sections/limitations';
import { renderProcessNotes } from './sections/processNotes';
import { renderReconciliation } from './sections/reconciliation';
import { renderResolution } from './sections/resolution';
import { renderRetro } from './sections/retro';
import { renderSummary } from './sections/summary';
import { renderUnresolvedFeedback } from './sections/unresolvedFeedback';

/** The findings part, rendered by ReportView: the filters bar (none without findings) and the severity sections. */
export interface RenderedFindings {
  filters: HTMLElement | null;
  sections: HTMLElement[];
}

/** The whole report, in the sections and order of the Markdown report (src/engine/report/markdownReport.ts). */
export function renderReport(report: ReviewReport, findings: RenderedFindings): HTMLElement {
  return h(
    'div',
    { class: 'report' },
    renderHeader(report),
    renderSummary(report),
    findings.filters,
    ...findings.sections,
    renderDesignObservations(report.designObservations),
    renderTestingAssessment(report.testing),
    renderDocumentationAssessment(report.documentation),
    renderCommitStructure(report),
    renderAcknowledgedLimitations(report.acknowledgedLimitations),
    renderUnresolvedFeedback(report.pullRequest),
    renderRetro(report),
    renderReconciliation(report),
    renderProcessNotes(report.notes),
    renderResolution(report.resolution),
  );
}
