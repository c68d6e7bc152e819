import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';
import { WebviewHarness, type ReportPage } from './webviewHarness';

// The report header says whether the round was incremental or full, in a real Chromium under the panel's CSP.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 60_000 };

const withReport = (report: ReviewReport, check: (page: ReportPage) => Promise<void>): Promise<void> => harness.withReport(report, check);

async function metadataRow(page: ReportPage, name: string): Promise<string | null> {
  const rows = await page.page.locator('table.metadata tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell as HTMLElement).innerText.trim())));
  return rows.find((row) => row[0] === name)?.[1] ?? null;
}

test('an incremental round says since which round it reviewed, and which findings it carried over', timeout, async () => {
  const sample = sampleReport();
  const [first, second, ...rest] = sample.findings;
  const report: ReviewReport = {
    ...sample,
    round: 3,
    previousRound: { round: 2, head: '1234567890abcdef1234567890abcdef12345678' },
    scope: { kind: 'incremental', sinceRound: 2, sinceHead: '1234567890abcdef1234567890abcdef12345678', commits: 1, files: 2 },
    findings: [{ ...first!, carriedFrom: { round: 1, findingId: 'C1' } }, { ...second!, carriedFrom: { round: 2, findingId: 'I3' } }, ...rest],
  };

  await withReport(report, async (page) => {
    assert.equal(await metadataRow(page, 'Scope'), `Incremental: 1 commit changing 2 files since round 2 (1234567) · ${first!.id}, ${second!.id} still open from earlier rounds, carried over`);
    const headers = await page.page.locator('table.metadata th').allInnerTexts();
    assert.deepEqual(headers.slice(0, 4), ['Date', 'Repo', 'Round', 'Scope'], 'next to the round');
  });
});

test('a full review says why; a report stored before scopes existed has no Scope row', timeout, async () => {
  await withReport({ ...sampleReport(), scope: { kind: 'full', reason: 'rewritten' } }, async (page) => {
    assert.equal(await metadataRow(page, 'Scope'), 'Full review — the branch was rewritten since round 1: 3c4d5e6 is no longer in its history');
  });
  await withReport(sampleReport(), async (page) => {
    assert.equal(await metadataRow(page, 'Scope'), null);
  });
});
