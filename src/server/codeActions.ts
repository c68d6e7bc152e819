import { CodeActionKind, type CodeAction, type CodeActionParams, type Command } from 'vscode-languageserver';
import { applyFixTitle, diagnosticSource, dismissCommandId, dismissTitle, fixAppliedCommandId, previewFixTitle, showFixDiffCommandId, showFixDiffTitle } from '../shared/protocol';
import type { DocumentTexts } from './documentTexts';
import type { EditorClient } from './editorClient';
import type { DiagnosticData } from './findingDiagnostics';
import type { FindingStore } from './findingStore';
import { planFindingFix } from './fixPlanner';
import type { FixTargetGate } from './fixTargetGate';

/**
 * For each Deep Review diagnostic at the cursor: apply its fix (computed against the document text as
 * it is now; disabled with the reason when the code no longer matches or the fix edits files it may not),
 * show the fix as a diff, dismiss it. A fix that edits tool configuration or files other than its finding's
 * is offered as a preview whose title names every file — only to an editor that previews edits needing
 * confirmation (LSP change annotations); any other editor would write them at once.
 */
export async function findingCodeActions(
  params: CodeActionParams,
  store: FindingStore,
  texts: DocumentTexts,
  gate: FixTargetGate,
  editor: Pick<EditorClient, 'supportsDisabledCodeActions' | 'supportsChangeAnnotations'>,
): Promise<CodeAction[]> {
  const report = store.current;
  if (!report) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== diagnosticSource) continue;
    const findingId = (diagnostic.data as Partial<DiagnosticData> | undefined)?.findingId ?? String(diagnostic.code);
    const finding = store.finding(findingId);
    if (!finding) continue;
    if (finding.fix) {
      const target = await gate.decide(finding, report);
      const title = target.kind === 'preview' ? previewFixTitle(finding.id, target.paths, finding.fixVerification) : applyFixTitle(finding.id, finding.fixVerification);
      // A fix known to break the check is still offered, but never as the one-keystroke preferred fix; nor is one that needs a preview.
      const preferred = target.kind === 'direct' && finding.fixVerification?.status !== 'failed' && finding.fixVerification?.status !== 'timed-out';
      const plan =
        target.kind === 'preview' && !editor.supportsChangeAnnotations
          ? ({ kind: 'refused', reason: previewUnavailable(target.paths) } as const)
          : planFindingFix(finding, report.branch.repoRoot, texts, diagnostic.range.start.line + 1, target);
      if (plan.kind === 'ready') {
        // The client runs the command after the edit is applied: it records the fix in the branch's ledger.
        const command = { title, command: fixAppliedCommandId, arguments: [finding.id] };
        actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred, edit: { documentChanges: plan.documentChanges, ...(plan.changeAnnotations ? { changeAnnotations: plan.changeAnnotations } : {}) }, command });
      } else if (editor.supportsDisabledCodeActions) {
        const reason = plan.kind === 'already-applied' ? `The fix for ${finding.id} is already applied.` : plan.reason;
        actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], disabled: { reason } });
      }
      actions.push(commandAction(showFixDiffTitle(finding.id), { title: showFixDiffTitle(finding.id), command: showFixDiffCommandId, arguments: [finding.id] }, diagnostic));
    }
    actions.push(commandAction(dismissTitle(finding.id), { title: dismissTitle(finding.id), command: dismissCommandId, arguments: [finding.id] }, diagnostic));
  }
  return actions;
}

function previewUnavailable(paths: readonly string[]): string {
  return `This fix edits ${paths.join(', ')}: it is applied only through a preview that lists every file before writing, which this editor does not offer (LSP change annotations). Read it in the report and apply it by hand.`;
}

function commandAction(title: string, command: Command, diagnostic: CodeActionParams['context']['diagnostics'][number]): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command };
}
