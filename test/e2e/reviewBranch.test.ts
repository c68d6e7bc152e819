import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openReviewStore } from '../../src/engine/storage/reviewStore';
import type { ConsolidatorAnswer } from '../../src/shared/consolidatorAnswer';
import { latestEvent } from '../../src/shared/ledgerModel';
import { answerWith, branchFiles, cartFinding, createDiscountRepo, twoFindings } from '../fixtures/discountBranch';
import { TempRepo } from '../fixtures/gitRepo';
import { firstUserMessageText, step } from '../fixtures/modelServer/modelServer';
import { startScriptedAgents, type ScriptedAgents } from '../fixtures/scriptedAgents';
import { VsCodeSession } from './support/session';

// End to end: real VS Code (code-server), the real `claude`, `codex` and `gemini` CLIs in parallel, each
// talking to a scripted model server in this process, real git. From the Command Palette to an applied fix.

const diff = 'git diff --no-ext-diff main...HEAD';
const [divideBy10, negativePercent] = twoFindings.findings;
const fixedPrice = branchFiles['src/price.js']!.replace('(100 - percent) / 10;', '(100 - percent) / 100;');

// The consolidator keeps the three clusters (K1 the division, K2 the cart, K3 negative percentages) as filed.
const consolidation: ConsolidatorAnswer = {
  verdict: { decision: 'needs-changes', reason: 'fix the tenfold discount (C1) before merging' },
  executiveSummary: 'The branch adds percentage discounts to prices and the cart; the discount arithmetic is off by a factor of ten.',
  findings: [divideBy10!, cartFinding, negativePercent!].map((finding, index) => ({
    clusters: [`K${index + 1}`],
    severity: finding.severity,
    severityRationale: null,
    title: finding.title,
    body: finding.body,
    location: null,
  })),
  rejected: [],
  designObservations: [],
  testingAssessment: { summary: 'No test exercises the discount.', gaps: [{ risk: 'high', gap: 'discounted() at 0, 5 and 100 percent' }] },
  documentationAssessment: 'The README does not mention discounts.',
  commitStructure: 'One commit with a clear subject.',
  acknowledgedLimitations: [],
  processNotes: [],
  reviewerNotes: [
    { reviewer: 'claude', narrative: 'Found the tenfold error.' },
    { reviewer: 'codex', narrative: 'Caught the negative percentages.' },
    { reviewer: 'gemini', narrative: 'Looked at the cart.' },
  ],
};

let session: VsCodeSession | undefined;
let agents: ScriptedAgents | undefined;
let repo: TempRepo | undefined;

before(async () => {
  // The answers are slow on purpose, so the progress notification can be seen while the agents work.
  agents = await startScriptedAgents({
    claude: [step.tool('Bash', { command: diff, description: 'Show the branch diff' }), step.structured(answerWith([divideBy10!]), 4_000)],
    codex: [step.tool('exec_command', { cmd: diff }), step.structured(answerWith([negativePercent!]), 4_000)],
    gemini: [step.tool('run_shell_command', { command: diff }), step.structured(answerWith([cartFinding]), 4_000)],
    consolidator: { cli: 'codex', script: [step.structured(consolidation, 1_000)] },
  });
  const { id: _id, ...consolidator } = agents.consolidator!;
  session = await VsCodeSession.start({
    env: agents.env,
    userSettings: {
      'deepReview.reviewers': agents.reviewers,
      'deepReview.consolidator': consolidator,
      'deepReview.baseBranch': 'main',
      // The branch's "check": the module still declares price() — true at HEAD and with the fix.
      'deepReview.verifyCommand': 'grep -q "export function price" src/price.js',
      'deepReview.budgetMinutes': 10,
    },
  });
});

after(async () => {
  await session?.close();
  await agents?.dispose();
  repo?.remove();
});

