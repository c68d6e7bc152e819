import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FindingStatuses } from '../../../src/shared/findingStatus';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { webviewToHostMessageSchema } from '../../../src/shared/webviewMessages';
import { sampleReport } from '../../fixtures/sampleReport';
import { WebviewHarness, type ReportPage } from './webviewHarness';

// Each finding's actions (Apply fix, Show diff, Dismiss…, Copy) and status badge in the report webview,
// in a real Chromium: which buttons a card has, what they post, and status changes applied in place.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 60_000 };

const declinedI1: FindingStatuses = { I1: { status: 'declined', action: 'declined', reason: 'The empty batch marks the end for the audit log' } };

async function withReport(options: { statuses?: FindingStatuses; live?: boolean }, run: (report: ReportPage, sample: ReviewReport) => Promise<void>): Promise<void> {
  const report = await harness.open();
  try {
    const sample = sampleReport();
    await report.showReport(sample, options);
    await run(report, sample);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(await report.cspViolations(), []);
    for (const message of await report.posted()) assert.ok(webviewToHostMessageSchema.safeParse(message).success, JSON.stringify(message));
  } finally {
    await report.page.close();
  }
}

/** The accessible names of the buttons a card shows in its toolbar. */
async function toolbarButtons(report: ReportPage, findingId: string): Promise<string[]> {
  return report.page.locator(`#finding-${findingId} .finding-toolbar`).getByRole('button').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? ''));
}

test('in the live report an open finding with a fix has Apply fix, Show diff, Dismiss… and Copy; one without a fix has no Apply or Show diff', timeout, async () => {
  await withReport({}, async (report) => {
    assert.deepEqual(await toolbarButtons(report, 'C1'), ['Apply fix for C1', 'Show fix diff for C1', 'Dismiss C1…', 'Copy C1']);
    assert.deepEqual(await toolbarButtons(report, 'I2'), ['Dismiss I2…', 'Copy I2']);
    assert.deepEqual(await report.page.locator('#finding-C1 .finding-toolbar button').allInnerTexts(), ['Apply fix', 'Show diff', 'Dismiss…', 'Copy']);
    assert.equal(await report.page.locator('#finding-C1 .finding-toolbar .codicon').count(), 4, 'every button has its codicon');
    assert.equal(await report.page.locator('.status-badge:not([hidden])').count(), 0, 'open findings have no badge');
    assert.equal(await report.page.locator('.finding-filters .read-only').count(), 0, 'the live report is not read-only');
  });
});

test('a report of an earlier round is read-only: every finding has only Copy', timeout, async () => {
  await withReport({ live: false }, async (report, sample) => {
    for (const finding of sample.findings) assert.deepEqual(await toolbarButtons(report, finding.id), [`Copy ${finding.id}`]);
    assert.equal(await report.page.locator('.keys-hint').innerText(), 'Keys: j/k move, Enter open, c copy');
    assert.equal(await report.page.locator('.finding-filters .read-only').innerText(), 'Earlier round: read-only');
  });
});

test('each button posts its message with the finding id', timeout, async () => {
  await withReport({}, async (report) => {
    const { page } = report;
    await page.getByRole('button', { name: 'Apply fix for C1' }).click();
    await page.getByRole('button', { name: 'Show fix diff for S1' }).click();
    await page.getByRole('button', { name: 'Dismiss I2…' }).click();
    await page.getByRole('button', { name: 'Copy I1' }).click();
    assert.deepEqual((await report.posted()).slice(1), [
      { type: 'applyFix', findingId: 'C1' },
      { type: 'showFixDiff', findingId: 'S1' },
      { type: 'dismissFinding', findingId: 'I2' },
      { type: 'copyFinding', findingId: 'I1' },
    ]);
  });
});

test('resolved findings show their status, keep only Copy and are muted; a regressed one is active again', timeout, async () => {
  const statuses: FindingStatuses = {
    ...declinedI1,
    S1: { status: 'fixed', action: 'fix-applied', reason: null },
    I2: { status: 'fixed', action: 'likely-fixed', reason: null },
    C1: { status: 'regressed', action: 'regressed', reason: null },
  };
  await withReport({ statuses }, async (report) => {
    const { page } = report;
    const badge = (id: string): Promise<string> => page.locator(`#finding-${id} .status-badge`).innerText();
    assert.equal(await badge('I1'), 'Declined: The empty batch marks the end for the audit log');
    assert.equal(await badge('S1'), 'Fix applied');
    assert.equal(await badge('I2'), 'Likely fixed (code edited)');
    assert.equal(await badge('C1'), 'Regressed');
    assert.deepEqual(await toolbarButtons(report, 'I1'), ['Copy I1']);
    assert.deepEqual(await toolbarButtons(report, 'S1'), ['Copy S1']);
    assert.deepEqual(await toolbarButtons(report, 'C1'), ['Apply fix for C1', 'Show fix diff for C1', 'Dismiss C1…', 'Copy C1']);
    assert.deepEqual(await page.locator('.finding.resolved').evaluateAll((cards) => cards.map((card) => card.id)), ['finding-I1', 'finding-I2', 'finding-S1']);
    const look = await page.locator('#finding-I1').evaluate((card) => ({
      body: getComputedStyle(card.querySelector('.body') as Element).opacity,
      title: getComputedStyle(card.querySelector('.finding-title') as Element).opacity,
      titleDecoration: getComputedStyle(card.querySelector('.finding-title') as Element).textDecorationLine,
      badge: getComputedStyle(card.querySelector('.status-badge') as Element).opacity,
    }));
    assert.deepEqual(look, { body: '0.6', title: '1', titleDecoration: 'none', badge: '1' }, 'the body fades, the title and the badge stay readable');
    assert.equal(await page.locator('#finding-I1').getAttribute('aria-labelledby'), 'finding-I1-heading finding-I1-status', 'the status is part of the card\'s name');
  });
});

