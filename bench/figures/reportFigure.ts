import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { version as toolVersion } from '../../package.json';
import { createCommitFileReader } from '../../src/engine/git/commitFileReader';
import { renderMarkdownReport } from '../../src/engine/report/markdownReport';
import { writeReportFiles } from '../../src/engine/report/reportFiles';
import { renderSarifReport } from '../../src/engine/report/sarifReport';
import type { ReviewReport } from '../../src/shared/reportModel';
import { sampleReport } from '../../test/fixtures/sampleReport';
import { profileTable } from '../support/cpuProfile';
import { against, type FigureReport, type Measurement } from '../support/results';
import { reviewerAnswer, reviewerFinding } from '../support/reviewerFindings';
import { formatMs, formatRatio, median, spread, timed } from '../support/stats';
import { createSyntheticRepo } from '../support/syntheticRepo';
import { findingsGrid, syntheticReport } from '../support/syntheticReport';
import { lastInPageOrder, measurePaint, type PaintSample } from './webviewPaint';

// Figure 4: the report. (a) The webview from the showReport message to the first frame painted with 500
// findings; (b) the Markdown, JSON and SARIF exports of the same report, as the Export command writes them.

const paintTargetMs = 300;
const exportTargetMs = 100;
const findingsPerFile = 5;
/** Not a product path: SARIF rendering with the fixes' files already in memory, to show what the reads cost. */
const inMemorySarif = 'SARIF, files from memory';

/** Kept with the figure so that a new RESULTS.md still says what changed (figures of that day's runs). */
const sarifHistory = [
  'Before/after, 2026-11-23 (commit 3b524a2 plus the change): until then every file was read through two git processes of its own (`ls-tree`, then',
  '`cat-file blob`), at most 3 at a time. In this figure (500 findings, 100 files): SARIF 2768 ms and all three 2326 ms before (the run of 16:14 that',
  'day), 37.2 ms and 75.3 ms after (18:05). Side by side in one process, the previous reader and this one alternating on the same report (3 runs of 9, load 4–6): SARIF export, median',
  '769–1341 ms before and 34.5–49.2 ms after; all three (writeReportFiles), 1020–1495 ms before and 82–117 ms after; the SARIF logs were identical.',
  'What changed: src/engine/git/catFileBatch.ts (one long-lived `git cat-file --batch`, hardened environment, only object ids written to it) and',
  'createCommitFileReader on top of it, which shares one such process among the reads made together and closes it when none is open.',
];

/** Kept with the figure so that a new RESULTS.md still says what changed in the webview (figures of that day's runs). */
const paintHistory = [
  'Before/after, 2026-12-06 (commit 80a2206 plus the change): until then every finding card was built whole before the first paint — per card a markdown-it',
  'render and a DOMPurify pass (each parsing into a new document), the quoted code and the fix diff: 19769 elements for these 500 findings (`.finding` already had',
  '`content-visibility: auto` in reports of 40 findings or more). In this figure: first paint 661 ms before (the run of 16:12 that day; 796 ms on 2026-11-23),',
  '223 ms after (17:10); the sample report 219 ms and 170 ms in the same runs. Side by side in one process, the bundle of 80a2206 and this one alternating on the',
  'same report (3 runs of 9, load 1.3–5): first paint median 588–691 ms before and 207–260 ms after (paired ratios 0.36–0.40).',
  'What changed (src/webview): a card starts as its heading (cloned from a template), and the rest of it is built at once for the first screenful, for a card',
  'revealed or focused and the screenful after it, for cards that scroll near the view (an IntersectionObserver, from the first idle period on), and for every',
  'other card in page order in idle-time batches of ten, whose bodies share one DOMPurify pass (renderMarkdownEach: less than half the time of ten passes).',
  'Filters, counts, statuses, keys and reveal act on cards still without their details (test/integration/webview/deferredFindings.test.ts). Token counts in',
  'the retro are grouped by hand: the first toLocaleString of a page loads locale data, some 30 ms.',
];

