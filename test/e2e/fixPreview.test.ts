import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ReviewerAnswer } from '../../src/shared/reviewerAnswer';
import { answerWith, createDiscountRepo, twoFindings } from '../fixtures/discountBranch';
import type { TempRepo } from '../fixtures/gitRepo';
import { step } from '../fixtures/modelServer/modelServer';
import { claudeReviewSession } from './support/claudeReviewSession';

// A fix that also edits package.json, in real VS Code (code-server) with the real `claude`: the quick fix names
// both files and opens VS Code's refactor preview, every file unticked; nothing is written until the user ticks and applies.

const manifest = '{ "name": "shop", "scripts": {} }\n';
const divideBug = twoFindings.findings[0]!;
const withScript: ReviewerAnswer['findings'][number] = {
  ...divideBug,
  fix: {
    description: 'Divide by 100 and add a test script.',
    edits: [...divideBug.fix!.edits, { file: 'package.json', original: '"scripts": {}', replacement: '"scripts": { "test": "node --test" }' }],
  },
};

const e2e = claudeReviewSession([step.structured(answerWith([withScript]), 500)]);
let repo: TempRepo | undefined;

test('a fix that edits package.json is offered as a preview naming its files, and writes nothing until applied there', async () => {
  const vscode = e2e.vscode;
  repo = e2e.track(createDiscountRepo({ 'package.json': manifest }));

  await vscode.withFailureReport('fix-preview', async () => {
    const workbench = await vscode.openFolder(repo!.root);
    const { page } = workbench;
    await workbench.runCommand('Deep Review: Review Branch');
    await workbench.webview().locator('#finding-C1 .finding-title').waitFor({ timeout: 90_000 });
    await workbench.openProblems();
    await workbench.problemRow(divideBug.title).waitFor();
    await workbench.goToProblem(divideBug.title);

    const title = 'Preview Deep Review fix (C1) — edits src/price.js, package.json';
    assert.ok((await workbench.quickFixTitles()).includes(title), 'the quick fix names both files');
    await workbench.applyQuickFix(title);

    // VS Code's Refactor Preview: every file listed, each unticked (edits that need confirmation), Apply and Discard.
    const panel = page.locator('.part.panel');
    await panel.locator('.monaco-list-row', { hasText: 'package.json' }).first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('fix-preview');
    assert.equal(fs.readFileSync(path.join(repo!.root, 'package.json'), 'utf8'), manifest, 'nothing written while the preview is open');
    for (const file of ['package.json', 'price.js']) {
      const row = panel.locator('.monaco-list-row', { hasText: file }).first();
      await row.locator('.edit-checkbox, .monaco-checkbox, input[type=checkbox]').first().click();
    }
    await panel.locator('.monaco-button', { hasText: /^Apply$/ }).click();
    await page.keyboard.press('Control+K');
    await page.keyboard.press('s');
    const deadline = Date.now() + 20_000;
    while (!fs.readFileSync(path.join(repo!.root, 'package.json'), 'utf8').includes('node --test')) {
      if (Date.now() > deadline) assert.fail('package.json was not changed after applying the preview');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.match(fs.readFileSync(path.join(repo!.root, 'src', 'price.js'), 'utf8'), /\/ 100;/, 'the fix of the finding’s own file was applied with it');
  });
});
