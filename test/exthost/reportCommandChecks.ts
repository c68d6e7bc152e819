import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Check } from './harness';
import { manifest } from './manifest';

// Export Report… and the command a quick fix runs after its edit. Run after reviewCommandChecks: the only
// review so far failed, so this window has no report.

export const reportCommandChecks: Check[] = [
  {
    name: 'Export Report… is contributed as "Deep Review: Export Report…"; deepReview.fixApplied is hidden from the Command Palette',
    run: () => {
      const { commands, menus } = manifest().contributes;
      const exportCommand = commands.find((command) => command.command === 'deepReview.exportReport');
      assert.deepEqual({ title: exportCommand?.title, category: exportCommand?.category }, { title: 'Export Report…', category: 'Deep Review' });
      assert.ok(commands.some((command) => command.command === 'deepReview.fixApplied'), 'deepReview.fixApplied is contributed');
      const hidden = (menus?.commandPalette ?? []).filter((entry) => entry.when === 'false').map((entry) => entry.command);
      assert.deepEqual(hidden, ['deepReview.fixApplied', 'deepReview.showFindingInReport', 'deepReview.openRoundReport', 'deepReview.refreshView']);
    },
  },
  {
    name: 'Export Report… without a report says to run a review first, and asks for neither formats nor a folder',
    run: async () => {
      const shown = await recordWindowCalls(['showInformationMessage', 'showQuickPick', 'showOpenDialog', 'showErrorMessage'], () =>
        vscode.commands.executeCommand('deepReview.exportReport'),
      );
      assert.deepEqual(shown, [['showInformationMessage', 'There is no Deep Review report to export yet. Run "Deep Review: Review Branch" first.']]);
    },
  },
  {
    name: 'deepReview.fixApplied without a finding id resolves quietly (it only logs)',
    run: async () => {
      const shown = await recordWindowCalls(['showInformationMessage', 'showWarningMessage', 'showErrorMessage'], async () => {
        await vscode.commands.executeCommand('deepReview.fixApplied');
        await vscode.commands.executeCommand('deepReview.fixApplied', { not: 'an id' });
      });
      assert.deepEqual(shown, []);
    },
  },
];

export type WindowFunction = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage' | 'showQuickPick' | 'showOpenDialog' | 'showInputBox';

/**
 * Runs `action` while recording calls to these `vscode.window` functions (name and first argument) instead
 * of showing anything; each answers "dismissed". The extension sees the same `vscode.window` object (see
 * reviewCommandChecks.ts).
 */
export async function recordWindowCalls(names: readonly WindowFunction[], action: () => Thenable<unknown>): Promise<Array<[WindowFunction, unknown]>> {
  const window = vscode.window as unknown as Record<WindowFunction, (...args: unknown[]) => Thenable<undefined>>;
  const originals = names.map((name) => [name, window[name]] as const);
  const calls: Array<[WindowFunction, unknown]> = [];
  for (const name of names) {
    window[name] = (first) => {
      calls.push([name, first]);
      return Promise.resolve(undefined);
    };
  }
  try {
    await action();
  } finally {
    for (const [name, original] of originals) window[name] = original;
  }
  return calls;
}
