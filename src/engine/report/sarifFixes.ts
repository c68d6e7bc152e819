import type { ArtifactChange, Fix as SarifFix } from 'sarif';
import type { Finding, Fix } from '../../shared/findingModel';
import { fixTargetDecision } from '../fixes/fixTargets';
import { planFix, type FixNear, type PlannedEdit } from '../fixes/planFix';
import { artifactLocationFor, regionOfOffsets } from './sarifLocations';

/** Files at the reviewed commit by repository path; null when a file could not be read there. */
export type FilesAtHead = ReadonlyMap<string, string | null>;

export type SarifFixOutcome = { kind: 'fix'; fix: SarifFix } | { kind: 'omitted'; status: 'already-applied' | 'refused'; reason: string };

/** Every path a finding's fix edits, for reading them before rendering. */
export function fixPaths(findings: readonly Finding[]): string[] {
  return [...new Set(findings.flatMap((finding) => finding.fix?.edits.map((edit) => edit.path) ?? []))];
}

/**
 * The finding's fix as a SARIF fix against the reviewed commit. Each edit's `original` is located in
 * the file at HEAD the way an editor applies the fix (planFix: exact text, else tolerant of line
 * endings and trailing whitespace, ties broken by the finding's line), so `deletedRegion` is the exact
 * region that text occupies there and `insertedContent` the replacement in the file's line endings.
 * A fix that cannot be placed at HEAD is omitted, with the reason.
 */
export function sarifFixFor(finding: Finding & { fix: Fix }, files: FilesAtHead): SarifFixOutcome {
  // Code-scanning tools may apply SARIF fixes without a preview: never one into .git or a tool's configuration.
  const target = fixTargetDecision(finding.fix, { findingPath: finding.location.path });
  if (target.kind === 'refused') return { kind: 'omitted', status: 'refused', reason: target.reason };
  if (target.kind === 'preview' && target.toolConfigPaths.length > 0) {
    return { kind: 'omitted', status: 'refused', reason: `The fix is not exported: it edits ${target.toolConfigPaths.join(', ')}, which configure tools that run code; apply it from the editor, through its preview.` };
  }
  const near: FixNear | undefined = finding.anchor.status === 'unanchored' ? undefined : { path: finding.location.path, line: finding.anchor.quoteStartLine ?? finding.anchor.startLine };
  const plan = planFix(finding.fix, (path) => files.get(path) ?? null, near, { atReviewedCommit: true, reviewerLine: { path: finding.location.path, line: finding.location.startLine } });
  if (plan.kind === 'already-applied') {
    return {
      kind: 'omitted',
      status: 'already-applied',
      reason: 'The reviewed commit already contains the change this fix makes: the text it replaces is not there, its replacement is.',
    };
  }
  if (plan.kind === 'refused') return { kind: 'omitted', status: 'refused', reason: reasonAtHead(finding.fix, files) ?? plan.reason };
  const description = finding.fix.description.trim() === '' ? `Suggested fix for ${finding.id}.` : finding.fix.description;
  return { kind: 'fix', fix: { description: { text: description }, artifactChanges: artifactChanges(plan.edits, files) } };
}

/** One change per file, in the order the fix names them. */
function artifactChanges(edits: readonly PlannedEdit[], files: FilesAtHead): ArtifactChange[] {
  const byPath = new Map<string, PlannedEdit[]>();
  for (const edit of edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  return [...byPath].map(([path, fileEdits]) => {
    const text = files.get(path) ?? '';
    // Last in the file first: then every deletedRegion is right whether a consumer reads all regions
    // against the original text or applies the replacements one after another.
    const ordered = [...fileEdits].sort((a, b) => b.startOffset - a.startOffset);
    return {
      artifactLocation: artifactLocationFor(path),
      replacements: ordered.map((edit) => ({ deletedRegion: regionOfOffsets(text, edit.startOffset, edit.endOffset), insertedContent: { text: edit.newText } })),
    };
  });
}

/** A file missing at the reviewed commit reads better like this; other refusals keep planFix's words. */
function reasonAtHead(fix: Fix, files: FilesAtHead): string | undefined {
  const missing = fix.edits.find((edit) => (files.get(edit.path) ?? null) === null);
  return missing ? `${missing.path} could not be read as a file of the reviewed commit, so the fix cannot be placed there.` : undefined;
}
