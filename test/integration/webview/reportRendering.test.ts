import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';
import { WebviewHarness, type ReportPage } from './webviewHarness';

// The report webview in a real Chromium, with the page and CSP ReportPanel builds: every section of the
// report, in order, with its values.

let harness: WebviewHarness;
before(async () => { harness = await WebviewHarness.start(); });
after(async () => { await harness.close(); });

const timeout = { timeout: 60_000 };

/** Opens a page, shows the sample report (or the given one), runs the checks, then checks nothing went wrong. */
async function withSample(run: (report: ReportPage, sample: ReviewReport) => Promise<void>, sample: ReviewReport = sampleReport()): Promise<void> {
  const report = await harness.open();
  try {
    await report.showReport(sample);
    await run(report, sample);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(await report.cspViolations(), []);
  } finally {
    await report.page.close();
  }
}

/** The text of each row of a table, cell by cell. */
async function tableRows(report: ReportPage, selector: string): Promise<string[][]> {
  return report.page.locator(`${selector} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell as HTMLElement).innerText.trim())));
}

test('a normal report renders every section in the order of the Markdown report, after the page said ready', timeout, async () => {
  const report = await harness.open();
  try {
    assert.deepEqual(await report.posted(), [{ type: 'ready' }], 'the page posts ready before it has a report');
    await report.showReport(sampleReport());
    const { page } = report;
    assert.equal(await page.locator('h1').innerText(), 'Deep Review: 20260309-140731-pr-41');
    assert.deepEqual(await page.locator('#app section.report-section > h2').allInnerTexts(), [
      'Executive Summary',
      'Critical Issues (1)',
      'Important Issues (2)',
      'Suggestions (1)',
      'Design Observations',
      'Testing Assessment',
      'Documentation Assessment',
      'Commit Structure',
      'Acknowledged Limitations',
      'Unresolved Feedback',
      'Agent Performance Retro',
      'Reconciliation',
      'Review Process Notes',
      'Resolution',
    ]);
    await report.screenshot('webview-report');
    assert.ok(await page.evaluate(async () => { await document.fonts.ready; return document.fonts.check('16px codicon'); }), 'the codicon font loads under the CSP');
    assert.deepEqual(await report.cspViolations(), []);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.foreignRequests(), []);
    assert.deepEqual(await report.posted(), [{ type: 'ready' }]);
  } finally {
    await report.page.close();
  }
});

test('the header shows the verdict and the metadata rows, with the pull request linked', timeout, async () => {
  await withSample(async ({ page }) => {
    assert.equal(await page.locator('.verdict').innerText(), 'Needs changes — 1 critical issue (C1) and 2 important issues to resolve before merging');
    assert.equal(await page.locator('.verdict-banner').getAttribute('class'), 'verdict-banner decision-needs-changes');
    const metadata = await page.locator('table.metadata tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell as HTMLElement).innerText)));
    assert.deepEqual(metadata.map((row) => row[0]), ['Date', 'Repo', 'Round', 'Author', 'PR', 'Branch', 'Base', 'Commits', 'Reviewers', 'Consolidation', 'Verdict', 'Wall-clock time']);
    const value = (name: string): string | undefined => metadata.find((row) => row[0] === name)?.[1];
    assert.equal(value('Date'), '2026-03-09 14:07 UTC');
    assert.equal(value('Round'), '2 (of PR #41)');
    assert.equal(value('Author'), '@rivka');
    assert.equal(value('PR'), '#41 — Settle refunds in batches');
    assert.equal(value('Branch'), 'feature/refund-batches (HEAD 9e8d7c6)');
    assert.equal(value('Consolidation'), 'Claude Code (opus, high)');
    assert.equal(value('Wall-clock time'), '1 h 2 min 5 s');
    assert.equal(value('Reviewers'), 'Claude Code (opus, high)\ncodex-fast: Codex (gpt-5-codex, medium)\nGemini CLI (gemini-2.5-pro, default) — failed');
    const prLink = page.locator('table.metadata a.pr-number');
    assert.equal(await prLink.getAttribute('href'), 'https://github.com/ledger/ledger-api/pull/41');
    assert.equal(await prLink.innerText(), '#41');
    assert.equal(await page.locator('.not-consolidated').count(), 0, 'no "not consolidated" banner when the consolidator ran');
  });
});

test('finding cards show each reporter, the severity it filed when it differs, and why the severity changed', timeout, async () => {
  await withSample(async ({ page }, sample) => {
    assert.deepEqual(await page.locator('.finding-title').allInnerTexts(), sample.findings.map((finding) => finding.title.replace(/`/g, '')), 'inline code is shown as code');
    const badges = await page.locator('#finding-C1 .reviewers .reviewer').evaluateAll((items) => items.map((item) => [item.querySelector('.reviewer-id')?.textContent, item.querySelector('.filed-as')?.textContent ?? null]));
    assert.deepEqual(badges, [['claude', null], ['codex-fast', 'filed as important']]);
    assert.equal(await page.locator('#finding-C1 .reviewer .filed-as .codicon-warning').count(), 1, 'the filed severity has its icon');
    assert.equal(await page.locator('#finding-I2 .severity-change').innerText(), 'Lowered from Critical: Only reachable from the admin tool, which already requires a signed-in operator.');
    assert.equal(await page.locator('#finding-C1 .finding-heading .codicon-error').getAttribute('aria-label'), 'Critical');
  });
});

