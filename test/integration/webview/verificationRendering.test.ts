import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';
import { WebviewHarness } from './webviewHarness';

// Verified fixes and budgets in the report, in a real Chromium under the panel's CSP: each fix says how the
// repository's check went, a reviewer stopped at its budget is marked partial, and the metadata says both.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 60_000 };
const hostileOutput = 'not ok 3 - refund keeps the fee\n<img src=x onerror="window.pwned=1">';

function verifiedReport(): ReviewReport {
  const sample = sampleReport();
  const [first, second, third] = sample.findings.filter((finding) => finding.fix !== null);
  assert.ok(first && second && third, 'the sample has three findings with fixes');
  const verification = new Map([
    [first.id, { status: 'passed' as const, detail: null, durationMs: 41_000 }],
    [second.id, { status: 'failed' as const, detail: hostileOutput, durationMs: 38_000 }],
    [third.id, { status: 'not-applied' as const, detail: 'src/refunds.ts changed since the review.', durationMs: 0 }],
  ]);
  const claude = sample.reviewers[0]!.reviewerId;
  return {
    ...sample,
    reviewers: sample.reviewers.map((run) => (run.reviewerId === claude ? { ...run, partial: 'its share of the time budget (7 min 30 s)' } : run)),
    findings: sample.findings.map((finding) => ({
      ...finding,
      ...(verification.has(finding.id) ? { fixVerification: verification.get(finding.id) } : {}),
      reporters: finding.reporters.map((reporter) => (reporter.reviewerId === claude ? { ...reporter, partial: true as const } : reporter)),
    })),
    fixVerification: { command: 'npm test', timeoutSeconds: 300, baseline: { status: 'passed', exitCode: 0, durationMs: 35_000, excerpt: '' }, verifiedFixes: 2, durationMs: 120_000 },
    budget: { minutes: 10, usd: 2, spentUsd: 0.42, partialReviewers: [claude] },
  };
}

test('each fix says whether it passed the check, broke it (with the output as text) or did not apply', timeout, async () => {
  const report = verifiedReport();
  const withFix = report.findings.filter((finding) => finding.fixVerification);
  await harness.withReport(report, async (page) => {
    const verification = (id: string) => page.page.locator(`#finding-${id} .fix-verification`);
    assert.equal(await verification(withFix[0]!.id).locator('p').innerText(), 'Fix verified (41 s)');
    assert.equal(await verification(withFix[1]!.id).locator('p').innerText(), 'Fix breaks the check (38 s)');
    assert.equal(await verification(withFix[1]!.id).locator('pre.check-output').innerText(), hostileOutput);
    assert.equal(await verification(withFix[2]!.id).locator('p').innerText(), 'Fix not verified: src/refunds.ts changed since the review.');
    assert.equal(await page.page.locator('.fix-verification img').count(), 0, 'the check’s output is never markup');
    assert.equal(await page.page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);

    const metadata = async (name: string) => page.page.locator('table.metadata tr', { has: page.page.locator('th', { hasText: name }) }).locator('td').innerText();
    assert.equal(await metadata('Fix check'), 'npm test: passed at HEAD without fixes (35 s); 2 fixes run — 1 verified, 1 breaks it');
    assert.match(await metadata('Budget'), /^10 min, \$2\.00 — used .+, \$0\.42 reported; stopped at their share \(findings partial\): claude$/);
    assert.match(await metadata('Reviewers'), /^Claude Code \(opus, high\) — partial$/m);
    assert.ok((await page.page.locator('.partial-run').count()) > 0, 'the findings of the partial reviewer say so');
    assert.match(await page.page.locator('#retro .run-status.partial').first().innerText(), /partial: stopped at its share of the time budget \(7 min 30 s\)/);
    await page.screenshotBetween('report-verified-fixes', `#finding-${withFix[0]!.id}`, `#finding-${withFix[2]!.id}`);
  });
});
