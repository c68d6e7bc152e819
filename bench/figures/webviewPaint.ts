import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import type { ReviewReport } from '../../src/shared/reportModel';
import { WebviewHarness, type ReportPage } from '../../test/integration/webview/webviewHarness';
import { profileEntries, type CpuProfile, type ProfileEntry } from '../support/cpuProfile';

// The report webview's first paint, in Debian's Chromium through the webview test harness (the page
// ReportPanel builds, its CSP, dist/webview.js).

const firstPaintScript = fs.readFileSync(path.join(__dirname, '..', 'support', 'firstPaint.js'), 'utf8');

/** A change to media/report.css proposed by this bench, tried through the CSSOM (which the page's CSP allows). */
export const contentVisibilityRule = '.finding { content-visibility: auto; contain-intrinsic-size: auto 360px; }';

export interface PaintSample {
  /** ms from posting showReport until the report is in the DOM. */
  rendered: number;
  /** ms until the frame showing it has been painted. */
  painted: number;
  nodes: number;
}

export type PaintVariant = 'report' | 'sample report' | 'report with content-visibility';

/** Fresh pages, `runs` of each variant in turn (after one warm-up round). */
export async function measurePaint(shown: Record<PaintVariant, ReviewReport>, runs: number, profile: boolean): Promise<{ samples: Record<PaintVariant, PaintSample[]>; profile: ProfileEntry[] }> {
  const harness = await WebviewHarness.start();
  const samples: Record<PaintVariant, PaintSample[]> = { report: [], 'sample report': [], 'report with content-visibility': [] };
  let entries: ProfileEntry[] = [];
  try {
    for (let run = -1; run < runs; run++) {
      for (const variant of Object.keys(samples) as PaintVariant[]) {
        const sample = await onFreshPage(harness, shown[variant], variant === 'report with content-visibility', null);
        if (run >= 0) samples[variant].push(sample);
      }
    }
    if (profile) {
      await onFreshPage(harness, shown.report, false, (cpuProfile) => {
        entries = profileEntries(cpuProfile, (url) => url === '' || url.endsWith('/webview.js'));
      });
    }
  } finally {
    await harness.close();
  }
  return { samples, profile: entries };
}

async function onFreshPage(harness: WebviewHarness, report: ReviewReport, contentVisibility: boolean, onProfile: ((profile: CpuProfile) => void) | null): Promise<PaintSample> {
  const view = await harness.open();
  try {
    // Handed over first, so that moving the report into the page is not part of the time.
    await view.page.evaluate((data) => { (window as unknown as { benchReport: unknown }).benchReport = data; }, report);
    if (contentVisibility) await view.page.evaluate((rule) => { document.styleSheets[0]?.insertRule(rule, document.styleSheets[0].cssRules.length); }, contentVisibilityRule);
    const cdp = onProfile ? await startProfiler(view) : null;
    const sample = await view.page.evaluate<PaintSample>(`(${firstPaintScript})(window.benchReport)`);
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
