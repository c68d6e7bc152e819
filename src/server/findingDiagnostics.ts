import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import { approximateLocationNote, type Finding, type Severity } from '../shared/findingModel';
import { diagnosticSource } from '../shared/protocol';
import type { PreparedFile } from '../engine/findings/anchorSnippet';
import { relocateAnchor } from '../engine/findings/namedLines';

const severityMap: Record<Severity, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  important: DiagnosticSeverity.Warning,
  suggestion: DiagnosticSeverity.Information,
};

/** Makes the finding id in the Problems panel a link that opens the finding in the report (the extension's URI handler). */
export interface FindingLinks {
  /** e.g. `vscode://deep-review.deep-review` (the editor's URI scheme and the extension id). */
  handlerBase: string;
}

export function findingLink(links: FindingLinks, findingId: string, reportKey: string): string {
  return `${links.handlerBase}/finding?${new URLSearchParams({ id: findingId, report: reportKey }).toString()}`;
}

export interface DiagnosticData {
  findingId: string;
}

export interface FindingPlace {
  startLine: number;
  endLine: number;
  /** The quoted code differs from the file: the diagnostic says so. */
  approximate?: boolean;
}

/** Where a finding is in the current text of its file, or null when its snippet is gone. */
export function locateFinding(finding: Finding, current: string | PreparedFile): FindingPlace | null {
  if (finding.anchor.status === 'unanchored') return null;
  const anchor = relocateAnchor(finding.anchor, finding.location.snippet, current);
  if (anchor.status === 'unanchored') return null;
  return anchor.status === 'approximate' ? { startLine: anchor.startLine, endLine: anchor.endLine, approximate: true } : { startLine: anchor.startLine, endLine: anchor.endLine };
}

export function findingDiagnostic(
  finding: Finding,
  lines: string[],
  at: FindingPlace,
  uri: string,
  uriOf: (repoPath: string) => string,
  link?: string,
): Diagnostic {
  const startLine = at.startLine - 1;
  const endLine = Math.max(Math.min(at.endLine - 1, lines.length - 1), startLine);
  const firstLine = lines[startLine] ?? '';
  const related = relatedInformation(finding, uri, startLine, uriOf);
  return {
    range: {
      start: { line: startLine, character: firstLine.length - firstLine.trimStart().length },
      end: { line: endLine, character: (lines[endLine] ?? '').replace(/\r$/, '').length },
    },
    severity: severityMap[finding.severity],
    source: diagnosticSource,
    code: finding.id,
    ...(link ? { codeDescription: { href: link } } : {}),
    message: at.approximate ? `${finding.title} (${approximateLocationNote})` : finding.title,
    ...(finding.tags.includes('deprecated') ? { tags: [DiagnosticTag.Deprecated] } : {}),
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data: { findingId: finding.id } satisfies DiagnosticData,
  };
}

/** Extra locations, and who reported it when that says more than the source does (several agents, other severities). */
function relatedInformation(finding: Finding, uri: string, line: number, uriOf: (repoPath: string) => string): DiagnosticRelatedInformation[] {
  const related: DiagnosticRelatedInformation[] = finding.extraLocations.map((location) => ({
    location: { uri: uriOf(location.path), range: { start: { line: location.startLine - 1, character: 0 }, end: { line: location.endLine - 1, character: 0 } } },
    message: `${finding.id}: also here`,
  }));
  const informative = finding.reporters.length > 1 || finding.reporters.some((reporter) => reporter.severity !== finding.severity);
  if (informative) {
    const reporters = finding.reporters.map((reporter) => `${reporter.reviewerId} (${reporter.severity})`).join(', ');
    related.push({ location: { uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } }, message: `Reported by ${reporters}` });
  }
  return related;
}
