import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FindingStatuses } from '../../../src/shared/findingStatus';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';
import { reportWithFindings } from './largeReport';
import { WebviewHarness, type ReportPage } from './webviewHarness';

// The filters bar above the findings (severity, reviewer, Hide resolved) and the keyboard navigation
// between the findings, in the report webview in a real Chromium.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 90_000 };

const declinedI1: FindingStatuses = { I1: { status: 'declined', action: 'declined', reason: 'The empty batch marks the end for the audit log' } };

async function withReport(options: { statuses?: FindingStatuses; live?: boolean; report?: ReviewReport }, run: (report: ReportPage) => Promise<void>): Promise<void> {
  const report = await harness.open();
  try {
    await report.showReport(options.report ?? sampleReport(), options);
    await run(report);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(await report.cspViolations(), []);
  } finally {
    await report.page.close();
  }
}

/** The ids of the finding cards shown, in page order. */
async function shownIds(report: ReportPage): Promise<string[]> {
  return report.page.locator('article.finding:not([hidden])').evaluateAll((cards) => cards.map((card) => card.id.replace('finding-', '')));
}

/** The sections whose findings are all filtered out, by the line they show. */
async function filteredOutSections(report: ReportPage): Promise<string[]> {
  return report.page.locator('.filtered-out:not([hidden])').evaluateAll((notes) => notes.map((note) => note.closest('section')?.id ?? '?'));
}

async function focusedId(report: ReportPage): Promise<string | undefined> {
  return report.page.evaluate(() => document.activeElement?.id);
}

test('the filters bar sits between the summary and the findings, with counts on each toggle', timeout, async () => {
  await withReport({ statuses: declinedI1 }, async (report) => {
    const { page } = report;
    assert.equal(await page.locator('#summary + .finding-filters + #severity-critical').count(), 1);
    const toggles = await page.locator('.finding-filters button.toggle').evaluateAll((buttons) => buttons.map((button) => [(button as HTMLElement).innerText.replace(/\s+/g, ' ').trim(), button.getAttribute('aria-pressed')]));
    assert.deepEqual(toggles, [
      ['Critical 1', 'true'], ['Important 2', 'true'], ['Suggestion 1', 'true'],
      ['claude 2', 'true'], ['codex-fast 3', 'true'], ['gemini 0', 'true'],
      ['Hide resolved 1', 'false'],
    ]);
    assert.equal(await page.locator('.filter-count').innerText(), '4 of 4 findings shown');
    assert.equal(await page.locator('.keys-hint').innerText(), 'Keys: j/k move, Enter open, a apply, d dismiss, c copy');
    assert.ok((await page.locator('.keys-hint').getAttribute('title'))?.includes('a applies its fix'));
  });
});

test('a severity toggle hides and shows its findings, and an emptied section says no finding matches', timeout, async () => {
  await withReport({}, async (report) => {
    const { page } = report;
    const important = page.getByRole('button', { name: 'Important 2' });
    await important.click();
    assert.equal(await important.getAttribute('aria-pressed'), 'false');
    assert.deepEqual(await shownIds(report), ['C1', 'S1']);
    assert.equal(await page.locator('.filter-count').innerText(), '2 of 4 findings shown');
    assert.deepEqual(await filteredOutSections(report), ['severity-important']);
    assert.equal(await page.locator('#severity-important .filtered-out').innerText(), 'No findings match the filters.');
    assert.equal(await page.locator('#severity-important h2').innerText(), 'Important Issues (2)', 'the section keeps its heading');
    await important.click();
    assert.deepEqual(await shownIds(report), ['C1', 'I1', 'I2', 'S1']);
    assert.deepEqual(await filteredOutSections(report), []);
    assert.equal(await page.locator('.filter-count').innerText(), '4 of 4 findings shown');
  });
});

