import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withFixStatusAtHead } from '../../../src/engine/fixes/fixAtHead';
import { withCodeInContext } from '../../../src/engine/report/codeInContext';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';
import { WebviewHarness } from './webviewHarness';

// A finding's code in context, in a real Chromium under the panel's CSP: the lines around it as the engine
// reads them from the reviewed commit, numbered, its own lines marked, coloured by highlight.js (classes
// only: the CSP refuses inline styles and eval), tabs as wide as the editor's; its fix as a diff at its real lines.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 60_000 };

/** src/refunds/batchRefunds.ts at the reviewed commit: the loop I1 names is at lines 15-16, a tab-indented line at 18, a string at 20. */
const batchRefunds = [
  "import { settleBatch } from './settle';",
  "import type { Refund } from './types';",
  '',
  '// Refunds are settled in batches so that one slow provider call does not hold the rest.',
  'const defaultSize = 50;',
  '',
  'export async function settleAll(refunds: Refund[], size = defaultSize): Promise<number> {',
  '  let total = 0;',
  '  for (const batch of splitIntoBatches(refunds, size)) total += await settleBatch(batch);',
  '  return total;',
  '}',
  '',
  'function splitIntoBatches(refunds: Refund[], size: number): Refund[][] {',
  '  const batches: Refund[][] = [];',
  '  for (let start = 0; start <= refunds.length; start += size) {',
  '    batches.push(refunds.slice(start, start + size));',
  '  }',
  '\treturn batches; // "done"',
  '}',
  "const label = 'batches';",
  'export const version = 2;',
  '',
].join('\n');

async function reportWithContext(): Promise<ReviewReport> {
  const sample = sampleReport();
  const files = new Map([['src/refunds/batchRefunds.ts', batchRefunds]]);
  const read = (path: string): Promise<string | null> => Promise.resolve(files.get(path) ?? null);
  const findings = sample.findings.filter((finding) => finding.id === 'I1');
  return { ...sample, findings: await withCodeInContext(await withFixStatusAtHead(findings, read), read, 5) };
}

test('a finding shows its lines with 5 lines of context, numbered, its own lines marked, in syntax colours', timeout, async () => {
  const report = await reportWithContext();
  await harness.withReport(report, async (page) => {
    await page.postFromHost({ type: 'showReport', report, statuses: {}, live: true, tabSize: 2 });
    const card = page.page.locator('#finding-I1');
    const lines = card.locator('.code-context .code-line');
    assert.deepEqual(await lines.locator('.line-number').allInnerTexts(), ['10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21']);
    assert.deepEqual(await card.locator('.code-line.named .line-number').allInnerTexts(), ['15', '16']);
    assert.equal(await lines.nth(5).locator('.line-text').innerText(), '  for (let start = 0; start <= refunds.length; start += size) {');
    assert.match(await card.locator('.code-line.named').first().innerText(), /flagged line 15/);

    const colourOf = async (selector: string): Promise<string> => card.locator(`.code-context ${selector}`).first().evaluate((element) => getComputedStyle(element).color);
    const colours = { keyword: await colourOf('.hljs-keyword'), number: await colourOf('.hljs-number'), string: await colourOf('.hljs-string'), plain: await colourOf('code') };
    assert.ok(colours.keyword && colours.number && colours.string, `keywords, numbers and strings are tokens: ${JSON.stringify(colours)}`);
    assert.notEqual(colours.keyword, colours.plain, 'keywords are coloured');
    assert.notEqual(colours.string, colours.plain, 'strings are coloured');
    assert.equal(await card.locator('.code-context [style]').count(), 0, 'no inline styles (the CSP refuses them)');
    assert.equal(await card.locator('.code-context pre').evaluate((pre) => getComputedStyle(pre).tabSize), '2', 'tabs as wide as editor.tabSize');

    const diff = await card.locator('.fix .diff').innerText();
    assert.match(diff, /^@@ -12,7 \+12,7 @@$/m, 'the fix diff is at the real lines, with context');
    assert.match(diff, /^- {2}for \(let start = 0; start <= refunds.length; start \+= size\) \{$/m);
    assert.match(diff, /^\+ {2}for \(let start = 0; start < refunds.length; start \+= size\) \{$/m);
    await page.screenshotBetween('report-code-in-context', '#finding-I1', '#finding-I1 .fix');
  });
});

test('code in the report is never markup: an HTML-looking line stays text', timeout, async () => {
  const report = await reportWithContext();
  const hostile = { ...report, findings: report.findings.map((finding) => ({ ...finding, codeContext: { startLine: 1, lines: ['const a = "<img src=x onerror=\\"window.pwned=1\\">";', '<script>window.pwned=2</script>'] } })) };
  await harness.withReport(hostile, async (page) => {
    const code = page.page.locator('#finding-I1 .code-context');
    assert.match(await code.innerText(), /<img src=x onerror=/);
    assert.equal(await code.locator('img, script').count(), 0);
    assert.equal(await page.page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
  });
});

test('inline code in titles and reconciliation text is shown as code, not as backticks', timeout, async () => {
  const sample = sampleReport();
  const [first] = sample.findings;
  assert.ok(first);
  const report: ReviewReport = {
    ...sample,
    findings: sample.findings.map((finding) => (finding.id === first.id ? { ...finding, title: 'Use `<` instead of `<=` in the loop' } : finding)),
    consolidation: {
      ...sample.consolidation,
      severityChanges: [{ findingId: first.id, from: 'critical', to: first.severity, rationale: 'Only `settleAll` calls it.' }],
      rejected: [{ title: '`retry` never stops', path: 'src/refunds/retry.ts', startLine: 3, severity: 'important', reviewerIds: ['codex-fast'], reason: 'The `for` loop is bounded by `maxAttempts`.' }],
    },
  };
  await harness.withReport(report, async (page) => {
    const title = page.page.locator(`#finding-${first.id} .finding-title`);
    assert.equal(await title.innerText(), 'Use < instead of <= in the loop');
    assert.deepEqual(await title.locator('code').allInnerTexts(), ['<', '<=']);
    assert.deepEqual(await page.page.locator('table.severity-changes code').allInnerTexts(), ['settleAll']);
    assert.deepEqual(await page.page.locator('table.rejected td code').allInnerTexts(), ['retry', 'src/refunds/retry.ts:3', 'for', 'maxAttempts']);
    assert.equal(await page.page.locator('#reconciliation').innerText().then((text) => text.includes('`')), false, 'no literal backticks');
  });
});