test('after showing a report the page keeps its branch and round with setState, for the panel serializer', timeout, async () => {
  await withReport({}, async (report, sample) => {
    const later = sampleReport();
    later.round = 3;
    await report.showReport(later, { live: false });
    assert.deepEqual(await report.states(), [
      { repoRoot: sample.branch.repoRoot, branch: 'feature/refund-batches', round: 2 },
      { repoRoot: sample.branch.repoRoot, branch: 'feature/refund-batches', round: 3 },
    ]);
  });
});

test('new statuses update the badge and the buttons in place: same card, same scroll position, focus kept', timeout, async () => {
  await withReport({}, async (report) => {
    const { page } = report;
    await page.setViewportSize({ width: 1280, height: 500 });
    await page.locator('#finding-I1').scrollIntoViewIfNeeded();
    await page.locator('#finding-I1').focus();
    const before = await page.evaluate(() => {
      (window as unknown as { kept: unknown }).kept = { card: document.getElementById('finding-I1'), report: document.querySelector('.report') };
      return window.scrollY;
    });
    assert.ok(before > 0, 'the page is scrolled down to I1');
    await report.postFromHost({ type: 'findingStatuses', statuses: declinedI1 });
    await page.locator('#finding-I1 .status-badge', { hasText: 'Declined: The empty batch' }).waitFor();
    const after = await page.evaluate(() => {
      const { card, report: shown } = (window as unknown as { kept: { card: Element; report: Element } }).kept;
      return { sameCard: card === document.getElementById('finding-I1'), sameReport: shown === document.querySelector('.report'), scroll: window.scrollY, focused: document.activeElement?.id };
    });
    assert.deepEqual(after, { sameCard: true, sameReport: true, scroll: before, focused: 'finding-I1' });
    assert.deepEqual(await toolbarButtons(report, 'I1'), ['Copy I1']);
    assert.equal(await page.locator('#finding-I1').getAttribute('class'), 'finding severity-important resolved');
    const title = 'Important I1 splitIntoBatches adds an empty trailing batch';
    assert.equal(await page.getByRole('article', { name: `${title} Declined: The empty batch marks the end for the audit log`, exact: true }).count(), 1, 'the card\'s name says its status');

    await report.postFromHost({ type: 'findingStatuses', statuses: {} });
    await page.locator('#finding-I1 .status-badge[hidden]').waitFor({ state: 'attached' });
    assert.deepEqual(await toolbarButtons(report, 'I1'), ['Apply fix for I1', 'Show fix diff for I1', 'Dismiss I1…', 'Copy I1'], 'reopened: the buttons are back');
    assert.equal(await page.locator('#finding-I1').getAttribute('class'), 'finding severity-important');
    assert.equal(await page.getByRole('article', { name: title, exact: true }).count(), 1, 'the card\'s name no longer says Declined');
  });
});

test('when the button that had focus goes away with the new status, focus moves to its card', timeout, async () => {
  await withReport({}, async (report) => {
    const { page } = report;
    await page.getByRole('button', { name: 'Dismiss I1…' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Dismiss I1…');
    await report.postFromHost({ type: 'findingStatuses', statuses: declinedI1 });
    await page.locator('#finding-I1.resolved').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'finding-I1');
  });
});

test('a fix result still shows next to the buttons after the fix-applied status hides Apply fix', timeout, async () => {
  await withReport({}, async (report) => {
    const { page } = report;
    await report.postFromHost({ type: 'fixResult', findingId: 'C1', ok: true, message: 'Applied the fix to src/refunds/batchRefunds.ts.' });
    await report.postFromHost({ type: 'findingStatuses', statuses: { C1: { status: 'fixed', action: 'fix-applied', reason: null } } });
    await page.locator('#finding-C1.resolved').waitFor();
    assert.equal(await page.locator('#finding-C1 .fix-status').innerText(), 'Applied the fix to src/refunds/batchRefunds.ts.');
    assert.equal(await page.locator('#finding-C1 .fix-status').getAttribute('class'), 'fix-status ok');
    assert.deepEqual(await toolbarButtons(report, 'C1'), ['Copy C1']);
    await report.screenshotBetween('webview-finding-actions', '#severity-critical', '#severity-important .finding >> nth=0');
  });
});

test('a finding that moved in the editor shows its line now on its location link, and one whose code is gone says so', timeout, async () => {
  await withReport({}, async (report, sample) => {
    const { page } = report;
    const c1 = sample.findings.find((finding) => finding.id === 'C1')!;
    const link = page.locator('#finding-C1 button.location');
    assert.equal((await link.innerText()).trim(), `${c1.location.path}:${c1.anchor.startLine}`);
    await report.postFromHost({ type: 'findingLocations', locations: { C1: { startLine: c1.anchor.startLine + 5, endLine: c1.anchor.endLine + 5 }, I1: null } });
    await page.locator('#finding-C1 button.location', { hasText: `${c1.location.path}:${c1.anchor.startLine + 5}` }).waitFor();
    assert.equal(await link.getAttribute('title'), `Open ${c1.location.path} at line ${c1.anchor.startLine + 5} (line ${c1.anchor.startLine} at the reviewed commit)`);
    assert.equal(await link.locator('.codicon').count(), 1, 'the link keeps its icon');
    assert.match((await page.locator('#finding-I1 button.location').getAttribute('title')) ?? '', /the finding's code is no longer there/);
    // The host maps the click to the line now; the page names the finding's reviewed line (see ReportPanel.lineNow).
    await link.click();
    assert.deepEqual((await report.posted()).at(-1), { type: 'openLocation', path: c1.location.path, line: c1.anchor.startLine });
  });
});
