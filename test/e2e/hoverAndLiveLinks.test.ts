import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ReviewerAnswer } from '../../src/shared/reviewerAnswer';
import { answerWith, createDiscountRepo, twoFindings } from '../fixtures/discountBranch';
import type { TempRepo } from '../fixtures/gitRepo';
import { step } from '../fixtures/modelServer/modelServer';
import { claudeReviewSession } from './support/claudeReviewSession';
import type { Workbench } from './support/workbench';

// In real VS Code (code-server) with the real `claude`: a finding's hover says what the report says and its
// "Apply fix" link works; the fix adds five lines above the other finding, whose report link then opens its new
// line (where the Problems panel has it); the export's folder is outside the work tree and its Markdown says the
// fix was applied.

const [divideBug, negativePercent] = twoFindings.findings as [ReviewerAnswer['findings'][number], ReviewerAnswer['findings'][number]];
const guard = '  if (percent > 100) throw new Error("too much");\n';
const validation: ReviewerAnswer['findings'][number] = {
  ...negativePercent,
  fix: {
    description: 'Validate the percentage before using it.',
    edits: [
      {
        file: 'src/price.js',
        original: guard,
        replacement: `  if (typeof percent !== "number") throw new TypeError("percent");\n  if (Number.isNaN(percent)) throw new Error("NaN");\n  if (percent < 0) {\n    throw new Error("negative");\n  }\n${guard}`,
      },
    ],
  },
};

const e2e = claudeReviewSession([step.structured(answerWith([divideBug, validation]), 500)]);
let repo: TempRepo | undefined;

async function cursorLine(workbench: Workbench): Promise<number> {
  const text = await workbench.page.locator('.statusbar-item#status\\.editor\\.selection').innerText();
  return Number(/Ln (\d+)/.exec(text)?.[1] ?? 0);
}

test('hover shows the finding and applies its fix; the other finding\'s report link opens its new line; the export is outside the work tree and tells the truth', async () => {
  const vscode = e2e.vscode;
  repo = e2e.track(createDiscountRepo());
  const exportRoot = path.join(fs.realpathSync(repo.root), '.git', 'deep-review');

  await vscode.withFailureReport('hover-live-links', async () => {
    const workbench = await vscode.openFolder(repo!.root);
    const { page } = workbench;
    await workbench.runCommand('Deep Review: Review Branch');
    await workbench.webview().locator('#finding-S1 .finding-title').waitFor({ timeout: 90_000 });

    // The hover at the suggestion's line (keyboard: Ctrl+K Ctrl+I shows the hover at the cursor).
    await workbench.goToProblem(validation.title);
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Apply fix' }).first();
    for (let tries = 0; !(await hover.isVisible()) && tries < 5; tries += 1) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    const hoverText = await hover.innerText();
    assert.match(hoverText, /S1 · Suggestion/);
    assert.match(hoverText, /A negative percent raises the price\./, 'the body');
    assert.match(hoverText, /@@ -3,\d+ \+3,\d+ @@/, 'the fix diff at the file\'s real lines');
    assert.match(hoverText, /\+\s+if \(percent < 0\) \{/);
    await workbench.screenshot('finding-hover');
    await hover.locator('a', { hasText: 'Apply fix' }).click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'throw new Error("negative")' }).waitFor({ timeout: 20_000 });

    // The divide bug moved from line 7 to 12: its report link says so and opens line 12.
    await workbench.openProblems();
    await page.locator('.markers-panel .monaco-list-row[aria-label*="at line 12"]', { hasText: divideBug.title }).waitFor({ timeout: 20_000 });
    // Open Last Report while the report's tab is hidden behind the editor: the page was kept (retainContextWhenHidden),
    // so the report, its link already updated, shows ≤ 500 ms after the command runs (401 ms measured); the bound has a
    // 2× margin for a loaded CI machine, still below what reloading the page costs. Reloading the page took 1.1–1.8 s here (the webview's frames
    // alone 0.8–1.3 s).
    const revealedAt = await workbench.runCommand('Deep Review: Open Last Report');
    await workbench.webview().locator('#finding-C1 button.location', { hasText: 'src/price.js:12' }).waitFor({ timeout: 10_000 });
    const revealMs = Date.now() - revealedAt;
    console.log(`Open Last Report, report tab hidden → report shown: ${revealMs} ms (load average ${os.loadavg()[0]!.toFixed(2)})`);
    assert.ok(revealMs <= 1_000, `Open Last Report took ${revealMs} ms to show the hidden report`);

    // With the report's tab closed VS Code builds a new webview; its page carries the report in its HTML (no
    // 'ready' → 'showReport' round trip). VS Code's frames dominate: only a loose bound (3 s) is asserted.
    const reportTab = page.locator('.tabs-container .tab', { hasText: 'Deep Review: ' });
    // Its close button (a click on the tab would put the focus in the webview, which keeps F1 from the palette).
    await reportTab.hover();
    await reportTab.locator('.tab-actions .action-label').click();
    await reportTab.waitFor({ state: 'detached' });
    const openedAt = await workbench.runCommand('Deep Review: Open Last Report');
    const link = workbench.webview().locator('#finding-C1 button.location');
    await workbench.webview().locator('#finding-C1 button.location', { hasText: 'src/price.js:12' }).waitFor({ timeout: 10_000 });
    const openMs = Date.now() - openedAt;
    console.log(`Open Last Report, no report tab → report painted: ${openMs} ms (load average ${os.loadavg()[0]!.toFixed(2)})`);
    assert.ok(openMs <= 3_000, `Open Last Report took ${openMs} ms to paint the report in a new panel`);
    assert.match((await link.getAttribute('title')) ?? '', /line 12 \(line 7 at the reviewed commit\)/);
    await link.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'price.js' }).waitFor();
    const deadline = Date.now() + 10_000;
    while ((await cursorLine(workbench)) !== 12) {
      if (Date.now() > deadline) assert.fail(`the report link opened line ${await cursorLine(workbench)}, not 12`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // Export: every format, the folder dialog opens in the review's storage under .git.
    await workbench.runCommand('Deep Review: Export Report…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Markdown' }).waitFor();
    await page.keyboard.press('Enter');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'Export Here' }).waitFor();
    const proposed = await input.inputValue();
    assert.ok(proposed.startsWith(exportRoot), `the dialog opens in ${exportRoot}, not the work tree: ${proposed}`);
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'Export Here' }).click();
    const markdownFile = await waitForFile(exportRoot, '.md');
    const markdown = fs.readFileSync(markdownFile, 'utf8');
    assert.match(markdown, /### S1 — [^\n]*\n\n[^\n]*\*\*Status:\*\* Fix applied/, 'the applied fix is in the Markdown');
    assert.match(markdown, /### C1 — [^\n]*\n\n\*\*Location:\*\* `src\/price.js:12` \(line 7 at the reviewed commit\)/, 'the location is where the finding is now');
    assert.deepEqual(fs.readdirSync(repo!.root).filter((name) => name.startsWith('deep-review-')), [], 'nothing written into the work tree');
  });
});

/** The first file with this extension anywhere under `folder`, once there. */
async function waitForFile(folder: string, extension: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = fs.existsSync(folder) ? fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).find((name) => name.endsWith(extension)) : undefined;
    if (found) return path.join(folder, found);
    if (Date.now() > deadline) assert.fail(`no ${extension} file was exported to ${folder}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
