import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sampleReport } from '../../fixtures/sampleReport';
import { hostileReport, imgOnError, javascriptLink, scriptTag } from './hostileReport';
import { WebviewHarness, type ReportPage } from './webviewHarness';

// The report webview in a real Chromium, with the page and CSP ReportPanel builds. Needs `npm run build`.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 60_000 };

/** Things agent text must never create inside the report. */
async function contentAudit(report: ReportPage) {
  return report.page.evaluate(() => {
    const app = document.getElementById('app');
    if (!app) throw new Error('no #app');
    const elements = [...app.querySelectorAll('*')];
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      forbiddenElements: [...app.querySelectorAll('script, img, style, iframe, object, embed, link, meta, base, form, input, svg, math')].map((element) => element.outerHTML.slice(0, 80)),
      unsafeLinks: [...app.querySelectorAll('a')].map((link) => link.getAttribute('href') ?? '(no href)').filter((href) => !/^(https?:\/\/|#)/i.test(href)),
      unsafeAttributes: elements.flatMap((element) => element.getAttributeNames().filter((name) => /^on|^(style|src|srcset|formaction|xlink:href)$/i.test(name)).map((name) => `${element.tagName}[${name}]`)),
      bodyDisplay: getComputedStyle(document.body).display,
    };
  });
}

test('a normal report renders its header, every finding and the retro table, after the page said ready', timeout, async () => {
  const report = await harness.open();
  try {
    assert.deepEqual(await report.posted(), [{ type: 'ready' }], 'the page posts ready before it has a report');
    const sample = sampleReport();
    await report.showReport(sample);
    const { page } = report;
    assert.equal(await page.locator('h1').innerText(), 'Deep Review: ledger-api · feature/refund-batches');
    assert.deepEqual(await page.locator('.finding-title').allInnerTexts(), sample.findings.map((finding) => finding.title));
    const columns = await page.locator('table.retro thead th[scope="col"]').allInnerTexts();
    assert.deepEqual(columns.map((text) => text.split('\n')[0]), sample.reviewers.map((run) => run.reviewerId));
    const rows = await page.locator('table.retro tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell as HTMLElement).innerText)));
    for (const name of ['Status', 'Duration', 'Findings', 'Cost']) assert.ok(rows.some((row) => row[0] === name), `the retro has a ${name} row`);
    for (const row of rows) assert.equal(row.length, 1 + sample.reviewers.length, `one cell per reviewer in ${JSON.stringify(row)}`);
    assert.deepEqual(rows.find((row) => row[0] === 'Status')?.slice(1, 3), ['succeeded', 'succeeded']);
    assert.ok(await page.evaluate(async () => { await document.fonts.ready; return document.fonts.check('16px codicon'); }), 'the codicon font loads under the CSP');
    await report.screenshot('webview-report');
    assert.deepEqual(await report.cspViolations(), []);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.foreignRequests(), []);
    assert.deepEqual(await report.posted(), [{ type: 'ready' }]);
  } finally {
    await report.page.close();
  }
});

test('hostile agent text in every field runs nothing, loads nothing and shows as text', timeout, async () => {
  const report = await harness.open();
  try {
    await report.showReport(hostileReport(harness.beaconOrigin));
    const { page } = report;
    await page.waitForTimeout(300); // time for an onerror handler or a lazy image, had one got in
    await report.screenshot('webview-hostile');

    const audit = await contentAudit(report);
    assert.equal(audit.pwned, undefined, 'no agent script ran');
    assert.deepEqual(audit.forbiddenElements, []);
    assert.deepEqual(audit.unsafeLinks, [], 'links go only to http(s) or in-page anchors');
    assert.deepEqual(audit.unsafeAttributes, []);
    assert.notEqual(audit.bodyDisplay, 'none', 'agent <style> did not hide the page');
    const hrefs = await page.locator('#app a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    assert.deepEqual(new Set(hrefs), new Set(['https://example.invalid/docs', '#summary']), 'only the two safe links survive');

    const critical = page.locator('#finding-C1');
    assert.ok((await critical.locator('.finding-title').innerText()).startsWith(`${scriptTag} ${imgOnError}`), 'the title shows the tags as text');
    assert.ok((await critical.locator('pre.snippet').innerText()).startsWith(scriptTag), 'the snippet shows the tags as text');
    assert.ok((await critical.locator('.fix-description').innerText()).startsWith(scriptTag));
    assert.ok((await critical.locator('button.location').innerText()).includes(`src/${scriptTag}/${imgOnError}.ts`));
    assert.ok((await critical.locator('pre.diff').innerText()).includes(`-${scriptTag}`), 'the diff shows the tags as text');
    assert.ok((await page.locator('#summary .markdown').innerText()).includes(scriptTag), 'markdown shows raw HTML as text');

    await critical.locator('.body p', { hasText: javascriptLink }).click();
    await page.waitForTimeout(100);
    assert.equal((await contentAudit(report)).pwned, undefined, 'clicking the javascript: text did nothing');
    assert.equal(page.url(), `${report.origin}/`);

    assert.deepEqual(harness.beaconHits, [], 'no beacon image or frame loaded');
    assert.deepEqual(report.foreignRequests(), [], 'no request left the webview origin');
    assert.deepEqual(await report.cspViolations(), [], 'the sanitizer, not the CSP, stopped everything');
    assert.deepEqual(report.errors, []);
  } finally {
    await report.page.close();
  }
});

test('a 200 000-character line wraps or scrolls inside its block and never widens the page', timeout, async () => {
  const report = await harness.open();
  try {
    await report.showReport(hostileReport(harness.beaconOrigin));
    const layout = await report.page.evaluate(() => ({
      viewport: window.innerWidth,
      pageWidth: document.documentElement.scrollWidth,
      cardRights: [...document.querySelectorAll('.finding')].map((card) => card.getBoundingClientRect().right),
      preScrolls: [...document.querySelectorAll('pre')].map((pre) => pre.scrollWidth > pre.clientWidth),
      idOffsets: [...document.querySelectorAll('.finding-heading')].map((heading) => {
        const id = heading.querySelector('.finding-id')?.getBoundingClientRect();
        return { top: (id?.top ?? Infinity) - heading.getBoundingClientRect().top, height: id?.height ?? Infinity };
      }),
    }));
    for (const offset of layout.idOffsets) assert.ok(offset.top < 10 && offset.height < 30, `a finding id sits on the title's first line, on one line: ${JSON.stringify(offset)}`);
    for (const right of layout.cardRights) assert.ok(right <= layout.viewport, `a finding card ends at ${right}px, past the ${layout.viewport}px viewport`);
    assert.ok(layout.pageWidth <= layout.viewport, `the page is ${layout.pageWidth}px wide in a ${layout.viewport}px viewport`);
    assert.ok(layout.preScrolls.includes(true), 'the long line is inside a scrollable block');
  } finally {
    await report.page.close();
  }
});

test('the CSP of the page refuses inline script and foreign images, should anything get past the sanitizer', timeout, async () => {
  const report = await harness.open();
  try {
    await report.page.evaluate((beacon) => {
      const app = document.getElementById('app');
      if (!app) throw new Error('no #app');
      app.innerHTML = `<img src="${beacon}/csp.png"><img src=x onerror="window.__pwned=8">`;
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = 9';
      document.body.append(script);
    }, harness.beaconOrigin);
    await report.page.waitForTimeout(300);
    assert.equal((await contentAudit(report)).pwned, undefined);
    assert.deepEqual(harness.beaconHits, []);
    const violations = await report.cspViolations();
    assert.ok(violations.some((violation) => violation.startsWith(`img-src refused ${harness.beaconOrigin}`)), violations.join('\n'));
    assert.ok(violations.some((violation) => violation.startsWith('script-src-elem refused inline')), violations.join('\n'));
  } finally {
    await report.page.close();
  }
});
