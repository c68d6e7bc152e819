import type { Finding, Severity } from '../../shared/findingModel';
import { renderFixDiff } from '../../shared/fixDiff';
import { fixVerificationHeading, type FixVerification } from '../../shared/fixVerification';
import { formatDuration } from '../../shared/reportFormat';
import { languageForPath } from './languageForPath';
import { agentMarkdown, fencedBlock, inlineCode, singleLine } from './markdownText';

export const severitySectionTitle: Record<Severity, string> = {
  critical: 'Critical Issues',
  important: 'Important Issues',
  suggestion: 'Suggestions',
};

export interface FindingRenderOptions {
  /** Text of a file at the reviewed HEAD, for fix diffs with real line numbers. */
  headText?: (path: string) => string | null;
}

/** One severity's section: a heading, then each finding, or "None.". */
export function renderSeveritySection(severity: Severity, findings: readonly Finding[], options: FindingRenderOptions): string {
  const inSection = findings.filter((finding) => finding.severity === severity);
  const body = inSection.length === 0 ? 'None.' : inSection.map((finding) => renderFinding(finding, options)).join('\n\n');
  return `## ${severitySectionTitle[severity]}\n\n${body}`;
}

export function renderFinding(finding: Finding, options: FindingRenderOptions = {}): string {
  const parts = [`### ${finding.id} — ${singleLine(finding.title)}`, metadataLine(finding)];
  if (finding.anchor.status === 'unanchored') {
    parts.push(
      `> **Could not be located at HEAD:** the quoted code was not found in ${inlineCode(finding.location.path)}; ` +
        'the lines are as the reviewer gave them, and the finding has no diagnostic in the editor.',
    );
  }
  if (finding.location.snippet.trim() !== '') parts.push(fencedBlock(finding.location.snippet, languageForPath(finding.location.path)));
  if (finding.body.trim() !== '') parts.push(agentMarkdown(finding.body.trim()));
  if (finding.fix) {
    const description = singleLine(finding.fix.description);
    parts.push(`**Fix:** ${description === '' ? 'see the diff.' : description}`);
    const diff = renderFixDiff(finding.fix, options.headText);
    if (diff !== '') parts.push(fencedBlock(diff, 'diff'));
    if (finding.fixVerification) parts.push(...verificationParts(finding.fixVerification));
  }
  return parts.join('\n\n');
}

/** "**Fix verified** (check passed in 12 s)", or what failed with the first lines of the check's output. */
function verificationParts(verification: FixVerification): string[] {
  const heading = `**${fixVerificationHeading(verification)}**`;
  const took = verification.durationMs > 0 ? ` in ${formatDuration(verification.durationMs)}` : '';
  switch (verification.status) {
    case 'passed':
      return [`${heading}: the check passed with this fix applied${took}.`];
    case 'failed':
    case 'timed-out':
      return [`${heading}${took}:`, fencedBlock(verification.detail ?? '', 'text')];
    case 'not-applied':
    case 'skipped':
      return [`${heading}: ${singleLine(verification.detail ?? '')}`];
  }
}

/** "path:12-14" at the anchored lines (the reviewer's lines when unanchored). */
export function locationLabel(finding: Finding): string {
  const { startLine, endLine } = finding.anchor;
  return `${finding.location.path}:${startLine === endLine ? startLine : `${startLine}-${endLine}`}`;
}

function metadataLine(finding: Finding): string {
  const fields = [`**Location:** ${inlineCode(locationLabel(finding))}`, `**Reported by:** ${reporterAttribution(finding)}`];
  for (const extra of finding.extraLocations) {
    const lines = extra.startLine === extra.endLine ? `${extra.startLine}` : `${extra.startLine}-${extra.endLine}`;
    fields.push(`**Also at:** ${inlineCode(`${extra.path}:${lines}`)}`);
  }
  if (finding.tags.length > 0) fields.push(`**Tags:** ${finding.tags.map((tag) => singleLine(tag)).join(', ')}`);
  if (finding.carriedFrom) fields.push(`**Open since:** round ${finding.carriedFrom.round} (${finding.carriedFrom.findingId}), carried over: not re-reviewed in this incremental round`);
  return fields.join(' · ');
}

/** Reviewer ids, with the severity they filed when the report settled on another. */
export function reporterAttribution(finding: Finding): string {
  return finding.reporters
    .map((reporter) => {
      const notes = [...(reporter.severity === finding.severity ? [] : [`filed as ${reporter.severity}`]), ...(reporter.partial ? ['partial run'] : [])];
      return notes.length === 0 ? reporter.reviewerId : `${reporter.reviewerId} (${notes.join(', ')})`;
    })
    .join(', ');
}
