import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { defaultConsolidator, defaultReviewers, parseConsolidator, parseReviewers } from '../../src/shared/reviewerConfig';
import type { Check } from './harness';
import { deepReviewExtension, manifest } from './manifest';

export const extensionChecks: Check[] = [
  {
    name: 'the extension deep-review.deep-review is present and activates',
    run: async () => {
      const extension = deepReviewExtension();
      await extension.activate();
      assert.equal(extension.isActive, true);
    },
  },
  {
    name: 'deepReview.reviewBranch is a registered command after activation',
    run: async () => {
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('deepReview.reviewBranch'), 'deepReview.reviewBranch is not registered');
    },
  },
  {
    name: 'every contributed command is registered and every registered deepReview.* command is contributed',
    run: async () => {
      const contributed = manifest().contributes.commands.map((c) => c.command).sort();
      // VS Code itself registers <view id>.focus, .open… for each contributed view.
      const viewIds = Object.values(manifest().contributes.views ?? {}).flat().map((view) => `${view.id}.`);
      const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('deepReview.') && !viewIds.some((prefix) => c.startsWith(prefix))).sort();
      assert.deepEqual(
        { contributedButNotRegistered: contributed.filter((c) => !registered.includes(c)), registeredButNotContributed: registered.filter((c) => !contributed.includes(c)) },
        { contributedButNotRegistered: [], registeredButNotContributed: [] },
      );
    },
  },
  {
    name: 'VS Code reports the setting defaults package.json contributes',
    run: () => {
      const config = vscode.workspace.getConfiguration(undefined, null);
      for (const [key, property] of Object.entries(manifest().contributes.configuration.properties)) {
        assert.deepEqual(config.inspect(key)?.defaultValue, property.default, `default of ${key}`);
      }
    },
  },
  {
    name: 'deepReview.reviewers defaults to the three CLIs the engine falls back to; baseBranch to ""',
    run: () => {
      const config = vscode.workspace.getConfiguration('deepReview', null);
      const reviewers = parseReviewers(config.inspect('reviewers')?.defaultValue);
      assert.deepEqual(reviewers, defaultReviewers);
      assert.deepEqual(reviewers.map((reviewer) => reviewer.cli), ['claude', 'codex', 'gemini']);
      assert.equal(config.inspect('baseBranch')?.defaultValue, '');
    },
  },
  {
    name: 'deepReview.consolidator defaults to the consolidator the engine falls back to',
    run: () => {
      const config = vscode.workspace.getConfiguration('deepReview', null);
      assert.deepEqual(parseConsolidator(config.inspect('consolidator')?.defaultValue), defaultConsolidator);
    },
  },
];
