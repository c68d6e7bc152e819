import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { reportWithFindings } from './largeReport';
import { WebviewHarness, type ReportPage } from './webviewHarness';

// A large report paints its first screenful complete and builds the other cards' details (body, code, fix)
// after the first paint. These tests look at the page in the same task that rendered it — before any idle
// time — to show that revealing, filtering, statuses and keys work on cards whose details are not built yet.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 90_000 };
const large = reportWithFindings(500);

async function withPage(run: (report: ReportPage) => Promise<void>): Promise<void> {
  const report = await harness.open();
  try {
    await run(report);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(await report.cspViolations(), []);
  } finally {
    await report.page.close();
  }
}

/** Every card's details built: the page went idle long enough. */
async function allDetailsBuilt(report: ReportPage): Promise<void> {
  await report.page.waitForFunction(() => document.getElementsByClassName('details-pending').length === 0);
}

/** Finding cards with at least a pixel in the viewport that show only their heading. */
async function headingOnlyInView(report: ReportPage): Promise<string[]> {
  return report.page.locator('article.finding.details-pending').evaluateAll((cards) =>
    cards.filter((card) => {
      const box = card.getBoundingClientRect();
      return box.height > 0 && box.bottom >= 1 && box.top <= window.innerHeight - 1;
    }).map((card) => card.id));
}

