import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { severities } from '../../src/shared/findingModel';
import type { ReviewReport } from '../../src/shared/reportModel';
import { WebviewHarness, type ReportPage } from '../../test/integration/webview/webviewHarness';
import { profileEntries, type CpuProfile, type ProfileEntry } from '../support/cpuProfile';

// The report webview's first paint, in Debian's Chromium through the webview test harness (the page
// ReportPanel builds, its CSP, dist/webview.js).

const firstPaintScript = fs.readFileSync(path.join(__dirname, '..', 'support', 'firstPaint.js'), 'utf8');

export interface PaintSample {
  /** ms from posting showReport until the report is in the DOM (and the revealed finding focused). */
  rendered: number;
  /** ms until the frame showing it has been painted. */
  painted: number;
  /** Finding cards in view in that frame that showed only their heading (0 when the first screenful was complete). */
  pendingInView: number;
  /** ms until every finding card had its details (built in idle time after the first paint); null in the profiled run, which stops at the first paint. */
  complete: number | null;
  nodes: number;
}

/** The report; the sample report; the report with a revealFinding of its last finding right after (a Problems-panel link opening it). */
export type PaintVariant = 'report' | 'sample report' | 'report revealing its last finding';

/** Fresh pages, `runs` of each variant in turn (after one warm-up round). */
export async function measurePaint(shown: Record<PaintVariant, ReviewReport>, runs: number, profile: boolean): Promise<{ samples: Record<PaintVariant, PaintSample[]>; profile: ProfileEntry[] }> {
  const harness = await WebviewHarness.start();
  const samples: Record<PaintVariant, PaintSample[]> = { report: [], 'sample report': [], 'report revealing its last finding': [] };
  let entries: ProfileEntry[] = [];
  try {
    for (let run = -1; run < runs; run++) {
      for (const variant of Object.keys(samples) as PaintVariant[]) {
        const report = shown[variant];
        const sample = await onFreshPage(harness, report, variant === 'report revealing its last finding' ? lastInPageOrder(report) : null, null);
        if (run >= 0) samples[variant].push(sample);
      }
    }
    if (profile) {
      await onFreshPage(harness, shown.report, null, (cpuProfile) => {
        entries = profileEntries(cpuProfile, (url) => url === '' || url.endsWith('/webview.js'));
      });
    }
  } finally {
    await harness.close();
  }
  return { samples, profile: entries };
}

/** The id of the finding shown last: the report lists them by severity. */
export function lastInPageOrder(report: ReviewReport): string {
  const last = severities.flatMap((severity) => report.findings.filter((finding) => finding.severity === severity)).at(-1);
  if (!last) throw new Error('the report has no findings to reveal');
  return last.id;
}

async function onFreshPage(harness: WebviewHarness, report: ReviewReport, revealId: string | null, onProfile: ((profile: CpuProfile) => void) | null): Promise<PaintSample> {
  const view = await harness.open();
  try {
    // Handed over first, so that moving the report into the page is not part of the time.
    await view.page.evaluate((data) => { (window as unknown as { benchReport: unknown }).benchReport = data; }, report);
    const cdp = onProfile ? await startProfiler(view) : null;
    const sample = await view.page.evaluate<PaintSample>(`(${firstPaintScript})(window.benchReport, ${JSON.stringify(revealId)}, ${onProfile !== null})`);
    if (cdp && onProfile) onProfile((await cdp.send('Profiler.stop')).profile);
    const problems = [...view.errors, ...(await view.cspViolations())];
    if (problems.length > 0) throw new Error(`the report page failed: ${problems.join('; ')}`);
    return sample;
  } finally {
    await view.page.close();
  }
}

async function startProfiler(view: ReportPage): Promise<CDPSession> {
  const cdp = await view.page.context().newCDPSession(view.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return cdp;
}
