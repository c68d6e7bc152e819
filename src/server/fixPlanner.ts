import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../shared/findingModel';
import type { FixResult } from '../shared/protocol';
import type { FixTargetDecision } from '../engine/fixes/fixTargets';
import { planFix } from '../engine/fixes/planFix';
import type { DocumentTexts } from './documentTexts';

const previewAnnotation = 'deep-review-fix-preview';

/**
 * Plans a finding's fix against the current text of its files, as versioned LSP edits. `target` (from
 * FixTargetGate) says which files it may edit: a refused fix is not planned; a fix that needs a preview
 * gets every edit annotated as needing confirmation, so the editor shows all its files before applying.
 */
export function planFindingFix(finding: Finding, repoRoot: string, texts: DocumentTexts, nearLine: number | undefined, target: FixTargetDecision): FixResult {
  if (!finding.fix) return { kind: 'refused', reason: `${finding.id} has no suggested fix.` };
  if (target.kind === 'refused') return target;
  const plan = planFix(finding.fix, (repoPath) => texts.text(repoRoot, repoPath), nearLine);
  if (plan.kind !== 'ready') return plan;
  const annotationId = target.kind === 'preview' ? previewAnnotation : undefined;
  const byPath = new Map<string, typeof plan.edits>();
  for (const edit of plan.edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  const documentChanges = [...byPath].map(([repoPath, edits]) => {
    const open = texts.openDocument(repoRoot, repoPath);
    const uri = open?.uri ?? texts.uriOf(repoRoot, repoPath);
    const document = open ?? TextDocument.create(uri, 'plaintext', 0, texts.text(repoRoot, repoPath) ?? '');
    return {
      textDocument: { uri, version: open ? open.version : null },
      edits: edits.map((edit) => ({
        range: { start: document.positionAt(edit.startOffset), end: document.positionAt(edit.endOffset) },
        newText: edit.newText,
        ...(annotationId === undefined ? {} : { annotationId }),
      })),
    };
  });
  if (target.kind !== 'preview') return { kind: 'ready', documentChanges };
  const changeAnnotations = {
    [previewAnnotation]: { label: `Deep Review fix ${finding.id}: ${target.paths.join(', ')}`, needsConfirmation: true, description: target.reason },
  };
  return { kind: 'ready', documentChanges, changeAnnotations };
}
