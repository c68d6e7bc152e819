import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { withFixStatusAtHead } from '../../../src/engine/fixes/fixAtHead';
import { withCodeInContext } from '../../../src/engine/report/codeInContext';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';
import { darkTheme, highContrastTheme, lightTheme } from './otherThemes';
import { WebviewHarness } from './webviewHarness';

// WCAG AA for every text of the report, in a real Chromium: each visible text's rendered colour against the
// colour rendered behind it (translucent layers composited) reaches 4.5:1 in the light, dark and
// high-contrast themes — the verdict, badges, muted text, links, diffs and syntax colours included.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const probe = fs.readFileSync(path.join(__dirname, 'contrastProbe.js'), 'utf8');

interface Failure { text: string; where: string; ratio: number; color: string; background: string }

/** The sample report, its first located finding with code in context (so syntax colours are on the page). */
async function fullReport(): Promise<ReviewReport> {
  const sample = sampleReport();
  const text = Array.from({ length: 30 }, (_, index) => `  const value${index} = "text" + ${index}; // note`).join('\n');
  const read = (): Promise<string | null> => Promise.resolve(text);
  const placed = await withFixStatusAtHead(sample.findings, read);
  const withContext = await withCodeInContext(placed, read, 5);
  return { ...sample, findings: withContext.map((finding) => (finding.codeContext ? finding : { ...finding, codeContext: { startLine: 1, lines: text.split('\n').slice(0, 8) } })) };
}

for (const theme of [lightTheme, darkTheme, highContrastTheme]) {
  test(`every text reaches 4.5:1 contrast in ${theme.name}`, { timeout: 60_000 }, async () => {
    const report = await fullReport();
    await harness.withReport(
      report,
      async (page) => {
        await page.page.locator('.code-context .hljs-string').first().waitFor();
        await page.page.locator('details').evaluateAll((all) => { for (const element of all) (element as HTMLDetailsElement).open = true; });
        const { checked, failures } = await page.page.evaluate<{ checked: string[]; failures: Failure[] }>(`${probe}(4.5)`);
        assert.ok(checked.length > 150, `the probe read the whole report (${checked.length} texts)`);
        for (const part of ['verdict-text', 'hljs-keyword', 'diff-line.removed', 'line-number', 'run-status']) {
          assert.ok(checked.some((where) => where.includes(part)), `the probe read ${part}`);
        }
        assert.deepEqual(failures, [], failures.map((failure) => `${failure.ratio}:1 "${failure.text}" ${failure.color} on ${failure.background} at ${failure.where}`).join('\n'));
        await page.screenshot(`report-contrast-${theme.bodyClass}`, 2_000);
      },
      theme,
    );
  });
}
