import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Finding } from '../shared/findingModel';
import { findingStatusLabel, type FindingStatus } from '../shared/findingStatus';
import { renderFileDiffs, renderFixDiff } from '../shared/fixDiff';
import { fixVerificationHeading } from '../shared/fixVerification';
import { applyFixCommandId, dismissCommandId, showFindingInReportCommandId } from '../shared/protocol';
import type { FixTargetDecision } from '../engine/fixes/fixTargets';
import type { DocumentTexts } from './documentTexts';
import type { FindingStore } from './findingStore';
import { previewFindingFix } from './fixPreview';
import type { FixTargetGate } from './fixTargetGate';
import { inertMarkdown, inertText } from './inertMarkdown';

const severityLabel: Record<Finding['severity'], string> = { critical: 'Critical', important: 'Important', suggestion: 'Suggestion' };

/**
 * textDocument/hover inside a finding's current lines: what the report says about it, so the user need not
 * leave the code — severity, title, reporters, the body, the fix as a diff at the file's real lines now, its
 * verification and status, and command links to apply it, show it in the report and dismiss it. Agent text
 * goes through inertMarkdown: the client trusts this Markdown's command links, so none may come from an agent.
 */
export async function findingHover(params: HoverParams, store: FindingStore, texts: DocumentTexts, gate: FixTargetGate): Promise<Hover | null> {
  const report = store.current;
  if (!report) return null;
  const here = store.findingsAt(params.textDocument.uri, params.position.line);
  const first = here[0];
  if (!first) return null;
  const sections: string[] = [];
  for (const { finding, startLine } of here) {
    const target = await gate.decide(finding, report);
    sections.push(findingHoverMarkdown(finding, store.status(finding.id), fixDiffNow(finding, report.branch.repoRoot, texts, startLine, target)));
  }
  const last = here.reduce((end, shown) => Math.max(end, shown.endLine), first.endLine);
  const start = here.reduce((line, shown) => Math.min(line, shown.startLine), first.startLine);
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n***\n\n') },
    range: { start: { line: start - 1, character: 0 }, end: { line: last, character: 0 } },
  };
}

/** The fix as it would change the files now (real line numbers), the reviewer's diff when it no longer applies, or why there is none. */
export interface FixDiffNow {
  diff: string;
  note: string | null;
  applicable: boolean;
}

function fixDiffNow(finding: Finding, repoRoot: string, texts: DocumentTexts, nearLine: number, target: FixTargetDecision): FixDiffNow | null {
  if (!finding.fix) return null;
  const preview = previewFindingFix(finding, repoRoot, texts, nearLine, target);
  switch (preview.kind) {
    case 'ready':
      return { diff: renderFileDiffs(preview.files.map((file) => ({ path: file.path, before: file.current, after: file.fixed }))), note: null, applicable: true };
    case 'already-applied':
      return { diff: renderFixDiff(finding.fix), note: 'The fix is already applied.', applicable: false };
    case 'refused':
      return { diff: preview.diff, note: preview.reason, applicable: false };
  }
}

export function findingHoverMarkdown(finding: Finding, status: FindingStatus, fix: FixDiffNow | null): string {
  const reporters = finding.reporters
    .map((reporter) => inertText(reporter.severity === finding.severity ? reporter.reviewerId : `${reporter.reviewerId} (filed as ${reporter.severity})`))
    .join(', ');
  const links = [
    ...(finding.fix && fix?.applicable ? [commandLink('Apply fix', applyFixCommandId, finding.id)] : []),
    commandLink('Show in report', showFindingInReportCommandId, finding.id),
    commandLink('Dismiss…', dismissCommandId, finding.id),
  ];
  // The actions come before the body and the diff: a long diff would push them out of the hover's view.
  const parts = [
    `**${finding.id} · ${severityLabel[finding.severity]}** — ${inertText(finding.title)}`,
    `Reported by ${reporters} · ${inertText(findingStatusLabel(status))}`,
    links.join(' · '),
  ];
  if (finding.body.trim() !== '') parts.push(inertMarkdown(finding.body));
  if (finding.fix && fix) {
    const description = inertText(finding.fix.description);
    parts.push(`**Fix:** ${description === '' ? 'see the diff.' : description}`);
    if (fix.diff !== '') parts.push(diffBlock(fix.diff));
    if (fix.note) parts.push(`*${inertText(fix.note)}*`);
    if (finding.fixVerification) {
      const detail = finding.fixVerification.detail ? `: ${inertText(finding.fixVerification.detail.split('\n')[0] ?? '')}` : '';
      parts.push(`**${inertText(fixVerificationHeading(finding.fixVerification))}**${detail}`);
    }
  }
  return parts.join('\n\n');
}

/** A command link whose only argument is the finding id (ids are `[CIS]\d+`: nothing to escape). */
function commandLink(label: string, command: string, findingId: string): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([findingId]))} "${label} (${findingId})")`;
}

function diffBlock(diff: string): string {
  let ticks = '```';
  while (diff.includes(ticks)) ticks += '`';
  return `${ticks}diff\n${diff}\n${ticks}`;
}
