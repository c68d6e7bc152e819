import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createDiscountRepo } from '../fixtures/discountBranch';
import type { TempRepo } from '../fixtures/gitRepo';
import { step } from '../fixtures/modelServer/modelServer';
import { storeAnswer, storeGo, storeGoFixed } from '../fixtures/realReviewerFindings';
import { claudeReviewSession } from './support/claudeReviewSession';

// Real reviewers' quotes in the editor (issue 15): real VS Code (code-server), the real `claude` CLI against a
// scripted model server, real git. A finding quoted with context and without its blank line shows at the line
// the reviewer named; one with a paraphrased line says its location is approximate; a fix quoted with spaces
// applies with the file's tabs.

const [missingKey, unlockedPut] = storeAnswer.findings;

const e2e = claudeReviewSession([step.structured(storeAnswer, 500)]);
let repo: TempRepo | undefined;

test('named lines, the approximate marker and a tab fix from a spaces quote, in the Problems panel and the editor', async () => {
  const vscode = e2e.vscode;
  repo = e2e.track(createDiscountRepo({ 'store.go': storeGo }));

  await vscode.withFailureReport('fidelity', async () => {
    const workbench = await vscode.openFolder(repo!.root);
    const { page } = workbench;
    await workbench.runCommand('Deep Review: Review Branch');
    await workbench.webview().locator('#finding-C1 .finding-title').waitFor({ timeout: 90_000 });
    // The first review of a fresh window: its report should be on screen ≤ 1 s after the last agent exits. Measured
    // from the agent's last answer leaving the scripted server (before Claude Code's own exit, ~0.35 s here), with
    // 1.5 s of margin for this shared 2-core machine: 1.0–1.9 s measured at a load average of 15–20 (2.9–3.4 s
    // before the report panel was opened, and its page loaded, while the agents work).
    const reportLatencyMs = Date.now() - (e2e.agents.servers.claude?.lastAnswerSentAt ?? 0);
    console.log(`report visible ${reportLatencyMs} ms after the agent's last answer was sent`);
    assert.ok(reportLatencyMs <= 2_500, `the report took ${reportLatencyMs} ms after the agent's last answer`);
    await workbench.webview().locator('p.approximate').first().waitFor();

    await workbench.openProblems();
    // The named line (16), not the first quoted line (11); the paraphrased quote at its named line (22), marked.
    await page.locator('.markers-panel .monaco-list-row', { hasText: missingKey!.title }).filter({ hasText: '[Ln 16, Col 3]' }).waitFor();
    const approximate = page.locator('.markers-panel .monaco-list-row', { hasText: unlockedPut!.title });
    await approximate.filter({ hasText: 'location approximate: the quoted code differs from the file' }).filter({ hasText: '[Ln 22, Col 2]' }).waitFor();
    await workbench.screenshot('fidelity-problems');

    // The fix, quoted with spaces, applies with the file's tabs.
    await workbench.goToProblem(missingKey!.title);
    await workbench.applyQuickFix('Apply Deep Review fix (I1)');
    await page.locator('.monaco-editor .view-lines', { hasText: 'ErrNotFound' }).waitFor();
    await workbench.screenshot('fidelity-fix-applied');
    await workbench.saveActiveEditor();
    assert.equal(fs.readFileSync(path.join(repo!.root, 'store.go'), 'utf8'), storeGoFixed);
  });
});
