import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ReviewerAnswer } from '../../src/shared/reviewerAnswer';
import { answerWith, branchFiles, cartFinding, createDiscountRepo, twoFindings } from '../fixtures/discountBranch';
import type { TempRepo } from '../fixtures/gitRepo';
import { step } from '../fixtures/modelServer/modelServer';
import { claudeReviewSession } from './support/claudeReviewSession';
import type { Workbench } from './support/workbench';

// The editor experience end to end: real VS Code (code-server), the real `claude` CLI against a scripted
// model server, real git. Findings that follow edits, fixes applied and undone, refused when their context
// changed, shown as a diff, dismissed for good, the Deep Review view, a window reload, a second round.

const price = branchFiles['src/price.js']!;
const [negativePercent] = twoFindings.findings.filter((finding) => finding.severity === 'suggestion');
const guardLine = '  if (percent > 100) throw new Error("too much");';
const returnLine = '  return price(item) * (100 - percent) / 10;';

// The critical finding's fix carries the guard line above as context, so an edit there makes it refuse.
const tenfold: ReviewerAnswer['findings'][number] = {
  severity: 'critical',
  title: 'Discount divides by 10 instead of 100',
  body: 'Every discounted price comes out ten times too high.',
  file: 'src/price.js',
  startLine: 7,
  endLine: 7,
  snippet: returnLine,
  fix: {
    description: 'Divide by 100.',
    edits: [{ file: 'src/price.js', original: `${guardLine}\n${returnLine}\n`, replacement: `${guardLine}\n  return price(item) * (100 - percent) / 100;\n` }],
  },
  tags: ['correctness'],
};
const answer = answerWith([tenfold, negativePercent!, cartFinding]);
const dismissReason = 'callers validate the percentage';

// Two rounds: the second review sends the same answer (the dismissed finding must stay out).
const e2e = claudeReviewSession([step.structured(answer, 500), step.structured(answer, 500)]);
let repo: TempRepo | undefined;

