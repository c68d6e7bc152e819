import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { webviewToHostMessageSchema } from '../../../src/shared/webviewMessages';
import { sampleReport } from '../../fixtures/sampleReport';
import { imgOnError } from './hostileReport';
import { WebviewHarness, type ReportPage } from './webviewHarness';

// What the report webview says to the host and what it does with what the host says.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 60_000 };

async function withReport(run: (report: ReportPage, sample: ReviewReport) => Promise<void>): Promise<void> {
  const report = await harness.open();
  try {
    const sample = sampleReport();
    await report.showReport(sample);
    await run(report, sample);
    assert.deepEqual(report.errors, []);
    for (const message of await report.posted()) assert.ok(webviewToHostMessageSchema.safeParse(message).success, JSON.stringify(message));
  } finally {
    await report.page.close();
  }
}

test('malformed host messages are ignored without an error, and the page still takes a valid one', timeout, async () => {
  const report = await harness.open();
  try {
    const loading = await report.page.locator('#app').innerHTML();
    const malformed: unknown[] = [
      null, 'showReport', 42, [], {}, { type: 'nope' },
      { type: 'showReport' },
      { type: 'showReport', report: sampleReport(), statuses: {}, live: true, extra: true },
      { type: 'showReport', report: { ...sampleReport(), version: 1 }, statuses: {}, live: true },
      { type: 'showReport', report: sampleReport() },
      { type: 'showReport', report: sampleReport(), statuses: {}, live: 'yes' },
      { type: 'showReport', report: sampleReport(), statuses: { '"]<img>': { status: 'declined', action: 'declined', reason: null } }, live: true },
      { type: 'findingStatuses', statuses: { C1: { status: 'declined', action: 'declined', reason: 'x' } } },
      { type: 'findingStatuses', statuses: { C1: { status: 'gone', action: 'declined', reason: null } } },
      { type: 'fixResult', findingId: '"]<img>', ok: true, message: 'x' },
    ];
    for (const message of malformed) await report.postFromHost(message);
    await report.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    assert.equal(await report.page.locator('#app').innerHTML(), loading, 'the page still shows "Loading the report…"');
    assert.deepEqual(report.errors, []);
    await report.showReport(sampleReport());
    assert.equal(await report.page.locator('.finding').count(), sampleReport().findings.length);
    assert.equal(await report.page.locator('.status-badge:not([hidden])').count(), 0, 'the statuses sent before the report were not kept');
  } finally {
    await report.page.close();
  }
});

test('the location button and Apply fix post exactly the typed messages', timeout, async () => {
  await withReport(async (report, sample) => {
    const finding = sample.findings.find((candidate) => candidate.fix !== null);
    if (!finding) throw new Error('the sample report has no finding with a fix');
    const card = report.page.locator(`#finding-${finding.id}`);
    await card.locator('button.location').click();
    await card.getByRole('button', { name: `Apply fix for ${finding.id}` }).click();
    assert.deepEqual(await report.posted(), [
      { type: 'ready' },
      { type: 'openLocation', path: finding.location.path, line: finding.anchor.startLine },
      { type: 'applyFix', findingId: finding.id },
    ]);
  });
});

test('a fix result from the host shows its message as text on the finding', timeout, async () => {
  await withReport(async (report) => {
    await report.postFromHost({ type: 'fixResult', findingId: 'C1', ok: false, message: `Refused: ${imgOnError}` });
    const status = report.page.locator('#finding-C1 .fix-status');
    await status.filter({ hasText: 'Refused' }).waitFor();
    assert.equal(await status.innerText(), `Refused: ${imgOnError}`);
    assert.equal(await status.getAttribute('class'), 'fix-status refused');
    assert.equal(await report.page.locator('#app img').count(), 0);
  });
});

test('Tab reaches the location and Apply fix buttons, and Enter and Space press them', timeout, async () => {
  await withReport(async (report) => {
    const { page } = report;
    const reached: Array<{ tag: string; id: string; name: string }> = [];
    for (let press = 0; press < 30 && !reached.some((focus) => focus.name === 'Apply fix for C1'); press++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => {
        const focused = document.activeElement as HTMLElement | null;
        return { tag: focused?.tagName ?? '', id: focused?.id ?? '', name: focused?.getAttribute('aria-label') ?? focused?.innerText ?? '' };
      }));
    }
    const location = reached.find((focus) => focus.name === 'src/refunds/batchRefunds.ts:9');
    const apply = reached.find((focus) => focus.name === 'Apply fix for C1');
    assert.equal(location?.tag, 'BUTTON', `focus went through ${JSON.stringify(reached)}`);
    assert.equal(apply?.tag, 'BUTTON', `focus went through ${JSON.stringify(reached)}`);
    const card = reached.findIndex((focus) => focus.id === 'finding-C1');
    assert.ok(card >= 0 && card < reached.indexOf(location), 'the finding card itself is a tab stop before its buttons');
    await page.keyboard.press('Enter');
    await page.locator('#finding-C1 button.location').focus();
    await page.keyboard.press('Space');
    assert.deepEqual((await report.posted()).slice(1), [
      { type: 'applyFix', findingId: 'C1' },
      { type: 'openLocation', path: 'src/refunds/batchRefunds.ts', line: 9 },
    ]);
  });
});
