import { approximateLocationNote, type CodeContext, type Finding, type Severity } from '../../shared/findingModel';
import { findingStatusLabel, statusOf, type FindingStatuses } from '../../shared/findingStatus';
import { renderFileDiffs, renderFixDiff } from '../../shared/fixDiff';
import { applyPlannedEdits, planFix } from '../fixes/planFix';
import { fixVerificationHeading, type FixVerification } from '../../shared/fixVerification';
import { formatDuration } from '../../shared/reportFormat';
import { languageForPath } from '../../shared/languageForPath';
import { agentMarkdown, fencedBlock, inlineCode, singleLine } from './markdownText';

export const severitySectionTitle: Record<Severity, string> = {
  critical: 'Critical Issues',
  important: 'Important Issues',
  suggestion: 'Suggestions',
};

export interface FindingRenderOptions {
  /** Text of a file at the reviewed HEAD, for fix diffs with real line numbers. */
  headText?: (path: string) => string | null;
  /** The report as the editor shows it now (an export): each finding's status and current lines. */
  now?: FindingsNow;
}

export interface FindingsNow {
  statuses: FindingStatuses;
  /** 1-based lines in the current text by finding id; null when the code is gone; absent when not known. */
  locations: Readonly<Record<string, { startLine: number; endLine: number } | null>>;
}

/** One severity's section: a heading, then each finding, or "None.". */
export function renderSeveritySection(severity: Severity, findings: readonly Finding[], options: FindingRenderOptions): string {
  const inSection = findings.filter((finding) => finding.severity === severity);
  const body = inSection.length === 0 ? 'None.' : inSection.map((finding) => renderFinding(finding, options)).join('\n\n');
  return `## ${severitySectionTitle[severity]}\n\n${body}`;
}

export function renderFinding(finding: Finding, options: FindingRenderOptions = {}): string {
  const parts = [`### ${finding.id} — ${singleLine(finding.title)}`, metadataLine(finding, options.now)];
  if (finding.anchor.status === 'unanchored') {
    parts.push(
      `> **Could not be located at HEAD:** the quoted code was not found in ${inlineCode(finding.location.path)}; ` +
        'the lines are as the reviewer gave them, and the finding has no diagnostic in the editor.',
    );
  }
  if (finding.anchor.status === 'approximate') {
    parts.push(`> **${approximateLocationNote.charAt(0).toUpperCase()}${approximateLocationNote.slice(1)}:** the finding is shown where the quoted code fits best.`);
  }
  if (finding.codeContext) parts.push(codeInContextBlock(finding, finding.codeContext));
  else if (finding.location.snippet.trim() !== '') parts.push(fencedBlock(finding.location.snippet, languageForPath(finding.location.path)));
  if (finding.body.trim() !== '') parts.push(agentMarkdown(finding.body.trim()));
  if (finding.fix) {
    const description = singleLine(finding.fix.description);
    parts.push(`**Fix:** ${description === '' ? 'see the diff.' : description}`);
    const diff = finding.fixDiff ?? fixDiffAtHead(finding, options.headText) ?? renderFixDiff(finding.fix, options.headText);
    if (diff !== '') parts.push(fencedBlock(diff, 'diff'));
    const atHead = fixAtHeadLine(finding);
    if (atHead) parts.push(atHead);
    if (finding.fixVerification) parts.push(...verificationParts(finding.fixVerification));
  }
  return parts.join('\n\n');
}

/** The fix as planned at the reviewed commit (tolerant of how the reviewer quoted it), when it applies there. */
function fixDiffAtHead(finding: Finding, headText: FindingRenderOptions['headText']): string | undefined {
  if (!finding.fix || !headText) return undefined;
  const near = finding.anchor.status === 'unanchored' ? undefined : { path: finding.location.path, line: finding.anchor.quoteStartLine ?? finding.anchor.startLine };
  const plan = planFix(finding.fix, headText, near, { atReviewedCommit: true, reviewerLine: { path: finding.location.path, line: finding.location.startLine } });
  if (plan.kind !== 'ready') return undefined;
  const paths = [...new Set(plan.edits.map((edit) => edit.path))];
  return renderFileDiffs(
    paths.map((path) => {
      const before = headText(path) ?? '';
      return { path, before, after: applyPlannedEdits(before, plan.edits.filter((edit) => edit.path === path)) };
    }),
  );
}

/**
 * The finding's lines with their context, numbered, the lines it names marked "▶", in a fence of the file's
 * language so that hosts which colour code still do.
 */
function codeInContextBlock(finding: Finding, context: CodeContext): string {
  const last = context.startLine + context.lines.length - 1;
  const width = String(last).length;
  const { startLine, endLine } = finding.anchor;
  const numbered = context.lines.map((line, index) => {
    const number = context.startLine + index;
    const named = number >= startLine && number <= endLine;
    return `${named ? '▶' : ' '}${String(number).padStart(width)}  ${line}`;
  });
  return fencedBlock(numbered.join('\n'), languageForPath(finding.location.path));
}

/** Whether the fix applies at the reviewed commit, when the review said (findings of older reports do not). */
function fixAtHeadLine(finding: Finding): string | undefined {
  switch (finding.fixAtHead?.status) {
    case 'already-applied':
      return '**Fix already applied** at the reviewed commit: its replacement is there, the text it replaces is not.';
    case 'refused':
      return `**Fix not applicable** at the reviewed commit: ${singleLine(finding.fixAtHead.reason)}`;
    default:
      return undefined;
  }
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

function metadataLine(finding: Finding, now: FindingsNow | undefined): string {
  const fields = [`**Location:** ${locationNow(finding, now)}`, `**Reported by:** ${reporterAttribution(finding)}`];
  if (now) fields.push(`**Status:** ${singleLine(findingStatusLabel(statusOf(now.statuses, finding.id)))}`);
  for (const extra of finding.extraLocations) {
    const lines = extra.startLine === extra.endLine ? `${extra.startLine}` : `${extra.startLine}-${extra.endLine}`;
    fields.push(`**Also at:** ${inlineCode(`${extra.path}:${lines}`)}`);
  }
  if (finding.tags.length > 0) fields.push(`**Tags:** ${finding.tags.map((tag) => singleLine(tag)).join(', ')}`);
  if (finding.carriedFrom) fields.push(`**Open since:** round ${finding.carriedFrom.round} (${finding.carriedFrom.findingId}), carried over: not re-reviewed in this incremental round`);
  return fields.join(' · ');
}

/** The anchored lines, or where the finding is now when that moved (an export of the editor's report). */
function locationNow(finding: Finding, now: FindingsNow | undefined): string {
  const reviewed = inlineCode(locationLabel(finding));
  const place = now?.locations[finding.id];
  if (place === undefined || finding.anchor.status === 'unanchored') return reviewed;
  if (place === null) return `${reviewed} (the code is no longer there)`;
  if (place.startLine === finding.anchor.startLine && place.endLine === finding.anchor.endLine) return reviewed;
  const lines = place.startLine === place.endLine ? `${place.startLine}` : `${place.startLine}-${place.endLine}`;
  return `${inlineCode(`${finding.location.path}:${lines}`)} (line ${finding.anchor.startLine} at the reviewed commit)`;
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
