import * as vscode from 'vscode';
import { dismissCommandId, findingsViewId, fixAppliedCommandId, reportPanelViewType, showFindingInReportCommandId, showFixDiffCommandId } from '../shared/contributionIds';
import { DeferredTreeDataProvider } from './deferredTreeDataProvider';
import type { ExtensionMain, startExtension } from './extensionMain';
import { FixDiffDocuments } from './fixDiffDocuments';

// The activation entry (dist/extension.js): registers what VS Code needs registered during activation, then
// loads the rest — dist/extensionMain.js, with the language client, zod and the report code — once
// activate() has returned. Each handler waits for that load (the first one may find it still running).

let loading: Promise<ExtensionMain> | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Deep Review', { log: true });
  const fixDocuments = new FixDiffDocuments();
  const main = loadMainAfterActivation(context, log, fixDocuments);
  loading = main;
  void main.catch((error: unknown) => {
    log.error(`Deep Review could not load dist/extensionMain.js (reinstalling the extension may help): ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  });
  const whenLoaded = <Args extends unknown[], Result>(handler: (loaded: ExtensionMain, ...args: Args) => Result | PromiseLike<Result>) =>
    async (...args: Args): Promise<Result> => handler(await main, ...args);
  const view = new DeferredTreeDataProvider(main.then((loaded) => loaded.view));

  context.subscriptions.push(
    log,
    fixDocuments,
    view,
    vscode.workspace.registerTextDocumentContentProvider(FixDiffDocuments.scheme, fixDocuments),
    vscode.window.registerWebviewPanelSerializer(reportPanelViewType, {
      deserializeWebviewPanel: whenLoaded((loaded, panel: vscode.WebviewPanel, state: unknown) => loaded.panel.deserializeWebviewPanel(panel, state)),
    }),
    vscode.window.registerTreeDataProvider(findingsViewId, view),
    vscode.window.registerUriHandler({ handleUri: whenLoaded((loaded, uri: vscode.Uri) => loaded.links.handleUri(uri)) }),
    vscode.commands.registerCommand('deepReview.reviewBranch', whenLoaded((loaded) => loaded.reviews.reviewBranch())),
    vscode.commands.registerCommand('deepReview.reviewBranchWith', whenLoaded((loaded) => loaded.reviews.reviewBranchWith())),
    vscode.commands.registerCommand('deepReview.cancelReview', whenLoaded((loaded) => { loaded.reviews.cancel(); })),
    vscode.commands.registerCommand('deepReview.openLastReport', whenLoaded((loaded) => loaded.history.openLastReport())),
    vscode.commands.registerCommand('deepReview.openReportFromHistory', whenLoaded((loaded) => loaded.history.openFromHistory())),
    vscode.commands.registerCommand('deepReview.openRoundReport', whenLoaded((loaded, node?: Parameters<ExtensionMain['history']['openRound']>[0]) => loaded.history.openRound(node))),
    vscode.commands.registerCommand('deepReview.clearFindings', whenLoaded((loaded) => loaded.history.clearFindings())),
    vscode.commands.registerCommand('deepReview.refreshView', whenLoaded((loaded) => { loaded.view.refresh(); })),
    vscode.commands.registerCommand('deepReview.checkReviewers', whenLoaded((loaded) => loaded.checkReviewers())),
    vscode.commands.registerCommand('deepReview.showReviewerProblems', whenLoaded((loaded) => loaded.problems.show())),
    vscode.commands.registerCommand('deepReview.exportReport', whenLoaded((loaded) => loaded.exportReport())),
    vscode.commands.registerCommand('deepReview.applyFix', whenLoaded((loaded, finding?: unknown) => loaded.findings.applyFixCommand(finding))),
    vscode.commands.registerCommand(showFixDiffCommandId, whenLoaded((loaded, finding?: unknown) => loaded.findings.showFixDiff(finding))),
    vscode.commands.registerCommand(dismissCommandId, whenLoaded((loaded, finding?: unknown) => loaded.findings.dismiss(finding))),
    vscode.commands.registerCommand(showFindingInReportCommandId, whenLoaded((loaded, finding?: unknown) => loaded.links.showFinding(finding))),
    vscode.commands.registerCommand(fixAppliedCommandId, whenLoaded((loaded, ...args: unknown[]) => loaded.fixApplied(...args))),
    vscode.commands.registerCommand('deepReview.showLog', () => { log.show(); }),
  );
}

export async function deactivate(): Promise<void> {
  const main = await loading?.catch(() => undefined);
  loading = undefined;
  await main?.stop();
}

/** dist/extensionMain.js, loaded and started in the event loop's next turn: after activate() has returned. */
function loadMainAfterActivation(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, fixDocuments: FixDiffDocuments): Promise<ExtensionMain> {
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      try {
        // A run-time require, not an import: scripts/build.mjs keeps this file out of dist/extension.js.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded = require('./extensionMain.js') as { startExtension: typeof startExtension };
        resolve(loaded.startExtension(context, log, fixDocuments));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}