test('the assessments, commits, limitations and unresolved feedback show their content', timeout, async (t) => {
  await withSample(async (report) => {
    const { page } = report;
    await t.test('design observations are grouped into concerns and strengths', async () => {
      assert.deepEqual(await page.locator('#design h3').allInnerTexts(), ['Concerns', 'Strengths']);
      assert.equal(await page.locator('#design .observation.concern').count(), 2);
      assert.deepEqual(await page.locator('#design .observation.strength .reviewer').allInnerTexts(), ['claude']);
    });
    await t.test('testing gaps are ranked by risk in a table, and the reviewers\' own words fold away', async () => {
      assert.deepEqual(await tableRows(report, '#testing table.gaps'), [
        ['1', 'High', 'Settlement with ids that contain quotes (C1).'],
        ['2', 'Medium', 'splitIntoBatches at exact multiples of the batch size (I1).'],
        ['3', 'Low', 'Cancellation of a running settlement.'],
      ]);
      assert.equal(await page.locator('#testing details.by-reviewer .attributed').count(), 2);
      assert.equal(await page.locator('#testing details.by-reviewer').getAttribute('open'), null);
    });
    await t.test('commit structure lists the commits and the changed files', async () => {
      assert.ok((await page.locator('#commits .markdown').innerText()).startsWith('Two commits, code then docs'));
      assert.deepEqual(await page.locator('#commits ul.commits li').allInnerTexts(), ['a1b2c3d refunds: settle refunds in batches', 'b2c3d4e docs: describe refund batches | limits']);
      assert.deepEqual((await tableRows(report, '#commits table.files')).slice(1), [
        ['src/refunds/types.ts (renamed from src/refund.ts)', '4', '1'],
        ['docs/refunds.md', '9', '0'],
        ['docs/batch-flow.png', 'binary', ''],
      ]);
    });
    await t.test('acknowledged limitations are quoted with their source', async () => {
      assert.equal(await page.locator('#limitations li').innerText(), '“Retries of a failed batch are not handled yet.” — commit a1b2c3d');
    });
    await t.test('unresolved feedback lists the review threads', async () => {
      assert.deepEqual(await tableRows(report, '#unresolved-feedback table.threads'), [['src/refunds/batchRefunds.ts:12', '@osman', 'Should the batch size come from config instead of a constant?', '1']]);
      assert.equal(await page.locator('#unresolved-feedback a.thread-link').getAttribute('href'), 'https://github.com/ledger/ledger-api/pull/41#discussion_r1001');
    });
  });
});