test('a 500-finding report renders every card at once, the first screenful complete and the others as headings, and builds the rest in idle time', timeout, async () => {
  await withPage(async (report) => {
    const { page } = report;
    // Tall enough for findings to be on the first screen, under the header and summary.
    await page.setViewportSize({ width: 1280, height: 2400 });
    const first = await page.evaluate((shown: ReviewReport) => new Promise<{ ids: string[]; withDetails: string[]; headings: string[]; filterCount: string; toggles: string[]; inViewAtFirstFrame: string[] }>((resolve) => {
      const app = document.getElementById('app') as HTMLElement;
      const observer = new MutationObserver(() => {
        if (!app.querySelector('.report')) return;
        observer.disconnect();
        const cards = [...app.querySelectorAll<HTMLElement>('article.finding')];
        const snapshot = {
          ids: cards.map((card) => card.id),
          withDetails: cards.filter((card) => card.querySelector('.body') !== null).map((card) => card.id),
          headings: cards.map((card) => card.querySelector('h3')?.textContent ?? ''),
          filterCount: app.querySelector('.filter-count')?.textContent ?? '',
          toggles: [...app.querySelectorAll('.finding-filters button.toggle')].map((button) => [...button.childNodes].map((part) => part.textContent).filter(Boolean).join(' ')),
        };
        // The frame about to be painted: which cards on screen have only their heading.
        requestAnimationFrame(() => {
          const inViewAtFirstFrame = cards.filter((card) => {
            const box = card.getBoundingClientRect();
            return card.classList.contains('details-pending') && box.bottom >= 1 && box.top <= window.innerHeight - 1;
          }).map((card) => card.id);
          resolve({ ...snapshot, inViewAtFirstFrame });
        });
      });
      observer.observe(app, { childList: true, subtree: true });
      window.postMessage({ type: 'showReport', report: shown, statuses: {}, live: true }, '*');
    }), large);

    const pageOrder = ['C', 'I', 'S'].flatMap((letter) => large.findings.filter((finding) => finding.id.startsWith(letter)).map((finding) => `finding-${finding.id}`));
    assert.deepEqual(first.ids, pageOrder, 'a card for every finding, in page order');
    const byCardId = new Map(large.findings.map((finding) => [`finding-${finding.id}`, finding]));
    assert.deepEqual(first.headings, pageOrder.map((id) => `${byCardId.get(id)?.id ?? '?'}${byCardId.get(id)?.title.replace(/`/g, '') ?? '?'}`), 'every heading has its id and title (inline code shown as code)');
    assert.deepEqual(first.withDetails, pageOrder.slice(0, first.withDetails.length), 'the details built at once are those of the first cards');
    assert.ok(first.withDetails.length >= 10 && first.withDetails.length <= 40, `${first.withDetails.length} cards had their details at once`);
    assert.deepEqual(first.inViewAtFirstFrame, [], 'no card on the first screen shows only its heading');
    assert.equal(first.filterCount, '500 of 500 findings shown');
    assert.deepEqual(first.toggles, ['Critical 125', 'Important 250', 'Suggestion 125', 'claude 167', 'codex-fast 167', 'gemini 166', 'Hide resolved 0']);

    await allDetailsBuilt(report);
    const built = await page.locator('article.finding').evaluateAll((cards) => cards.map((card) => ({
      meta: card.querySelector('.finding-meta button.location') !== null,
      toolbar: card.querySelector('.finding-toolbar button.copy') !== null,
      body: card.querySelector('.body')?.textContent ?? '',
      diff: card.querySelector('pre.diff') !== null,
    })));
    assert.equal(built.length, 500);
    assert.ok(built.every((card) => card.meta && card.toolbar && card.body !== ''), 'every card has its location, its buttons and its body');
    assert.equal(built.filter((card) => card.diff).length, large.findings.filter((finding) => finding.fix !== null).length, 'every fix has its diff');
    const lastCard = page.locator('#finding-S125');
    assert.equal(await lastCard.locator('.body').innerHTML(), '<p>The example in the guide uses the old name, so copying it fails to compile.</p>\n');
  });
});

test('revealing a finding whose details are not built yet builds it and the cards after it, scrolls to it and focuses it', timeout, async () => {
  await withPage(async (report) => {
    const { page } = report;
    // showReport then revealFinding, as the host posts them when a Problems-panel link opens the report.
    const atReveal = await page.evaluate((shown: ReviewReport) => new Promise<{ focused: string; detailsFromFocused: boolean[]; pending: number }>((resolve) => {
      document.addEventListener('focusin', (event) => {
        const cards = [...document.querySelectorAll('article.finding')];
        const focused = event.target as HTMLElement;
        const index = cards.indexOf(focused);
        resolve({
          focused: focused.id,
          detailsFromFocused: cards.slice(index, index + 8).map((card) => card.querySelector('.body') !== null),
          pending: document.getElementsByClassName('details-pending').length,
        });
      }, { once: true });
      window.postMessage({ type: 'showReport', report: shown, statuses: {}, live: true }, '*');
      window.postMessage({ type: 'revealFinding', findingId: 'S100' }, '*');
    }), large);
    assert.equal(atReveal.focused, 'finding-S100');
    assert.deepEqual(atReveal.detailsFromFocused, Array<boolean>(8).fill(true), 'S100 and the cards after it have their details when it gets focus');
    assert.ok(atReveal.pending > 400, `the other cards were still waiting (${atReveal.pending})`);

    await page.evaluate(() => new Promise((resolve) => { requestAnimationFrame(() => { requestAnimationFrame(resolve); }); }));
    const top = await page.locator('#finding-S100').evaluate((card) => card.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 40, `S100 is at the top of the view (${top}px)`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'finding-S100');
    assert.deepEqual(await headingOnlyInView(report), [], 'every card in view shows its details');
    await allDetailsBuilt(report);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'finding-S100', 'building the other cards leaves focus where it is');
    await report.screenshot('webview-deferred-revealed', 800);
  });
});

test('revealing a finding the filters hide, before its details are built, shows every finding again', timeout, async () => {
  await withPage(async (report) => {
    const atReveal = await report.page.evaluate((shown: ReviewReport) => new Promise<{ pressed: string | null; hidden: boolean; details: boolean; filterCount: string }>((resolve) => {
      const app = document.getElementById('app') as HTMLElement;
      const observer = new MutationObserver(() => {
        if (!app.querySelector('.report')) return;
        observer.disconnect();
        const suggestions = [...app.querySelectorAll<HTMLElement>('.finding-filters button.toggle')].find((button) => button.textContent.includes('Suggestion'));
        suggestions?.click();
        document.addEventListener('focusin', (event) => {
          const focused = event.target as HTMLElement;
          resolve({
            pressed: suggestions?.getAttribute('aria-pressed') ?? null,
            hidden: focused.hidden,
            details: focused.querySelector('.body') !== null,
            filterCount: app.querySelector('.filter-count')?.textContent ?? '',
          });
        }, { once: true });
        window.postMessage({ type: 'revealFinding', findingId: 'S120' }, '*');
      });
      observer.observe(app, { childList: true, subtree: true });
      window.postMessage({ type: 'showReport', report: shown, statuses: {}, live: true }, '*');
    }), large);
    assert.deepEqual(atReveal, { pressed: 'true', hidden: false, details: true, filterCount: '500 of 500 findings shown' });
  });
});

test('j, k and c work on cards whose details are not built yet: a card that gets focus builds them', timeout, async () => {
  await withPage(async (report) => {
    const steps = await report.page.evaluate((shown: ReviewReport) => new Promise<Array<{ focused: string; details: boolean }>>((resolve) => {
      const app = document.getElementById('app') as HTMLElement;
      const observer = new MutationObserver(() => {
        if (!app.querySelector('.report')) return;
        observer.disconnect();
        const seen: Array<{ focused: string; details: boolean }> = [];
        const card = document.getElementById('finding-I200') as HTMLElement;
        seen.push({ focused: card.id, details: card.querySelector('.body') !== null });
        card.focus();
        for (const key of ['', 'j', 'k', 'k', 'c']) {
          if (key) document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
          const focused = document.activeElement as HTMLElement;
          seen.push({ focused: focused.id, details: focused.querySelector('.body') !== null });
        }
        resolve(seen);
      });
      observer.observe(app, { childList: true, subtree: true });
      window.postMessage({ type: 'showReport', report: shown, statuses: {}, live: true }, '*');
    }), large);
    assert.deepEqual(steps, [
      { focused: 'finding-I200', details: false },
      { focused: 'finding-I200', details: true },
      { focused: 'finding-I201', details: true },
      { focused: 'finding-I200', details: true },
      { focused: 'finding-I199', details: true },
      { focused: 'finding-I199', details: true },
    ]);
    assert.deepEqual((await report.posted()).slice(1), [{ type: 'copyFinding', findingId: 'I199' }]);
  });
});

test('statuses that arrive before a card has its details mute it at once and show on its badge and buttons once built', timeout, async () => {
  await withPage(async (report) => {
    const { page } = report;
    const reason = 'The guide is rewritten next sprint';
    const atStatus = await page.evaluate(({ shown, declined }) => new Promise<{ details: boolean; resolvedCount: string; shown: string }>((resolve) => {
      const app = document.getElementById('app') as HTMLElement;
      const observer = new MutationObserver(() => {
        const card = document.getElementById('finding-S125');
        if (!card?.classList.contains('resolved')) return;
        observer.disconnect();
        resolve({
          details: card.querySelector('.body') !== null,
          resolvedCount: app.querySelector('button.hide-resolved .toggle-count')?.textContent ?? '',
          shown: app.querySelector('.filter-count')?.textContent ?? '',
        });
      });
      observer.observe(app, { attributes: true, childList: true, subtree: true });
      window.postMessage({ type: 'showReport', report: shown, statuses: {}, live: true }, '*');
      window.postMessage({ type: 'findingStatuses', statuses: declined }, '*');
    }), { shown: large, declined: { S125: { status: 'declined', action: 'declined', reason } } });
    assert.deepEqual(atStatus, { details: false, resolvedCount: '1', shown: '500 of 500 findings shown' });

    await allDetailsBuilt(report);
    const card = page.locator('#finding-S125');
    // textContent: a card scrolled into view this instant has no rendered text (innerText) before the next frame (content-visibility).
    assert.equal(await card.locator('.status-badge').textContent(), `Declined: ${reason}`);
    assert.deepEqual(await card.locator('.finding-toolbar button:not([hidden])').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label'))), ['Copy S125']);
    await page.locator('button.toggle.hide-resolved').click();
    assert.equal(await page.locator('.filter-count').innerText(), '499 of 500 findings shown');
    assert.equal(await card.isHidden(), true);
  });
});

test('the same report shown again (now live) keeps the finding a link scrolled to', timeout, async () => {
  await withPage(async (report) => {
    await report.showReport(large, { live: false });
    await report.postFromHost({ type: 'revealFinding', findingId: 'I40' });
    const atTop = () => report.page.locator('#finding-I40').evaluate((card) => Math.abs(card.getBoundingClientRect().top) < 60 && document.activeElement === card);
    await report.page.waitForFunction(() => Math.abs(document.getElementById('finding-I40')?.getBoundingClientRect().top ?? 1e6) < 60);

    // The language server makes the restored round current: the host shows it again, live.
    await report.showReport(large, { live: true });
    await allDetailsBuilt(report);
    assert.ok(await atTop(), 'still at the linked finding, which keeps the focus');
    assert.equal(await report.page.locator('#finding-I40 .finding-toolbar button:not([disabled])').count() > 0, true, 'its buttons are live now');

    // Another report starts at its top.
    await report.showReport({ ...large, round: large.round + 1 });
    assert.equal(await report.page.evaluate(() => window.scrollY), 0);
  });
});
