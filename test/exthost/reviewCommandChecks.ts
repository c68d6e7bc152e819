import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import * as vscode from 'vscode';
import { diagnosticSource } from '../../src/shared/protocol';
import type { Check } from './harness';

/** Set by scripts/run-exthost-tests.mjs: the opened folder, a repo on 'feature' with no commits ahead of 'main'. */
const fixtureEnv = 'DEEP_REVIEW_EXTHOST_FIXTURE';

export const reviewCommandChecks: Check[] = [
  {
    name: 'Review Branch with no commits ahead of main shows one error, resolves, and publishes no diagnostics',
    run: async () => {
      const fixture = process.env[fixtureEnv];
      assert.ok(fixture, `${fixtureEnv} is not set; run the checks with scripts/run-exthost-tests.mjs`);
      assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath), [fixture]);

      const errors = await captureErrorMessages(() => vscode.commands.executeCommand('deepReview.reviewBranch'));

      assert.equal(errors.length, 1, `error messages shown: ${JSON.stringify(errors)}`);
      // Review Branch checks the reviewers first: on a machine where none is signed in, that is the one error
      // (test/e2e/reviewerReadiness.test.ts covers it); otherwise the review stops at the empty branch.
      assert.match(errors[0] ?? '', /'feature' has no commits ahead of 'main'|^Deep Review did not start: no reviewer is ready\. /);
      await delay(500); // diagnostics arrive from the language server asynchronously; give a stray one time to show
      const ours = vscode.languages.getDiagnostics().flatMap(([uri, list]) => list.filter((d) => d.source === diagnosticSource).map((d) => `${uri.fsPath}: ${d.message}`));
      assert.deepEqual(ours, []);
    },
  },
];

/**
 * Runs `action` while recording what is passed to window.showErrorMessage, without showing it. The extension
 * sees the same `vscode.window` object: the extension host hands one API object to every module loaded from
 * the extension's folder, and the test bundle (out/exthost) is inside it.
 */
async function captureErrorMessages(action: () => Thenable<unknown>): Promise<string[]> {
  const window = vscode.window as unknown as { showErrorMessage: (message: string, ...rest: unknown[]) => Thenable<undefined> };
  const original = window.showErrorMessage;
  const messages: string[] = [];
  window.showErrorMessage = (message) => {
    messages.push(message);
    return Promise.resolve(undefined);
  };
  try {
    await action();
  } finally {
    window.showErrorMessage = original;
  }
  return messages;
}