test('a reviewer toggle hides the findings only that reviewer reported', timeout, async () => {
  await withReport({}, async (report) => {
    const { page } = report;
    await page.getByRole('button', { name: 'codex-fast 3' }).click();
    assert.deepEqual(await shownIds(report), ['C1', 'I1'], 'C1 stays: claude reported it too');
    assert.deepEqual(await filteredOutSections(report), ['severity-suggestion']);
    await page.getByRole('button', { name: 'claude 2' }).click();
    assert.deepEqual(await shownIds(report), []);
    assert.equal(await page.locator('.filter-count').innerText(), '0 of 4 findings shown');
    assert.deepEqual(await filteredOutSections(report), ['severity-critical', 'severity-important', 'severity-suggestion']);
  });
});

test('Hide resolved hides dismissed and fixed findings, also those resolved while the report is shown', timeout, async () => {
  await withReport({ statuses: declinedI1 }, async (report) => {
    const { page } = report;
    await page.getByRole('button', { name: 'Suggestion 1' }).click();
    await report.screenshotBetween('webview-findings-filters', '.finding-filters', '#severity-suggestion');
    await page.getByRole('button', { name: 'Suggestion 1' }).click();

    const hideResolved = page.locator('button.toggle.hide-resolved');
    await hideResolved.click();
    assert.equal(await hideResolved.getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await shownIds(report), ['C1', 'I2', 'S1']);
    await page.locator('#finding-S1').focus();
    await report.postFromHost({ type: 'findingStatuses', statuses: { ...declinedI1, S1: { status: 'fixed', action: 'fix-applied', reason: null } } });
    await page.locator('#finding-S1[hidden]').waitFor({ state: 'attached' });
    assert.deepEqual(await shownIds(report), ['C1', 'I2']);
    assert.equal(await focusedId(report), 'finding-I2', 'focus moved from the hidden S1 to the nearest finding shown');
    assert.equal(await hideResolved.innerText(), 'Hide resolved\n2');
    assert.equal(await page.locator('.filter-count').innerText(), '2 of 4 findings shown');
    assert.deepEqual(await filteredOutSections(report), ['severity-suggestion']);
    await hideResolved.click();
    assert.deepEqual(await shownIds(report), ['C1', 'I1', 'I2', 'S1'], 'resolved findings are listed again, muted');
  });
});

test('j and k move between the shown findings; ArrowDown and ArrowUp do on a focused finding', timeout, async () => {
  await withReport({}, async (report) => {
    const { page } = report;
    const press = async (key: string): Promise<string | undefined> => {
      await page.keyboard.press(key);
      return focusedId(report);
    };
    assert.equal(await press('j'), 'finding-C1', 'j with nothing focused starts at the first finding');
    assert.equal(await press('j'), 'finding-I1');
    assert.equal(await press('ArrowDown'), 'finding-I2');
    assert.equal(await press('j'), 'finding-S1');
    assert.equal(await press('j'), 'finding-S1', 'the last finding stays focused');
    assert.equal(await press('k'), 'finding-I2');
    assert.equal(await press('ArrowUp'), 'finding-I1');
    assert.equal(await press('k'), 'finding-C1');
    assert.equal(await press('k'), 'finding-C1');
    await page.getByRole('button', { name: 'Important 2' }).click();
    await page.locator('#finding-C1').focus();
    assert.equal(await press('j'), 'finding-S1', 'filtered-out findings are skipped');
    const outline = await page.locator('#finding-S1').evaluate((card) => [getComputedStyle(card).outlineStyle, getComputedStyle(card).outlineColor]);
    assert.deepEqual(outline, ['solid', 'rgb(0, 120, 212)'], 'the focused finding has the focusBorder outline');
    await report.screenshotBetween('webview-finding-focused', '#severity-important', '#finding-S1');
  });
});

test('Enter, a, d and c on a focused finding open it, apply, dismiss and copy; a does nothing without a fix', timeout, async () => {
  await withReport({}, async (report) => {
    const { page } = report;
    await page.locator('#finding-I2').focus();
    for (const key of ['Enter', 'a', 'd', 'c']) await page.keyboard.press(key);
    await page.locator('#finding-C1').focus();
    await page.keyboard.press('a');
    assert.deepEqual((await report.posted()).slice(1), [
      { type: 'openLocation', path: 'src/refunds/retry.ts', line: 12 },
      { type: 'dismissFinding', findingId: 'I2' },
      { type: 'copyFinding', findingId: 'I2' },
      { type: 'applyFix', findingId: 'C1' },
    ]);
  });
});

