import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../shared/findingModel';
import type { FixResult } from '../shared/protocol';
import { planFix } from '../engine/fixes/planFix';
import type { DocumentTexts } from './documentTexts';

/** Plans a finding's fix against the current text of its files, as versioned LSP edits. */
export function planFindingFix(finding: Finding, repoRoot: string, texts: DocumentTexts, nearLine: number | undefined): FixResult {
  if (!finding.fix) return { kind: 'refused', reason: `${finding.id} has no suggested fix.` };
  const plan = planFix(finding.fix, (repoPath) => texts.text(repoRoot, repoPath), nearLine);
  if (plan.kind !== 'ready') return plan;
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
      })),
    };
  });
  return { kind: 'ready', documentChanges };
}
