import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { testResultsDir } from '../../e2e/support/paths';
import { sampleReport } from '../../fixtures/sampleReport';
import { hostileLine, hostileReport, imgOnError, javascriptLink, longLine, scriptTag } from './hostileReport';
import { WebviewHarness, type ReportPage } from './webviewHarness';

// Agent and GitHub text in the report webview, in a real Chromium with the page and CSP ReportPanel builds:
// nothing runs, nothing loads, everything shows as text, nothing widens the page.

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

/** The report's other text fields, each holding the payloads, show them as text where they belong. */
async function assertShownAsText(report: ReportPage, line: string): Promise<void> {
  const { page } = report;
  const text = (selector: string): Promise<string> => page.locator(selector).innerText();
  const shows = async (selector: string, expected: string, what: string): Promise<void> => {
    assert.ok((await text(selector)).includes(expected), `${what} (${selector}) shows the payloads as text`);
  };
  assert.equal(await text('.verdict'), line, 'the verdict');
  assert.equal(await text('.not-consolidated .fallback-reason'), line, 'the fallback reason');
  assert.equal(await text('table.metadata .pr-title'), line, 'the PR title');
  assert.equal(await page.locator('table.metadata .pr-number').evaluate((element) => element.tagName), 'SPAN', 'a PR URL that is not plain https is no link');
  await shows('table.metadata', `@${scriptTag}`, 'the PR author');
  await shows('#design .observation-title', line, 'a design observation title');
  await shows('#testing > .markdown', scriptTag, 'the consolidated testing assessment');
  await shows('#testing table.gaps', imgOnError, 'a testing gap');
  await page.locator('#testing details.by-reviewer > summary').click();
  await shows('#testing details.by-reviewer', scriptTag, 'a reviewer\'s testing assessment, once opened');
  await shows('#documentation', imgOnError, 'the documentation assessment');
  await shows('#commits > .markdown', scriptTag, 'the commit assessment');
  await shows('#commits table.files', line, 'a renamed file\'s old path');
  assert.equal(await text('#limitations .quote'), `“${line}”`, 'a limitation quote');
  await shows('#limitations .source', imgOnError, 'a limitation source');
  await shows('#unresolved-feedback table.threads', `@${imgOnError}`, 'a thread author');
  await shows('#unresolved-feedback table.threads', line.slice(0, 200), 'a thread comment (cut to an excerpt)');
  await shows('#unresolved-feedback', `Review threads could not be read: ${line}`, 'the threads problem');
  await shows('#unresolved-feedback', `is ${scriptTag.slice(0, 7)}, not the reviewed commit`, 'the PR head');
  assert.equal(await page.locator('#unresolved-feedback a').count(), 0, 'thread URLs that are not plain https are no links');
  await shows('#retro .narratives', scriptTag, 'a markdown narrative');
  await shows('#retro .narratives', line, 'a plain narrative');
  await shows('#retro .consolidator', `failed: ${line}`, 'the consolidator error');
  await shows('#retro table.retro', scriptTag, 'a reviewer id and tool name');
  await shows('#retro .answer-warnings', line, 'an answer warning');
  await shows('#reconciliation blockquote.fallback', line, 'the fallback reason');
  await shows('#resolution table.resolution', `I1: ${line}`, 'a resolution row title');
  await shows('#resolution table.resolution', imgOnError, 'a resolution reason');
  await shows('#reconciliation table.severity-changes', line, 'a severity rationale');
  await shows('#finding-I2 .severity-change .rationale', line, 'the rationale on the card');
  const rejected = await page.locator('#reconciliation table.rejected td').allInnerTexts();
  assert.equal(rejected[0], line, 'a rejected finding title');
  assert.ok(rejected[1]?.startsWith(`src/${scriptTag}/${imgOnError}.ts:3`), 'a rejected finding path');
  assert.equal(rejected[2], `${scriptTag} (important), ${imgOnError} (important)`, 'who filed it');
  assert.ok(rejected[3]?.startsWith(line), 'a rejected reason');
  await shows('#notes', scriptTag, 'a process note');
}

test('hostile agent text in every field runs nothing, loads nothing and shows as text', timeout, async () => {
  const report = await harness.open();
  try {
    await report.showReport(hostileReport(harness.beaconOrigin));
    const beaconLine = hostileLine(harness.beaconOrigin);
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
    assert.deepEqual(new Set(hrefs), new Set(['https://example.invalid/docs', '#summary', '#finding-I2']), 'only the safe agent links and the page\'s own finding link survive');

    const critical = page.locator('#finding-C1');
    assert.ok((await critical.locator('.finding-title').innerText()).startsWith(`${scriptTag} ${imgOnError}`), 'the title shows the tags as text');
    assert.ok((await critical.locator('pre.snippet').innerText()).startsWith(scriptTag), 'the snippet shows the tags as text');
    assert.ok((await critical.locator('.fix-description').innerText()).startsWith(scriptTag));
    assert.ok((await critical.locator('button.location').innerText()).includes(`src/${scriptTag}/${imgOnError}.ts`));
    assert.ok((await critical.locator('pre.diff').innerText()).includes(`-${scriptTag}`), 'the diff shows the tags as text');
    assert.ok((await page.locator('#summary .markdown').innerText()).includes(scriptTag), 'markdown shows raw HTML as text');
    await assertShownAsText(report, beaconLine);

    await critical.locator('.body p', { hasText: javascriptLink }).click();
    await page.waitForTimeout(100);
    assert.equal((await contentAudit(report)).pwned, undefined, 'clicking the javascript: text did nothing');
    assert.equal(page.url(), `${report.origin}/`);
    await page.locator('table.metadata .pr-number').click();
    for (const comment of await page.locator('#unresolved-feedback table.threads .comment').all()) await comment.click();
    await page.waitForTimeout(100);
    assert.equal((await contentAudit(report)).pwned, undefined, 'clicking the PR and thread text did nothing');
    assert.equal(page.url(), `${report.origin}/`);

    assert.deepEqual(harness.beaconHits, [], 'no beacon image or frame loaded');
    assert.deepEqual(report.foreignRequests(), [], 'no request left the webview origin');
    assert.deepEqual(await report.cspViolations(), [], 'the sanitizer, not the CSP, stopped everything');
    assert.deepEqual(report.errors, []);
  } finally {
    await report.page.close();
  }
});