test('the retro table has a column per reviewer and the rows of the Markdown retro', timeout, async () => {
  await withSample(async (report, sample) => {
    const { page } = report;
    const columns = await page.locator('table.retro thead th[scope="col"]').allInnerTexts();
    assert.deepEqual(columns, sample.reviewers.map((run) => run.reviewerId));
    const rows = await tableRows(report, 'table.retro');
    for (const row of rows) assert.equal(row.length, 1 + sample.reviewers.length, `one cell per reviewer in ${JSON.stringify(row)}`);
    const row = (name: string): string[] | undefined => rows.find((cells) => cells[0] === name)?.slice(1);
    assert.deepEqual(rows.map((cells) => cells[0]), ['Model', 'Status', 'Duration', 'Findings', 'Tool calls', 'Design observations', 'False positives', 'Unique insights', 'Files reviewed', 'Coverage misses', 'Downgraded', 'Turns', 'Tokens', 'Cost', 'Retries']);
    assert.deepEqual(row('Status')?.slice(0, 2), ['succeeded', 'succeeded']);
    assert.ok(row('Status')?.[2]?.startsWith('failed: gemini exited with code 1 | quota exceeded'));
    assert.deepEqual(row('Findings'), ['1C 1I', '1C 1I 1S', 'none']);
    assert.deepEqual(row('Tool calls')?.[0], '12 (Read 7, Grep 3, Bash(git diff) 2)');
    assert.deepEqual(row('False positives'), ['0', '1', '0']);
    assert.deepEqual(row('Unique insights'), ['1', '2', '0']);
    assert.deepEqual(row('Files reviewed'), ['4 of 4 (4 given in the prompt, 3 opened)', '1 of 4 (opened)', '—']);
    assert.match(await page.locator('#retro .retro-footnote').innerText(), /^Files reviewed counts the changed files a reviewer covered: "given in the prompt" when .* Coverage misses counts /);
    assert.deepEqual(row('Coverage misses'), ['1', '1', '—']);
    assert.deepEqual(row('Downgraded'), ['0', '1 (C→I)', '0']);
    assert.deepEqual(row('Cost'), ['$1.84', '—', '—']);
    assert.deepEqual(await page.locator('#retro .narratives dt').allInnerTexts(), ['claude', 'codex-fast', 'gemini']);
    assert.ok((await page.locator('#retro .narratives dd').first().innerText()).startsWith('Found the injected settlement query'));
    assert.equal(
      await page.locator('#retro .totals').innerText(),
      'Totals: 6 reported, 4 kept (1 reported by several reviewers), 1 downgraded, 0 upgraded, 1 dropped as false positives, 1 rerun.',
    );
    assert.ok((await page.locator('#retro .consolidator').innerText()).startsWith('Consolidator: Claude Code (opus, high) — consolidated; 1 min 35 s'));
    const warnings = await page.locator('#retro .answer-warnings li').evaluateAll((items) => items.map((item) => [item.querySelector('.reviewer-id')?.textContent, item.querySelector('.warning-text')?.textContent]));
    assert.deepEqual(warnings, [['codex-fast', 'Finding "Batch size constant": dropped because its path "/etc/refunds.conf" is not inside the repository.']]);
    // The retro closes with the comparison of the reviewers, after everything else in it.
    assert.equal(await page.locator('#retro > :last-child h3').innerText(), 'How the reviewers compare');
    assert.deepEqual(await page.locator('#retro .reviewer-comparison li').allInnerTexts(), [
      'Found what no other reviewer did: claude I1; codex-fast I2, S1; gemini nothing.',
      'Noisiest: codex-fast, with 1 finding rejected as a false positive.',
      'Cost per kept finding: claude $0.92 (2 kept for $1.84); codex-fast unknown (its CLI reported no cost); gemini unknown (its CLI reported no cost).',
    ]);
  });
});