export async function reportFigure(quick: boolean): Promise<FigureReport> {
  const pageRuns = quick ? 2 : 7;
  const exportRuns = quick ? 2 : 9;
  // 500 findings; a quick run shows 200, so that it stays short (the SARIF export alone takes seconds).
  const findingFiles = quick ? 40 : 100;
  const synthetic = createSyntheticRepo({ modifiedFiles: 0, newFiles: findingFiles, linesPerFile: findingsPerFile * 10, commits: 5 });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-bench-report-'));
  try {
    const answer = reviewerAnswer(findingsGrid(findingFiles, findingsPerFile, 10).map(reviewerFinding), 'Claude');
    const report = await syntheticReport(synthetic, [{ reviewerId: 'claude', answer }]);
    const exports = await measureExports(report, scratch, exportRuns);
    const paints = await measurePaint({ report, 'sample report': sampleReport(), 'report revealing its last finding': report }, pageRuns, !quick);
    const large = paints.samples.report;
    const revealing = paints.samples['report revealing its last finding'];
    const painted = median(large.map((s) => s.painted));
    const revealedPainted = median(revealing.map((s) => s.painted));
    const exportRows: Measurement[] = Object.entries(exports).filter(([name]) => name !== inMemorySarif).map(([name, samples]) => ({
      what: `${name}, ${report.findings.length} findings (median of ${samples.length})`,
      value: formatMs(median(samples)),
      target: `≤ ${formatMs(exportTargetMs)}`,
      status: against(median(samples), exportTargetMs),
    }));
    const profile = paints.profile.length > 0
      ? ['', `Where the page's time goes (one more run under the Chrome DevTools profiler; \`(program)\` is the browser's own work: style, layout, paint):`, '', ...profileTable(paints.profile, 14)]
      : [];
    return {
      number: 4,
      title: 'Report',
      measurements: [
        {
          what: `webview, ${report.findings.length} findings: showReport posted → first frame painted, real Chromium (median of ${pageRuns})`,
          value: `${formatMs(painted)} (${formatRatio(painted / median(paints.samples['sample report'].map((s) => s.painted)))} the ${sampleReport().findings.length}-finding sample report's, same runs)`,
          target: `≤ ${formatMs(paintTargetMs)}`,
          status: against(painted, paintTargetMs),
        },
        {
          what: 'the same with a revealFinding of its last finding right after (a Problems-panel link opening the report) → that finding painted, same runs',
          value: formatMs(revealedPainted),
          target: `≤ ${formatMs(paintTargetMs)}`,
          status: 'no target',
        },
        ...exportRows,
      ],
      details: [
        `A report of ${report.findings.length} findings over ${findingFiles} files (engine-built from a generated branch; half of them with a fix), around the sections of the sample report.`,
        '',
        'Webview: test/integration/webview/webviewHarness.ts serves the page ReportPanel builds (same CSP, dist/webview.js) to Debian\'s Chromium (headless, 1280×800);',
        'each run opens a fresh page, waits for its ready message, then posts showReport as the extension host does (in the reveal variant, revealFinding of the',
        `last finding, ${lastInPageOrder(report)}, right after) and times inside the page (bench/support/firstPaint.js) until the report is in the DOM (and that finding focused), until the`,
        'next frame has been painted (the task after the following animation frame), and until every finding card has its details. At the painted frame it counts',
        'the finding cards in the viewport that still showed only their heading: 0 means the first screenful was painted complete. Variants take turns within each run.',
        '',
        `- ${report.findings.length} findings, report in the DOM: ${spread(large.map((s) => s.rendered))}`,
        `- ${report.findings.length} findings, first paint: ${spread(large.map((s) => s.painted))} (${large[0]?.nodes ?? 0} elements; ${headingOnlyInView(large)})`,
        `- ${report.findings.length} findings, every card's details built (idle-time batches after the first paint): ${spread(completed(large))}`,
        `- ${report.findings.length} findings revealing ${lastInPageOrder(report)}: in the DOM and focused ${spread(revealing.map((s) => s.rendered))}; painted ${spread(revealing.map((s) => s.painted))} (${headingOnlyInView(revealing)})`,
        `- the sample report (${sampleReport().findings.length} findings), first paint: ${spread(paints.samples['sample report'].map((s) => s.painted))} (${paints.samples['sample report'][0]?.nodes ?? 0} elements)`,
        ...profile,
        ...(painted > paintTargetMs
          ? ['', `Why it is missed: ${formatMs(median(large.map((s) => s.rendered)))} pass before the report is in the DOM (the profile above shows where), the rest until the frame is painted.`]
          : []),
        '',
        ...paintHistory,
        '',
        'Exports: renderMarkdownReport, JSON.stringify (as reportFiles.ts writes it) and renderSarifReport reading the files of fixes at the reviewed commit through',
        'createCommitFileReader (as the Export command does: the review worktree is gone by then); "all three" is writeReportFiles as the Export command calls it',
        '(schema check, render, atomic writes).',
        '',
        ...Object.entries(exports).map(([name, samples]) => `- ${name}: ${spread(samples)}`),
        '',
        `SARIF reads the ${new Set(report.findings.filter((f) => f.fix).flatMap((f) => f.fix!.edits.map((e) => e.path))).size} files that fixes edit through one \`git cat-file --batch\` process (createCommitFileReader: the commit's trees walked by object id,`,
        'then the blobs), started for the export and closed after it; the "files from memory" line is the same rendering with those texts handed over from memory, i.e. what is left without the reads.',
        ...(median(exports['SARIF export'] ?? []) > exportTargetMs
          ? ['', 'Why SARIF is missed: compare with "files from memory" — the difference is the reads (src/engine/git/commitFileReader.ts, catFileBatch.ts).']
          : []),
        '',
        ...sarifHistory,
      ],
    };
  } finally {
    synthetic.repo.remove();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** "no finding card in view showed only its heading", or how many did at most. */
function headingOnlyInView(samples: readonly PaintSample[]): string {
  const most = Math.max(...samples.map((s) => s.pendingInView));
  return most === 0 ? 'no finding card in view showed only its heading' : `up to ${most} finding cards in view showed only their heading`;
}

function completed(samples: readonly PaintSample[]): number[] {
  return samples.flatMap((s) => (s.complete === null ? [] : [s.complete]));
}

async function measureExports(report: ReviewReport, scratch: string, runs: number): Promise<Record<string, number[]>> {
  const sarifOptions = () => ({ readFileAtHead: createCommitFileReader(report.branch.repoRoot, report.branch.head), toolVersion });
  const headFiles = new Map<string, string | null>();
  const inMemory = { readFileAtHead: (file: string) => Promise.resolve(headFiles.get(file) ?? null), toolVersion };
  const reader = createCommitFileReader(report.branch.repoRoot, report.branch.head);
  for (const finding of report.findings) for (const edit of finding.fix?.edits ?? []) headFiles.set(edit.path, await reader(edit.path));
  const samples: Record<string, number[]> = { 'Markdown export': [], 'JSON export': [], 'SARIF export': [], 'all three (writeReportFiles)': [], [inMemorySarif]: [] };
  for (let run = -1; run < runs; run++) {
    const times = {
      'Markdown export': await timed(() => Promise.resolve(renderMarkdownReport(report))),
      'JSON export': await timed(() => Promise.resolve(`${JSON.stringify(report, null, 2)}\n`)),
      'SARIF export': await timed(async () => `${JSON.stringify(await renderSarifReport(report, sarifOptions()), null, 2)}\n`),
      'all three (writeReportFiles)': await timed(() => writeReportFiles(report, path.join(scratch, `run${run + 1}`), ['md', 'json', 'sarif'], { sarif: sarifOptions() })),
      [inMemorySarif]: await timed(async () => `${JSON.stringify(await renderSarifReport(report, inMemory), null, 2)}\n`),
    };
    if (run >= 0) for (const [name, ms] of Object.entries(times)) samples[name]!.push(ms);
  }
  return samples;
}
