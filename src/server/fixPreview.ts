import type { Finding } from '../shared/findingModel';
import { renderFixDiff } from '../shared/fixDiff';
import type { FixPreviewResult } from '../shared/protocol';
import type { FixTargetDecision } from '../engine/fixes/fixTargets';
import { applyPlannedEdits, planFix, type PlannedEdit } from '../engine/fixes/planFix';
import type { DocumentTexts } from './documentTexts';

/**
 * The current text and the text with the finding's fix, per file: what "Show fix diff" compares. Writes
 * nothing. A fix that may not be applied (`target` refused) is shown as the reviewer wrote it, with the reason.
 */
export function previewFindingFix(finding: Finding, repoRoot: string, texts: DocumentTexts, nearLine: number | undefined, target: FixTargetDecision): FixPreviewResult {
  if (!finding.fix) return { kind: 'refused', reason: `${finding.id} has no suggested fix.`, diff: '' };
  if (target.kind === 'refused') return { kind: 'refused', reason: target.reason, diff: renderFixDiff(finding.fix) };
  const plan = planFix(finding.fix, (repoPath) => texts.text(repoRoot, repoPath), nearLine);
  if (plan.kind === 'already-applied') return plan;
  if (plan.kind === 'refused') return { kind: 'refused', reason: plan.reason, diff: renderFixDiff(finding.fix) };
  const byPath = new Map<string, PlannedEdit[]>();
  for (const edit of plan.edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  const files = [...byPath].map(([path, edits]) => {
    // planFix located every edit in this very text, so it is there.
    const current = texts.text(repoRoot, path) ?? '';
    const open = texts.openDocument(repoRoot, path);
    return { path, uri: open?.uri ?? texts.uriOf(repoRoot, path), current, fixed: applyPlannedEdits(current, edits) };
  });
  return { kind: 'ready', files };
}