test('reconciliation shows the severity changes and the dropped false positives, and a finding id leads to its card', timeout, async () => {
  await withSample(async (report) => {
    const { page } = report;
    assert.deepEqual(await tableRows(report, '#reconciliation table.severity-changes'), [
      ['I2', 'critical', 'important', 'Only reachable from the admin tool, which already requires a signed-in operator.'],
    ]);
    assert.deepEqual(await tableRows(report, '#reconciliation table.rejected'), [
      ['Refund ids may collide', 'src/refunds/types.ts:3', 'codex-fast (important)', 'Ids are UUIDs generated by the database; the type alias does not change that.'],
    ]);
    await page.locator('#reconciliation a.finding-link', { hasText: 'I2' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'finding-I2', 'focus moved to the finding');
    assert.deepEqual(await page.locator('#notes li').allInnerTexts(), ['I2 could not be located at HEAD; it has no diagnostic.', 'Reviewer gemini did not finish: gemini exited with code 1 | quota exceeded.']);
  });
});

test('the report ends with the resolution table of the branch’s ledger', timeout, async () => {
  await withSample(async (report) => {
    assert.deepEqual(await tableRows(report, '#resolution table.resolution'), [['2026-03-09', '2', '9e8d7c6', 'I1: Refund total ignores the fee', 'Fixed — its code is gone at 9e8d7c6']]);
    assert.equal(await report.page.locator('#app section.report-section').last().getAttribute('id'), 'resolution');
  });
});

test('without a consolidator or a pull request the report says so: a banner, the reason, no PR rows, no link', timeout, async () => {
  const sample = sampleReport();
  sample.pullRequest = { available: false, reason: '`gh` is not authenticated: run `gh auth login`.' };
  sample.verdictDecision = 'merge-with-fixes';
  sample.verdict = 'Merge with fixes — fix I1 first';
  const consolidator = sample.consolidation.consolidator;
  if (!consolidator) throw new Error('the sample report has no consolidator');
  sample.consolidation = {
    ...sample.consolidation,
    mode: 'deterministic',
    consolidator: { ...consolidator, status: 'failed', error: 'claude timed out after 10 min' },
    fallbackReason: 'The consolidator failed (claude timed out after 10 min); findings are merged by location and concern only.',
    severityChanges: [],
    rejected: [],
  };
  await withSample(async (report) => {
    const { page } = report;
    assert.equal(await page.locator('#summary .not-consolidated').innerText(), `Not consolidated: ${sample.consolidation.fallbackReason ?? ''}`);
    assert.equal(await page.locator('.verdict-banner').getAttribute('class'), 'verdict-banner decision-merge-with-fixes');
    const metadata = await page.locator('table.metadata th').allInnerTexts();
    assert.ok(!metadata.includes('PR') && !metadata.includes('Author'), metadata.join(', '));
    assert.equal(await page.locator('table.metadata tr', { hasText: 'Round' }).locator('td').innerText(), '2');
    assert.equal(await page.locator('h1').innerText(), 'Deep Review: 20260309-140731-feature-refund-batches');
    assert.equal(await page.locator('#unresolved-feedback .unavailable').innerText(), 'Not available: `gh` is not authenticated: run `gh auth login`.');
    assert.equal(await page.locator('#unresolved-feedback table').count(), 0);
    assert.ok((await page.locator('#reconciliation').innerText()).includes(sample.consolidation.fallbackReason ?? '?'));
    assert.ok((await page.locator('#retro .consolidator').innerText()).includes('— failed: claude timed out after 10 min'));
    assert.equal(await page.locator('#app a.pr-number').count(), 0);
    await report.screenshot('webview-report-fallback', 1_400);
  }, sample);
});

test('the verdict banner takes the theme color of its decision', timeout, async () => {
  const colors: Record<string, string> = {};
  for (const decision of ['merge', 'merge-with-fixes', 'needs-changes'] as const) {
    const sample = sampleReport();
    sample.verdictDecision = decision;
    await withSample(async ({ page }) => {
      colors[decision] = await page.locator('.verdict-banner > .codicon').evaluate((icon) => getComputedStyle(icon).color);
    }, sample);
  }
  // The theme's passed, warning and error colours (#73c991, #cca700, #f14c4c) mixed 55:45 with its text colour (#cccccc), to read as text.
  const mixed = (r: number, g: number, b: number): string => `color(srgb ${[r, g, b].map((channel) => Number(((channel * 0.55 + 204 * 0.45) / 255).toFixed(6))).join(' ')})`;
  assert.deepEqual(colors, { merge: mixed(115, 201, 145), 'merge-with-fixes': mixed(204, 167, 0), 'needs-changes': mixed(241, 76, 76) });
});

test('in a narrow editor column every card and table fits, without a horizontal scrollbar on the page', timeout, async () => {
  await withSample(async (report) => {
    const { page } = report;
    await page.setViewportSize({ width: 520, height: 900 });
    const layout = await page.evaluate(() => ({
      viewport: window.innerWidth,
      pageWidth: document.documentElement.scrollWidth,
      overflowing: [...document.querySelectorAll('.finding, table, .verdict-banner')]
        .filter((box) => box.getBoundingClientRect().right > window.innerWidth)
        .map((box) => box.className || box.tagName),
    }));
    assert.ok(layout.pageWidth <= layout.viewport, `the page is ${layout.pageWidth}px wide in a ${layout.viewport}px viewport`);
    assert.deepEqual(layout.overflowing, []);
    await report.screenshot('webview-report-narrow', 9_000);
  });
});
