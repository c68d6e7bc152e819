import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../shared/findingModel';
import { diagnosticSource } from '../shared/protocol';
import { anchorSnippet } from '../engine/findings/anchorSnippet';

const severityMap: Record<Severity, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  important: DiagnosticSeverity.Warning,
  suggestion: DiagnosticSeverity.Information,
};

export interface DiagnosticData {
  findingId: string;
}

/** Where a finding is in the current text of its file, or null when its snippet is gone. */
export function locateFinding(finding: Finding, currentText: string): { startLine: number; endLine: number } | null {
  if (finding.anchor.status === 'unanchored') return null;
  const anchor = anchorSnippet(currentText, finding.location.snippet, finding.anchor.startLine);
  return anchor.status === 'unanchored' ? null : { startLine: anchor.startLine, endLine: anchor.endLine };
}

export function findingDiagnostic(finding: Finding, lines: string[], at: { startLine: number; endLine: number }, uri: string): Diagnostic {
  const startLine = at.startLine - 1;
  const endLine = Math.min(at.endLine - 1, lines.length - 1);
  const firstLine = lines[startLine] ?? '';
  const reporters = finding.reporters.map((reporter) => `${reporter.reviewerId} (${reporter.severity})`).join(', ');
  return {
    range: {
      start: { line: startLine, character: firstLine.length - firstLine.trimStart().length },
      end: { line: Math.max(endLine, startLine), character: (lines[Math.max(endLine, startLine)] ?? '').replace(/\r$/, '').length },
    },
    severity: severityMap[finding.severity],
    source: diagnosticSource,
    code: finding.id,
    message: finding.title,
    ...(finding.tags.includes('deprecated') ? { tags: [DiagnosticTag.Deprecated] } : {}),
    relatedInformation: [
      { location: { uri, range: { start: { line: startLine, character: 0 }, end: { line: startLine, character: 0 } } }, message: `Reported by ${reporters}` },
    ],
    data: { findingId: finding.id } satisfies DiagnosticData,
  };
}
