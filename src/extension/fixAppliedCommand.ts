import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { fixAppliedNotificationMethod, fixAppliedParamsSchema, type FixAppliedParams } from '../shared/protocol';

/**
 * Tells the language server that the user applied a finding's fix, so it records it in the branch's
 * ledger. Fire and forget: the edit is already made, so a failure here is logged, never shown as the
 * fix failing.
 */
export async function notifyFixApplied(client: LanguageClient, log: vscode.LogOutputChannel, findingId: string): Promise<void> {
  const params: FixAppliedParams = { findingId };
  try {
    await client.sendNotification(fixAppliedNotificationMethod, params);
  } catch (error) {
    log.warn(`Could not record the applied fix of ${findingId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `deepReview.fixApplied`, run by VS Code after a Deep Review quick fix's edit (the code action's command). */
export async function fixAppliedCommand(client: LanguageClient, log: vscode.LogOutputChannel, ...args: unknown[]): Promise<void> {
  const parsed = fixAppliedParamsSchema.shape.findingId.safeParse(args[0]);
  if (!parsed.success) {
    log.warn(`deepReview.fixApplied was run without a finding id (${JSON.stringify(args)}); nothing recorded.`);
    return;
  }
  await notifyFixApplied(client, log, parsed.data);
}