test('a dismissal reason is user text: the status badge shows it as text, also when it comes in an update, and it never widens the page', timeout, async () => {
  const report = await harness.open();
  try {
    const line = hostileLine(harness.beaconOrigin);
    const declined = (reason: string) => ({ status: 'declined', action: 'declined', reason }) as const;
    await report.showReport(hostileReport(harness.beaconOrigin), { statuses: { I2: declined(line) } });
    await report.postFromHost({ type: 'findingStatuses', statuses: { I2: declined(line), C1: declined(`${line} ${longLine}`) } });
    const { page } = report;
    await page.locator('#finding-C1 .status-badge:not([hidden])').waitFor();
    await page.waitForTimeout(300); // time for an onerror handler or a lazy image, had one got in

    assert.equal(await page.locator('#finding-I2 .status-badge').innerText(), `Declined: ${line}`);
    assert.equal(await page.locator('#finding-I2 .status-badge').getAttribute('title'), `Declined: ${line}`);
    assert.ok((await page.locator('#finding-C1 .status-badge').innerText()).startsWith(`Declined: ${line} xxx`));
    assert.ok((await page.locator('.finding-filters .toggle.reviewer').allInnerTexts()).some((text) => text.startsWith(scriptTag)), 'a hostile reviewer id is a filter toggle\'s text');
    const audit = await contentAudit(report);
    assert.equal(audit.pwned, undefined, 'no script ran');
    assert.deepEqual(audit.forbiddenElements, []);
    assert.deepEqual(audit.unsafeAttributes, []);
    const layout = await page.evaluate(() => ({
      viewport: window.innerWidth,
      pageWidth: document.documentElement.scrollWidth,
      badgeRight: document.querySelector('#finding-C1 .status-badge')?.getBoundingClientRect().right ?? Infinity,
    }));
    assert.ok(layout.pageWidth <= layout.viewport && layout.badgeRight <= layout.viewport, JSON.stringify(layout));
    const badgeHeight = await page.locator('#finding-C1 .status-badge').evaluate((badge) => badge.getBoundingClientRect().height);
    assert.ok(badgeHeight < 100, `a 200 000-character reason stops after three lines, not ${badgeHeight}px`);
    await report.screenshotBetween('webview-hostile-dismissal', '#finding-C1 .finding-meta', '#finding-C1 .finding-toolbar');
    assert.deepEqual(harness.beaconHits, []);
    assert.deepEqual(await report.cspViolations(), []);
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
      cardRights: [...document.querySelectorAll('.finding, table')].map((box) => box.getBoundingClientRect().right),
      preScrolls: [...document.querySelectorAll('pre')].map((pre) => pre.scrollWidth > pre.clientWidth),
      idOffsets: [...document.querySelectorAll('.finding-heading')].map((heading) => {
        const id = heading.querySelector('.finding-id')?.getBoundingClientRect();
        return { top: (id?.top ?? Infinity) - heading.getBoundingClientRect().top, height: id?.height ?? Infinity };
      }),
    }));
    for (const offset of layout.idOffsets) assert.ok(offset.top < 10 && offset.height < 30, `a finding id sits on the title's first line, on one line: ${JSON.stringify(offset)}`);
    for (const right of layout.cardRights) assert.ok(right <= layout.viewport, `a finding card or table ends at ${right}px, past the ${layout.viewport}px viewport`);
    assert.ok(layout.pageWidth <= layout.viewport, `the page is ${layout.pageWidth}px wide in a ${layout.viewport}px viewport`);
    assert.ok(layout.preScrolls.includes(true), 'the long line is inside a scrollable block');
    for (const [name, selector] of Object.entries({ 'unresolved-feedback': '#unresolved-feedback', retro: 'table.retro', reconciliation: '#reconciliation' })) {
      await report.page.locator(selector).evaluate((element) => { element.scrollIntoView(); });
      await report.page.screenshot({ path: path.join(testResultsDir, `webview-hostile-${name}.png`) });
    }
  } finally {
    await report.page.close();
  }
});

test('finding bodies rendered together each stay on their own card, also a body that writes the tags that separate them', timeout, async () => {
  const report = await harness.open();
  try {
    const sample = sampleReport();
    const breakouts = ['</div></div><div>', `</div>${imgOnError}<div class="body">`, `<div>${scriptTag}`, '`</div>` and **</div>**'];
    const findings = sample.findings.map((finding, index) => ({ ...finding, body: `${finding.id}: ${breakouts[index % breakouts.length] ?? ''}` }));
    await report.showReport({ ...sample, findings });
    const bodies = await report.page.locator('article.finding .body').evaluateAll((elements) => elements.map((body) => [body.closest('article')?.id, body.textContent.trim(), body.children.length]));
    assert.deepEqual(bodies, findings.map((finding) => [`finding-${finding.id}`, finding.body.replace(/`|\*\*/g, ''), 1]), 'each body, as text, in one paragraph, on its own card');
    const audit = await contentAudit(report);
    assert.equal(audit.pwned, undefined);
    assert.deepEqual(audit.forbiddenElements, []);
    assert.deepEqual(audit.unsafeAttributes, []);
    assert.deepEqual(report.errors, []);
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
