import { severities } from '../../shared/findingModel';
import type { ReviewReport } from '../../shared/reportModel';
import { budgetSummary, consolidationLabel, fixCheckOutcome, formatDate, formatDuration, httpsUrl, reviewerLabel } from '../../shared/reportFormat';
import { commitAuthors } from '../../shared/commitAuthors';
import { reportTitle } from '../../shared/reportTitle';
import { describeReviewScope } from '../../shared/reviewScope';
import { renderSeveritySection, type FindingRenderOptions } from './findingsMarkdown';
import { agentMarkdown, markdownTable, singleLine, tableCell, tableCode } from './markdownText';
import {
  acknowledgedLimitations,
  commitStructure,
  designObservations,
  documentationAssessment,
  processNotes,
  resolution,
  testingAssessment,
  unresolvedFeedback,
} from './reportSectionsMarkdown';
import { reconciliationSection, renderRetroSection } from './retroMarkdown';

export type MarkdownReportOptions = FindingRenderOptions;

/** The report as Markdown, in the sections (and their order) of a Deep Review report. */
export function renderMarkdownReport(report: ReviewReport, options: MarkdownReportOptions = {}): string {
  const sections = [
    `# ${singleLine(reportTitle(report))}`,
    metadataTable(report),
    executiveSummary(report),
    ...severities.map((severity) => renderSeveritySection(severity, report.findings, options)),
    designObservations(report.designObservations),
    testingAssessment(report.testing),
    documentationAssessment(report.documentation),
    commitStructure(report),
    acknowledgedLimitations(report.acknowledgedLimitations),
    unresolvedFeedback(report.pullRequest),
    renderRetroSection(report),
    reconciliationSection(report),
    processNotes(report.notes),
    resolution(report.resolution),
  ];
  return `${sections.join('\n\n')}\n`;
}

function metadataTable(report: ReviewReport): string {
  const { branch, pullRequest } = report;
  const pr = pullRequest.available ? pullRequest : null;
  const rows: Array<[string, string]> = [
    ['Date', tableCell(formatDate(report.createdAt))],
    ['Repo', tableCell(branch.repoName)],
    ['Round', pr ? `${report.round} (of PR #${pr.number})` : String(report.round)],
    ...(report.scope ? ([['Scope', tableCell(describeReviewScope(report.scope, report.previousRound))]] as Array<[string, string]>) : []),
    ...(pr
      ? ([
          ['Author', `@${tableCell(pr.author)}`],
          ['PR', `${prLink(pr.number, pr.url)} — ${tableCell(pr.title)}${pr.isDraft ? ' (draft)' : ''}`],
        ] as Array<[string, string]>)
      : commitAuthors(branch.commits) !== null
        ? ([['Author', `${tableCell(commitAuthors(branch.commits) ?? '')} (from the commits)`]] as Array<[string, string]>)
        : []),
    ['Branch', `${tableCode(branch.branch)} (HEAD ${tableCode(shortHash(branch.head))})`],
    ['Base', `${tableCode(branch.base)} (merge-base ${tableCode(shortHash(branch.mergeBase))})`],
    ['Commits', branch.commits.length === 0 ? 'none' : branch.commits.map((commit) => `${shortHash(commit.hash)} ${tableCell(commit.subject)}`).join('<br>')],
    ['Reviewers', report.reviewers.map((run) => tableCell(run.status === 'succeeded' ? reviewerLabel(run) : `${reviewerLabel(run)} — ${run.status}`)).join(', ')],
    ['Consolidation', tableCell(consolidationLabel(report.consolidation))],
    ...(report.fixVerification ? ([['Fix check', `${tableCode(report.fixVerification.command)}: ${fixCheckOutcome(report)}`]] as Array<[string, string]>) : []),
    ...(report.budget ? ([['Budget', tableCell(budgetSummary(report.budget, report.wallClockMs))]] as Array<[string, string]>) : []),
    ['Verdict', tableCell(report.verdict)],
    ['Wall-clock time', formatDuration(report.wallClockMs)],
  ];
  return markdownTable(['', ''], rows);
}

function executiveSummary(report: ReviewReport): string {
  const { branch, findings } = report;
  const count = (severity: string): number => findings.filter((finding) => finding.severity === severity).length;
  const suggestions = count('suggestion');
  const rejected = report.consolidation.rejected.length;
  const structure =
    `**Structure:** ${plural(branch.files.length, 'changed file')}, +${branch.additions} −${branch.deletions} lines; ` +
    `${count('critical')} critical, ${count('important')} important, ${suggestions} ${suggestions === 1 ? 'suggestion' : 'suggestions'}` +
    (rejected > 0 ? `; ${plural(rejected, 'false positive')} dropped.` : '.');
  const fallback = report.consolidation.fallbackReason === null ? '' : `\n\n> **Not consolidated:** ${singleLine(report.consolidation.fallbackReason)}`;
  return `## Executive Summary\n\n${agentMarkdown(report.summary.trim())}\n\n${structure}${fallback}`;
}

/** A link only to a plain https URL (what GitHub gives); anything else stays text. */
function prLink(number: number, url: string): string {
  const link = httpsUrl(url);
  return link === null ? `#${number}` : `[#${number}](${link})`;
}

function shortHash(hash: string): string {
  return hash.slice(0, 7);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