test('keys do nothing with a modifier, on a button, or for actions a finding does not have', timeout, async () => {
  await withReport({ statuses: declinedI1 }, async (report) => {
    const { page } = report;
    await page.locator('#finding-C1').focus();
    for (const key of ['Control+c', 'Alt+a', 'Meta+d', 'Shift+J', 'Control+j']) await page.keyboard.press(key);
    assert.equal(await focusedId(report), 'finding-C1');
    await page.getByRole('button', { name: 'Copy C1' }).focus();
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Copy C1', 'j on a button does not move');
    await page.locator('#finding-I1').focus();
    await page.keyboard.press('a');
    await page.keyboard.press('d');
    assert.deepEqual((await report.posted()).slice(1), [], 'nothing posted: the keys were ignored and I1 is dismissed');
  });
});

test('in a read-only report, c still copies but a and d do nothing', timeout, async () => {
  await withReport({ live: false }, async (report) => {
    await report.page.locator('#finding-C1').focus();
    for (const key of ['a', 'd', 'c']) await report.page.keyboard.press(key);
    assert.deepEqual((await report.posted()).slice(1), [{ type: 'copyFinding', findingId: 'C1' }]);
  });
});

test('with 500 findings a filter change flips only hidden attributes, fast, and j walks the shown ones', timeout, async (t) => {
  const large = reportWithFindings(500);
  await withReport({ report: large }, async (report) => {
    const { page } = report;
    await page.evaluate(() => { (window as unknown as { cards: Element[] }).cards = [...document.querySelectorAll('article.finding')]; });
    const timings: number[] = [];
    for (const name of ['Suggestion', 'Important', 'gemini', 'Important', 'Suggestion', 'gemini']) {
      timings.push(await page.locator('button.toggle', { hasText: name }).evaluate((button) => {
        const started = performance.now();
        (button as HTMLElement).click();
        document.body.getBoundingClientRect(); // forces the style and layout work the change causes
        return performance.now() - started;
      }));
      if (timings.length === 2) assert.equal(await page.locator('.filter-count').innerText(), `${large.findings.filter((finding) => finding.severity === 'critical').length} of 500 findings shown`);
    }
    t.diagnostic(`filter changes with 500 findings: ${timings.map((ms) => `${ms.toFixed(1)} ms`).join(', ')}`);
    for (const ms of timings) assert.ok(ms < 250, `a filter change took ${ms.toFixed(1)} ms`);
    assert.equal(await page.locator('.filter-count').innerText(), '500 of 500 findings shown');
    const sameCards = await page.evaluate(() => {
      const before = (window as unknown as { cards: Element[] }).cards;
      const now = [...document.querySelectorAll('article.finding')];
      return before.length === now.length && before.every((card, index) => card === now[index]);
    });
    assert.ok(sameCards, 'no card was rendered again');

    await page.getByRole('button', { name: 'codex-fast' }).click();
    await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); }); // keys on the toggle stay the toggle's
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const shown = await shownIds(report);
    assert.equal(await focusedId(report), `finding-${shown[1] ?? '?'}`);

    // Halfway down the page, j starts at the first finding in view, and every move keeps the focused card's top in view.
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, document.documentElement.scrollHeight / 2);
    });
    const inView = async (): Promise<{ id: string; top: number; fits: boolean }> =>
      page.evaluate(() => {
        const card = document.activeElement as HTMLElement;
        const box = card.getBoundingClientRect();
        return { id: card.id, top: box.top, fits: box.top >= 0 && box.top < window.innerHeight };
      });
    const visited: string[] = [];
    for (let step = 0; step < 6; step++) {
      await page.keyboard.press('j');
      const focused = await inView();
      assert.ok(focused.fits, `${focused.id}'s top is at ${focused.top}px`);
      visited.push(focused.id.replace('finding-', ''));
    }
    const first = shown.indexOf(visited[0] ?? '?');
    assert.ok(first > 100, `j started halfway down, at the ${first}th shown finding`);
    assert.deepEqual(visited, shown.slice(first, first + 6));
  });
});
