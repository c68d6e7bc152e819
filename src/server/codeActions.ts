import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { applyFixTitle, diagnosticSource, fixAppliedCommandId } from '../shared/protocol';
import type { DocumentTexts } from './documentTexts';
import type { DiagnosticData } from './findingDiagnostics';
import type { FindingStore } from './findingStore';
import { planFindingFix } from './fixPlanner';

/** Quick fixes for Deep Review diagnostics, computed against the document text as it is now. */
export function findingCodeActions(params: CodeActionParams, store: FindingStore, texts: DocumentTexts): CodeAction[] {
  const report = store.current;
  if (!report) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== diagnosticSource) continue;
    const findingId = (diagnostic.data as Partial<DiagnosticData> | undefined)?.findingId ?? String(diagnostic.code);
    const finding = store.finding(findingId);
    if (!finding?.fix) continue;
    const title = applyFixTitle(finding.id);
    const plan = planFindingFix(finding, report.branch.repoRoot, texts, diagnostic.range.start.line + 1);
    if (plan.kind === 'ready') {
      // The client runs the command after the edit is applied: it records the fix in the branch's ledger.
      const command = { title, command: fixAppliedCommandId, arguments: [finding.id] };
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { documentChanges: plan.documentChanges }, command });
    } else {
      const reason = plan.kind === 'already-applied' ? `The fix for ${finding.id} is already applied.` : plan.reason;
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], disabled: { reason } });
    }
  }
  return actions;
}
