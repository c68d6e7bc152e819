import { severities } from '../../shared/findingModel';
import type { AttributedObservation, ReviewReport } from '../../shared/reportModel';
import { renderSeveritySection, type FindingRenderOptions } from './findingsMarkdown';
import { formatDuration } from '../../shared/reportFormat';
import { indentContinuation, inlineCode, markdownTable, singleLine, tableCell, tableCode } from './markdownText';
import { renderRetroSection, reviewerLabel } from './retroMarkdown';

export type MarkdownReportOptions = FindingRenderOptions;

/** The report as Markdown, in the sections of a Deep Review report. */
export function renderMarkdownReport(report: ReviewReport, options: MarkdownReportOptions = {}): string {
  const sections = [
    `# Deep Review: ${singleLine(report.branch.repoName)} ${singleLine(report.branch.branch)} round ${report.round}`,
    metadataTable(report),
    executiveSummary(report),
    ...severities.map((severity) => renderSeveritySection(severity, report.findings, options)),
    designObservations(report.designObservations),
    attributedSection('Testing Assessment', report.testingAssessments),
    attributedSection('Documentation Assessment', report.documentationAssessments),
    commitStructure(report),
    renderRetroSection(report.reviewers, report.findings),
    notes(report.notes),
  ];
  return `${sections.join('\n\n')}\n`;
}

function metadataTable(report: ReviewReport): string {
  const { branch } = report;
  const rows: Array<[string, string]> = [
    ['Date', tableCell(formatDate(report.createdAt))],
    ['Repo', tableCell(branch.repoName)],
    ['Round', String(report.round)],
    ['Branch', `${tableCode(branch.branch)} (HEAD ${tableCode(shortHash(branch.head))})`],
    ['Base', `${tableCode(branch.base)} (merge-base ${tableCode(shortHash(branch.mergeBase))})`],
    ['Commits', branch.commits.length === 0 ? 'none' : branch.commits.map((commit) => `${shortHash(commit.hash)} ${tableCell(commit.subject)}`).join('<br>')],
    ['Reviewers', report.reviewers.map((run) => tableCell(run.status === 'succeeded' ? reviewerLabel(run) : `${reviewerLabel(run)} — ${run.status}`)).join(', ')],
    ['Verdict', tableCell(report.verdict)],
    ['Wall-clock time', formatDuration(report.wallClockMs)],
  ];
  return markdownTable(['', ''], rows);
}

function executiveSummary(report: ReviewReport): string {
  const { branch, findings } = report;
  const count = (severity: string): number => findings.filter((finding) => finding.severity === severity).length;
  const suggestions = count('suggestion');
  const structure = `Structure: ${plural(branch.files.length, 'changed file')}, +${branch.additions} −${branch.deletions} lines.`;
  const counts = `Findings: ${count('critical')} critical, ${count('important')} important, ${suggestions} ${suggestions === 1 ? 'suggestion' : 'suggestions'}.`;
  const merged = report.consolidation === 'deterministic' ? ' Findings from several reviewers are listed as they filed them; nothing was merged or re-rated by an agent.' : '';
  return `## Executive Summary\n\n${report.summary.trim()}\n\n${structure} ${counts}${merged}`;
}

function designObservations(observations: readonly AttributedObservation[]): string {
  const list = (kind: AttributedObservation['kind']): string => {
    const items = observations.filter((observation) => observation.kind === kind);
    if (items.length === 0) return 'None.';
    return items
      .map((observation) => {
        const scope = observation.scope === 'in-scope' ? 'in scope' : 'future work';
        const heading = `- **${singleLine(observation.title)}** (${scope}; ${observation.reviewerIds.join(', ')})`;
        return observation.body.trim() === '' ? heading : `${heading}\n  ${indentContinuation(observation.body)}`;
      })
      .join('\n');
  };
  return `## Design Observations\n\n### Concerns\n\n${list('concern')}\n\n### Strengths\n\n${list('strength')}`;
}

function attributedSection(title: string, texts: ReadonlyArray<{ reviewerId: string; text: string }>): string {
  const written = texts.filter((entry) => entry.text.trim() !== '');
  if (written.length === 0) return `## ${title}\n\nNone.`;
  return `## ${title}\n\n${written.map((entry) => `### From ${entry.reviewerId}\n\n${entry.text.trim()}`).join('\n\n')}`;
}

function commitStructure(report: ReviewReport): string {
  const { branch } = report;
  const intro = `${plural(branch.commits.length, 'commit')} on ${inlineCode(branch.branch)} since ${inlineCode(branch.base)}:`;
  const commits = branch.commits.map((commit) => `- ${inlineCode(shortHash(commit.hash))} ${singleLine(commit.subject)}`).join('\n');
  const files =
    branch.files.length === 0
      ? 'No changed files.'
      : markdownTable(
          ['File', '+', '−'],
          branch.files.map((file) => [
            file.previousPath === null ? tableCode(file.path) : `${tableCode(file.path)} (renamed from ${tableCode(file.previousPath)})`,
            file.additions === null ? 'binary' : String(file.additions),
            file.deletions === null ? '' : String(file.deletions),
          ]),
          ['left', 'right', 'right'],
        );
  return `## Commit Structure\n\n${intro}\n\n${commits === '' ? 'None.' : commits}\n\n${files}`;
}

function notes(entries: readonly string[]): string {
  const written = entries.filter((note) => note.trim() !== '');
  return `## Notes\n\n${written.length === 0 ? 'None.' : written.map((note) => `- ${indentContinuation(note)}`).join('\n')}`;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function shortHash(hash: string): string {
  return hash.slice(0, 7);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
