import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Check } from './harness';
import { deepReviewExtension, manifest } from './manifest';
import { recordWindowCalls } from './reportCommandChecks';

// The editor commands of issue 6 in a window without any stored review (the fixture repository has none):
// each says what is missing instead of failing or doing something half.

const paletteCommands = [
  'Review Branch', 'Review Branch with…', 'Cancel Review', 'Open Last Report', 'Open Report from History…', 'Export Report…',
  'Check Reviewers', 'Show Problems with Reviewers', 'Clear Findings', 'Apply Fix…', 'Show Fix Diff…', 'Dismiss Finding…', 'Show Log',
];

const noReport = 'There is no Deep Review report yet. Run "Deep Review: Review Branch" first.';

export const editorCommandChecks: Check[] = [
  {
    name: 'every command of the issue is in the palette under the "Deep Review" category',
    run: () => {
      const { commands, menus } = manifest().contributes;
      const hidden = new Set((menus?.commandPalette ?? []).filter((entry) => entry.when === 'false').map((entry) => entry.command));
      const listed = commands.filter((command) => !hidden.has(command.command));
      assert.deepEqual(listed.map((command) => command.title), paletteCommands);
      assert.ok(listed.every((command) => command.category === 'Deep Review'));
    },
  },
  {
    name: 'Cancel Review with no review running says so',
    run: async () => {
      const shown = await recordWindowCalls(['showInformationMessage', 'showErrorMessage'], () => vscode.commands.executeCommand('deepReview.cancelReview'));
      assert.deepEqual(shown, [['showInformationMessage', 'No Deep Review is running.']]);
    },
  },
  {
    name: 'Apply Fix…, Show Fix Diff… and Dismiss Finding… without a report say to run a review first, and ask nothing',
    run: async () => {
      const shown = await recordWindowCalls(['showInformationMessage', 'showErrorMessage', 'showQuickPick', 'showInputBox'], async () => {
        await vscode.commands.executeCommand('deepReview.applyFix');
        await vscode.commands.executeCommand('deepReview.showFixDiff', 'C1');
        await vscode.commands.executeCommand('deepReview.dismissFinding', { findingId: 'I2' });
      });
      assert.deepEqual(shown, [['showInformationMessage', noReport], ['showInformationMessage', noReport], ['showInformationMessage', noReport]]);
    },
  },
  {
    name: 'Open Last Report and Open Report from History… without stored rounds say there is none yet',
    run: async () => {
      const shown = await recordWindowCalls(['showInformationMessage', 'showErrorMessage', 'showQuickPick'], async () => {
        await vscode.commands.executeCommand('deepReview.openLastReport');
        await vscode.commands.executeCommand('deepReview.openReportFromHistory');
      });
      assert.deepEqual(shown, [
        ['showInformationMessage', 'No Deep Review report for this branch yet. Run "Deep Review: Review Branch" first.'],
        ['showInformationMessage', 'Deep Review has no stored reports in this repository yet.'],
      ]);
    },
  },
  {
    name: 'Clear Findings without a report resolves quietly',
    run: async () => {
      const shown = await recordWindowCalls(['showInformationMessage', 'showWarningMessage', 'showErrorMessage'], () => vscode.commands.executeCommand('deepReview.clearFindings'));
      assert.deepEqual(shown, []);
    },
  },
  {
    name: 'the Deep Review view opens from the activity bar',
    run: async () => {
      const { contributes } = deepReviewExtension().packageJSON as { contributes: { viewsContainers: { activitybar: Array<{ id: string }> }; views: Record<string, Array<{ id: string }>> } };
      assert.deepEqual(contributes.viewsContainers.activitybar.map((container) => container.id), ['deepReview']);
      assert.deepEqual(contributes.views.deepReview?.map((view) => view.id), ['deepReview.findings']);
      await vscode.commands.executeCommand('workbench.view.extension.deepReview');
      await vscode.commands.executeCommand('deepReview.refreshView');
    },
  },
  {
    name: 'the walkthrough\'s steps exist and their pages ship with the extension',
    run: () => {
      const extension = deepReviewExtension();
      const { walkthroughs } = (extension.packageJSON as { contributes: { walkthroughs: Array<{ id: string; steps: Array<{ id: string; media: { markdown: string } }> }> } }).contributes;
      assert.deepEqual(walkthroughs.map((walkthrough) => walkthrough.id), ['gettingStarted']);
      const steps = walkthroughs[0]?.steps ?? [];
      assert.deepEqual(steps.map((step) => step.id), ['reviewers', 'settings', 'review', 'findings']);
      for (const step of steps) assert.ok(fs.statSync(path.join(extension.extensionPath, step.media.markdown)).size > 200, step.media.markdown);
    },
  },
];
