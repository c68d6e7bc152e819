import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerWith, cartFinding, createDiscountRepo, taxFile, taxFinding, twoFindings } from '../fixtures/discountBranch';
import type { TempRepo } from '../fixtures/gitRepo';
import { step } from '../fixtures/modelServer/modelServer';
import { claudeReviewSession } from './support/claudeReviewSession';
import type { Workbench } from './support/workbench';

// Incremental rounds in the editor: real VS Code (code-server), the real `claude` CLI against a scripted model
// server, real git. Round 2 after a new commit reviews only that commit and keeps round 1's open findings in the
// report and the Problems panel; "Review Branch with…" can ask for a full review.

const [divideBy10] = twoFindings.findings;

const e2e = claudeReviewSession([step.structured(answerWith([divideBy10!, cartFinding]), 500), step.structured(answerWith([taxFinding]), 500), step.structured(answerWith([divideBy10!]), 500)]);
let repo: TempRepo | undefined;

/** The report's Scope row, once the report of `round` is shown. */
async function scopeOfRound(workbench: Workbench, round: number): Promise<string> {
  await workbench.page.locator('.tabs-container .tab', { hasText: `round ${round}` }).waitFor({ timeout: 90_000 });
  const row = workbench.webview().locator('table.metadata tr', { hasText: 'Scope' }).locator('td');
  await row.waitFor();
  return (await row.innerText()).trim();
}

test('round 2 reviews the new commit and keeps the open findings; Review Branch with… asks for a full review', async () => {
  const vscode = e2e.vscode;
  repo = e2e.track(createDiscountRepo());

  await vscode.withFailureReport('incremental-review', async () => {
    const workbench = await vscode.openFolder(repo!.root);
    const { page } = workbench;
    await workbench.runCommand('Deep Review: Review Branch');
    assert.equal(await scopeOfRound(workbench, 1), 'Full review — no earlier round of this branch is recorded');

    repo!.write({ 'src/tax.js': taxFile });
    const round1Head = repo!.git('rev-parse', 'HEAD');
    repo!.commitAll('Add tax helper');
    await workbench.runCommand('Deep Review: Review Branch');
    assert.equal(
      await scopeOfRound(workbench, 2),
      `Incremental: 1 commit changing 1 file since round 1 (${round1Head.slice(0, 7)}) · C1, I2 still open from earlier rounds, carried over`,
    );
    const report = workbench.webview();
    assert.deepEqual(await report.locator('.finding-title').allInnerTexts(), [divideBy10!.title, taxFinding.title, cartFinding.title]);
    // The carried findings keep their diagnostics next to the new one.
    await workbench.openProblems();
    for (const title of [divideBy10!.title, cartFinding.title, taxFinding.title]) await workbench.problemRow(title).waitFor();
    await workbench.screenshot('incremental-round-2');

    // Review Branch with…: the reviewers, then "Full review" under Scope, then the base branch.
    await workbench.runCommand('Deep Review: Review Branch with…');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const full = rows.filter({ has: page.locator('.label-name', { hasText: /^\s*Full review\s*$/ }) });
    await full.waitFor();
    assert.equal(await full.getAttribute('aria-checked'), 'false', 'incremental by default (deepReview.incrementalReviews)');
    await full.click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.quick-input-list .monaco-list-row[aria-checked="true"] .label-name')].some((label) => label.textContent.trim() === 'Full review'),
    );
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Base branch to compare with' }).waitFor();
    await page.keyboard.press('Enter');
    assert.equal(await scopeOfRound(workbench, 3), 'Full review — asked for');
    assert.deepEqual(await workbench.webview().locator('.finding-title').allInnerTexts(), [divideBy10!.title]);
  });
});