test('findings follow edits; fixes apply, undo and refuse safely; dismissals last; the view, a reload and a second round', async () => {
  const vscode = e2e.vscode;
  repo = e2e.track(createDiscountRepo());

  await vscode.withFailureReport('editor-experience', async () => {
    const workbench = await vscode.openFolder(repo!.root);
    const { page } = workbench;
    await workbench.runCommand('Deep Review: Review Branch');
    const report = workbench.webview();
    await report.locator('#finding-C1 .finding-title').waitFor({ timeout: 90_000 });

    // Problems → file:line for every finding.
    await workbench.openProblems();
    await workbench.problemRow(tenfold.title).waitFor();
    for (const [title, file, line] of [[tenfold.title, 'price.js', 7], [negativePercent!.title, 'price.js', 6], [cartFinding.title, 'cart.js', 3]] as const) {
      await workbench.goToProblem(title);
      await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor();
      await cursorAt(workbench, line);
    }
    await workbench.screenshot('editor-problems');

    // Two lines typed above the finding: its diagnostic moves down with the code.
    await workbench.goToProblem(tenfold.title);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.locator('.markers-panel .monaco-list-row', { hasText: tenfold.title }).filter({ hasText: '[Ln 9, Col 3]' }).waitFor();

    // The fix applies at the shifted place; undo restores the file and brings the finding back.
    await workbench.goToProblem(tenfold.title);
    await workbench.applyQuickFix('Apply Deep Review fix (C1)');
    await page.locator('.monaco-editor .view-lines', { hasText: '(100 - percent) / 100;' }).waitFor();
    await workbench.problemRow(tenfold.title).waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Z');
    await page.locator('.monaco-editor .view-lines', { hasText: '(100 - percent) / 10;' }).waitFor();
    await workbench.problemRow(tenfold.title).waitFor();

    // Editing the guard line: the suggestion about it goes (its code is gone), and C1's fix, whose context
    // it was, is refused from the report with the reason; the editor's text is left exactly as the user made it.
    await workbench.goToProblem(negativePercent!.title);
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('  if (percent > 100 || percent < 0) throw new Error("out of range");');
    await workbench.problemRow(negativePercent!.title).waitFor({ state: 'detached' });
    const edited = await workbench.editorText();
    await workbench.runCommand('Deep Review: Open Last Report');
    await report.locator('#finding-C1 button', { hasText: 'Apply fix' }).click();
    await report.locator('#finding-C1 .fix-status.refused').waitFor();
    assert.match(await report.locator('#finding-C1 .fix-status').innerText(), /src\/price\.js/);
    await workbench.screenshot('editor-fix-refused');
    await page.locator('.tabs-container .tab', { hasText: 'price.js' }).first().click();
    assert.equal(await workbench.editorText(), edited, 'a refused fix changes nothing');
    await workbench.goToProblem(tenfold.title);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type(guardLine.trimStart());
    await workbench.problemRow(negativePercent!.title).waitFor();

    // Show fix diff: VS Code's diff editor, the file now against the file with the fix.
    await workbench.goToProblem(tenfold.title);
    await workbench.applyQuickFix('Show Deep Review fix diff (C1)');
    await page.locator('.tabs-container .tab.active', { hasText: 'price.js ↔ with fix C1' }).waitFor();
    await page.locator('.monaco-diff-editor .modified .view-lines', { hasText: '(100 - percent) / 100;' }).waitFor();
    await workbench.screenshot('editor-fix-diff');

    // Dismiss with a reason: the diagnostic goes, and the report shows the dismissal.
    await workbench.goToProblem(negativePercent!.title);
    await workbench.applyQuickFix('Dismiss Deep Review finding (S1)…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(dismissReason);
    await page.keyboard.press('Enter');
    await workbench.problemRow(negativePercent!.title).waitFor({ state: 'detached' });
    await page.locator('.statusbar-item [aria-label^="Deep Review: 1 critical, 1 important open."]').waitFor();

    // The Deep Review view: the branch, its round, the findings with their status.
    await page.locator('.activitybar .action-item a[aria-label^="Deep Review"]').click();
    const tree = page.locator('.pane-body .monaco-list-row');
    await tree.filter({ hasText: 'feature/discount' }).waitFor();
    await tree.filter({ hasText: 'Round 1' }).waitFor();
    await tree.filter({ hasText: `S1 ${negativePercent!.title}` }).filter({ hasText: `Declined: ${dismissReason}` }).waitFor();
    await workbench.screenshot('editor-view');

    // A window reload: the report panel and the diagnostics come back from storage, the dismissal with them.
    await page.locator('.tabs-container .tab.dirty').first().waitFor({ state: 'detached' }).catch(() => undefined);
    await revertAll(workbench);
    await page.reload();
    await page.locator('.explorer-folders-view .monaco-list-row, .pane-body .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await workbench.openProblems();
    await workbench.problemRow(tenfold.title).waitFor({ timeout: 60_000 });
    await workbench.problemRow(cartFinding.title).waitFor();
    assert.equal(await workbench.problemRow(negativePercent!.title).count(), 0, 'the dismissed finding stays dismissed');
    // The restored panel loads its page when it is shown.
    await page.locator('.tabs-container .tab', { hasText: 'Deep Review: feature/discount (round 1)' }).click();
    await workbench.webview().locator('#finding-C1 .finding-title').waitFor({ timeout: 60_000 });
    await workbench.screenshot('editor-after-reload');

    // The finding's code in the Problems panel links to it in the report.
    await page.locator('.tabs-container .tab', { hasText: 'cart.js' }).click();
    await workbench.problemRow(cartFinding.title).locator('a.monaco-link', { hasText: 'I1' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Deep Review: feature/discount (round 1)' }).waitFor();
    const linked = workbench.webview().locator('#finding-I1');
    const deadline = Date.now() + 10_000;
    while (!(await linked.evaluate((element) => Math.abs(element.getBoundingClientRect().top) < 60))) {
      assert.ok(Date.now() < deadline, 'the report scrolls to the linked finding');
      await page.waitForTimeout(100);
    }

    // Review Branch on the unchanged branch shows the stored round; "Review Again" runs round 2, and the
    // dismissed finding, reported again with its code unchanged, stays out.
    const calls = e2e.agents.servers.claude!.modelRequests.length;
    await workbench.runCommand('Deep Review: Review Branch');
    const unchanged = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', { hasText: 'has not changed since round 1' });
    await page.locator('.statusbar-item#status\\.notifications').click();
    await unchanged.first().waitFor();
    assert.equal(e2e.agents.servers.claude!.modelRequests.length, calls, 'no agent call for an unchanged branch');
    await unchanged.first().getByRole('button', { name: 'Review Again' }).click();
    await page.locator('.statusbar-item#status\\.notifications').click();
    await page.locator('.tabs-container .tab', { hasText: 'round 2' }).waitFor({ timeout: 90_000 });
    const round2 = workbench.webview();
    await round2.locator('#finding-C1 .finding-title').waitFor();
    assert.deepEqual(await round2.locator('.finding-title').allInnerTexts(), [tenfold.title, cartFinding.title]);
    await workbench.openProblems();
    await workbench.problemRow(tenfold.title).waitFor();
    assert.equal(await workbench.problemRow(negativePercent!.title).count(), 0);

    // The palette lists every Deep Review command; Clear Findings empties the Problems panel.
    const titles = await workbench.openCommandPalette('Deep Review', 'Deep Review: Show Fix Diff…');
    await page.keyboard.press('Escape');
    for (const title of ['Review Branch', 'Review Branch with…', 'Open Last Report', 'Open Report from History…', 'Export Report…', 'Check Reviewers', 'Clear Findings', 'Apply Fix…', 'Show Fix Diff…', 'Dismiss Finding…', 'Show Log']) {
      assert.ok(titles.includes(`Deep Review: ${title}`), `the palette lists ${title}: ${JSON.stringify(titles)}`);
    }
    await workbench.runCommand('Deep Review: Clear Findings');
    await workbench.problemRow(tenfold.title).waitFor({ state: 'detached' });

    // Nothing the user did not apply and save reached the repository.
    assert.equal(fs.readFileSync(path.join(repo!.root, 'src', 'price.js'), 'utf8'), price);
    assert.equal(repo!.git('status', '--porcelain'), '');
    assert.equal(repo!.git('worktree', 'list').split('\n').length, 1);
  });
});

/** Waits until the status bar shows the cursor on `line`. */
async function cursorAt(workbench: Workbench, line: number): Promise<void> {
  await workbench.page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*Ln ${line}, Col \\d+`) }).waitFor();
}

/** Reverts every open editor (File: Revert File on each dirty tab), so the reload does not ask to save. */
async function revertAll(workbench: Workbench): Promise<void> {
  const dirty = workbench.page.locator('.tabs-container .tab.dirty');
  while ((await dirty.count()) > 0) {
    await dirty.first().click();
    await workbench.runCommand('File: Revert File');
    await workbench.page.waitForTimeout(200);
  }
}