test('Review Branch shows progress, diagnostics at the right lines, an applicable quick fix and the report', async () => {
  const vscode = session!;
  repo = createDiscountRepo();

  await vscode.withFailureReport('review-branch', async () => {
    const workbench = await vscode.openFolder(repo!.root);
    const { page } = workbench;
    await workbench.runCommand('Deep Review: Review Branch');

    // Progress: the notification names the reviewer and its tool calls while the model "thinks".
    // (Headless Chromium shows no toasts; the Notifications center lists the same notification.)
    const bell = page.locator('.statusbar-item#status\\.notifications');
    await bell.click();
    // Each reviewer's line is checked whenever it shows: on a loaded machine the three are not always
    // mid-review at the same moment.
    const expectedLines = [
      /claude: reviewing… 1 tool call, last Bash\(git diff\)/,
      /codex: reviewing… 1 tool call, last shell\(git diff\)/,
      /gemini: reviewing… 1 tool call, last run_shell_command\(git diff\)/,
      // deepReview.budgetMinutes: the time used against the budget.
      / · budget \d+:\d\d of 10 min/,
    ];
    const seen = new Set<number>();
    const progress = page.locator('.notifications-center .notification-list-item', { hasText: 'Deep Review' });
    const deadline = Date.now() + 60_000;
    let screenshotTaken = false;
    while (seen.size < expectedLines.length) {
      assert.ok(Date.now() < deadline, `progress never showed ${expectedLines.filter((_, index) => !seen.has(index)).join(', ')}`);
      const text = (await progress.allInnerTexts()).join('\n');
      expectedLines.forEach((line, index) => {
        if (line.test(text)) seen.add(index);
      });
      if (seen.size >= 2 && !screenshotTaken) {
        await workbench.screenshot('review-progress');
        screenshotTaken = true;
      }
      await page.waitForTimeout(150);
    }
    await page.locator('.statusbar-item', { hasText: 'Deep Review' }).locator('.codicon-sync').waitFor();
    await bell.click();

    // The report opens when the review ends, with the finding titles rendered by the webview.
    const report = workbench.webview();
    await report.locator('#finding-C1 .finding-title').waitFor({ timeout: 60_000 });
    assert.deepEqual(await report.locator('.finding-title').allInnerTexts(), [divideBy10!.title, cartFinding.title, negativePercent!.title]);
    assert.match(await report.locator('.verdict').innerText(), /^Needs changes — fix the tenfold discount \(C1\) before merging/);
    assert.match(await report.locator('#summary').innerText(), /off by a factor of ten/);
    const retro = await report.locator('#retro').innerText();
    for (const tool of ['Bash(git diff) 1', 'shell(git diff) 1', 'run_shell_command(git diff) 1']) assert.ok(retro.includes(tool), `retro lists ${tool}`);
    // The counts as the Problems panel marks them, and in words for screen readers.
    const counts = page.locator('.statusbar-item', { has: page.locator('[aria-label^="Deep Review: 1 critical, 1 important, 1 suggestion open."]') });
    await counts.waitFor();
    assert.equal((await counts.innerText()).replace(/\s+/g, ' ').trim(), '1 1 1');
    assert.equal(await counts.locator('.codicon-error, .codicon-warning, .codicon-info').count(), 3);
    // deepReview.verifyCommand ran the check with C1's fix applied, in a scratch worktree.
    assert.match(await report.locator('#finding-C1 .fix-verification').innerText(), /^Fix verified \(\d+ (ms|s)\)$/);
    assert.match(await report.locator('table.metadata').innerText(), /Fix check\s+grep -q "export function price" src\/price\.js: passed at HEAD without fixes/);
    await workbench.screenshot('review-report');

    // What the real CLI sent: the prompt names the branch, the base and the changed files.
    const prompt = firstUserMessageText(agents!.servers.claude!.modelRequests[0]!);
    for (const expected of ['feature/discount', 'main', 'src/price.js', 'src/cart.js']) assert.ok(prompt.includes(expected), `prompt mentions ${expected}`);

    // Diagnostics: Critical → Error at line 7, Suggestion → Information at line 6, source Deep Review.
    await workbench.openProblems();
    await workbench.problemRow('Discount divides by 10 instead of 100').waitFor();
    const rows = await workbench.problems();
    const critical = rows.find((row) => row.text.includes('Discount divides by 10 instead of 100'));
    const suggestion = rows.find((row) => row.text.includes('Negative percentages are accepted'));
    assert.match(critical?.ariaLabel ?? '', /^Error: Discount divides by 10 instead of 100 at line 7 and character 3\..* generated by Deep Review$/);
    assert.match(suggestion?.ariaLabel ?? '', /^Info: Negative percentages are accepted at line 6 and character 3\..* generated by Deep Review$/);
    assert.match(critical?.text ?? '', /Deep Review C1 \[Ln 7, Col 3\]/);
    await workbench.screenshot('review-problems');

    // Navigate to the critical finding and apply its quick fix; the file becomes exactly what the fix says.
    await workbench.goToProblem('Discount divides by 10 instead of 100');
    await page.locator('.tabs-container .tab.active', { hasText: 'price.js' }).waitFor();
    // The fix was run through deepReview.verifyCommand in a scratch worktree before it was offered.
    assert.ok((await workbench.quickFixTitles()).includes('Apply Deep Review fix (C1) — fix verified'));
    await workbench.applyQuickFix('Apply Deep Review fix (C1) — fix verified');
    await page.locator('.monaco-editor .view-lines', { hasText: '(100 - percent) / 100;' }).waitFor();
    await workbench.saveActiveEditor();
    assert.equal(fs.readFileSync(path.join(repo!.root, 'src', 'price.js'), 'utf8'), fixedPrice);

    // The quick fix's command told the language server, which recorded the applied fix in the branch's ledger.
    await waitForLedgerAction(repo!.root, 'C1', 'fix-applied');

    // The fixed code no longer matches the finding's snippet, so its diagnostic goes away; the other stays.
    await workbench.problemRow('Discount divides by 10 instead of 100').waitFor({ state: 'detached' });
    await workbench.problemRow('Negative percentages are accepted').waitFor();
    await workbench.screenshot('review-after-fix');

    // Nothing but the applied fix changed in the user's repository.
    assert.equal(repo!.git('status', '--porcelain'), 'M src/price.js');
    assert.equal(repo!.git('worktree', 'list').split('\n').length, 1);

    // Export from the report's Export… button: the formats (all picked), the folder (the review's storage under .git,
    // outside the work tree), the files.
    const paletteTitles = await workbench.openCommandPalette('Deep Review', 'Deep Review: Export Report…');
    await page.keyboard.press('Escape');
    assert.ok(!paletteTitles.some((title) => title.includes('Record Applied Fix')), `the palette lists ${JSON.stringify(paletteTitles)}`);
    await workbench.runCommand('Deep Review: Open Last Report');
    await workbench.webview().locator('button.export-report').click();
    const formats = page.locator('.quick-input-list .monaco-list-row');
    await formats.filter({ hasText: 'SARIF' }).waitFor();
    assert.deepEqual(await formats.evaluateAll((rows) => rows.map((row) => [row.querySelector('.label-name')?.textContent, row.getAttribute('aria-checked')])), [
      ['Markdown', 'true'], ['JSON', 'true'], ['SARIF', 'true'],
    ]);
    await workbench.screenshot('export-formats');
    await page.keyboard.press('Enter');
    // code-server's folder picker is VS Code's own (simple) file dialog; it shows the default folder once listed.
    await page.locator('.quick-input-widget', { hasText: 'Export Report To' }).waitFor();
    const exportsDir = path.join((await openReviewStore(repo!.root)).branchDirectory('feature/discount'), 'exports');
    await page.waitForFunction((expected) => document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value === expected, `${exportsDir}/`);
    await workbench.screenshot('export-folder');
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'Export Here' }).click();

    const base = 'deep-review-feature-discount-round1';
    const exported = page.locator('.notifications-center .notification-list-item', { hasText: `Deep Review report exported to ${exportsDir}: ${base}.md, ${base}.json, ${base}.sarif` });
    await bell.click();
    await exported.waitFor();
    await workbench.screenshot('export-done');
    await exported.getByRole('button', { name: 'Open Markdown' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: `${base}.md` }).waitFor();
    assert.match(fs.readFileSync(path.join(exportsDir, `${base}.md`), 'utf8'), /^# Deep Review: \d{8}-\d{6}-feature-discount\n/);
    assert.equal((JSON.parse(fs.readFileSync(path.join(exportsDir, `${base}.sarif`), 'utf8')) as { version: string }).version, '2.1.0');
    assert.deepEqual(fs.readdirSync(repo!.root).filter((name) => name.startsWith('deep-review-')), [], 'nothing exported into the work tree');
    await workbench.screenshot('export-markdown');
  });
});

/** Waits until the ledger of feature/discount says `action` last for the finding with this id. */
async function waitForLedgerAction(repoRoot: string, findingId: string, action: string): Promise<void> {
  const store = await openReviewStore(repoRoot);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { ledger } = await store.loadLedger('feature/discount');
    const entry = ledger.entries.find((candidate) => candidate.findingId === findingId);
    if (entry && latestEvent(entry).action === action) return;
    if (Date.now() > deadline) assert.fail(`the ledger never recorded ${action} for ${findingId}: ${JSON.stringify(entry?.history)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
