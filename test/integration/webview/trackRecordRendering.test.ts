import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';
import { WebviewHarness, type ReportPage } from './webviewHarness';

// The retro's "Track record in this repository" table in a real Chromium, under the panel's CSP.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 60_000 };

const withReport = (report: ReviewReport, check: (page: ReportPage) => Promise<void>): Promise<void> => harness.withReport(report, check);

test('the retro shows each reviewer’s track record in the repository, as text', timeout, async () => {
  const hostileId = '<img src=x onerror="window.pwned=1">';
  const sample = sampleReport();
  const report: ReviewReport = {
    ...sample,
    reviewers: [...sample.reviewers, { ...sample.reviewers[0]!, reviewerId: hostileId }],
    trackRecords: [
      { reviewerId: 'claude', kept: 40, open: 25, fixed: 12, declined: 3, regressed: 0, rejected: 5, rounds: 6 },
      { reviewerId: hostileId, kept: 1, open: 1, fixed: 0, declined: 0, regressed: 0, rejected: 0, rounds: 1 },
    ],
  };

  await withReport(report, async ({ page }) => {
    assert.equal(await page.locator('#retro .track-record h3').innerText(), 'Track record in this repository');
    assert.deepEqual(await page.locator('table.track-record thead th').allInnerTexts(), ['Reviewer', 'Kept', 'Fixed', 'Declined', 'Open', 'Regressed', 'Rejected as false positives', 'Rounds']);
    const rows = await page.locator('table.track-record tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell as HTMLElement).innerText.trim())));
    assert.deepEqual(rows, [
      ['claude', '40', '12', '3', '25', '0', '5', '6'],
      ['codex-fast', '0', '0', '0', '0', '0', '0', '—'],
      ['gemini', '0', '0', '0', '0', '0', '0', '—'],
      [hostileId, '1', '0', '0', '1', '0', '0', '1'],
    ]);
    assert.match(await page.locator('#retro .track-record p').innerText(), /^Counted per reviewer and the CLI and model it runs with now \(a changed model starts a new record\) over every recorded round of every branch in this repository/);
    assert.equal(await page.locator('#retro img').count(), 0, 'a reviewer id is never markup');
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
  });
});

test('a report without track records (stored by an earlier version) has no track record table', timeout, async () => {
  await withReport(sampleReport(), async ({ page }) => {
    assert.equal(await page.locator('#retro .track-record').count(), 0);
    assert.equal(await page.locator('table.retro').count(), 1, 'the rest of the retro is there');
  });
});
