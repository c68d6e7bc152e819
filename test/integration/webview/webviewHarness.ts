import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { reportPageHtml } from '../../../src/extension/reportHtml';
import type { FindingStatuses } from '../../../src/shared/findingStatus';
import type { ReviewReport } from '../../../src/shared/reportModel';
import type { HostToWebviewMessage } from '../../../src/shared/webviewMessages';
import { repoRoot, testResultsDir } from '../../e2e/support/paths';
import { launchBrowser } from '../../e2e/support/workbench';
import { darkThemeVariables } from './darkTheme';

// The report webview in a real Chromium, outside VS Code: a tiny server plays the webview's resource
// origin and serves the very page ReportPanel builds (same CSP), an init script (vscodeApiStub.js) plays VS
// Code's `acquireVsCodeApi`, and window.postMessage plays the host. The page script is bundled from
// src/webview with the options of scripts/build.mjs when the harness starts, so the tests run the sources
// as they are (no `npm run build` needed), and the codicons come from the package build.mjs copies them from.

const vscodeApiStub = fs.readFileSync(path.join(__dirname, 'vscodeApiStub.js'), 'utf8');
const codiconsDir = path.join(repoRoot, 'node_modules', '@vscode', 'codicons', 'dist');
const contentTypes: Record<string, string> = {
  '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.map': 'application/json',
};

/** What the page left in `window.__harness`: messages it posted to the "host" and CSP violations. */
interface HarnessRecord {
  posted: unknown[];
  violations: string[];
  /** Every value the page gave `vscode.setState`, in order. */
  states: unknown[];
}

/** A listening server on 127.0.0.1 with a random port. */
async function listen(handler: http.RequestListener): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
}

export class WebviewHarness {
  private constructor(
    private readonly browser: Browser,
    private readonly bundleDir: string,
    private readonly assets: http.Server,
    /** The webview's resource origin: the page, its CSP source and its assets. */
    readonly origin: string,
    private readonly beacon: http.Server,
    /** A second origin agent text may point images or links at. */
    readonly beaconOrigin: string,
    /** Every request the beacon server got: a tracking image that loads would show up here. */
    readonly beaconHits: readonly string[],
  ) {}

  static async start(): Promise<WebviewHarness> {
    const bundleDir = await bundleWebview();
    const assets = await listen((request, response) => { serveAsset(assets.origin, bundleDir, request.url ?? '/', response); });
    const hits: string[] = [];
    const beacon = await listen((request, response) => {
      hits.push(request.url ?? '');
      response.writeHead(204).end();
    });
    try {
      return new WebviewHarness(await launchBrowser(), bundleDir, assets.server, assets.origin, beacon.server, beacon.origin, hits);
    } catch (error) {
      await Promise.all([close(assets.server), close(beacon.server)]);
      fs.rmSync(bundleDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** A fresh page on the report webview, loaded and past the `ready` handshake. */
  async open(theme: { variables: Record<string, string>; bodyClass: string } = { variables: darkThemeVariables, bodyClass: 'vscode-dark' }): Promise<ReportPage> {
    const page = await this.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    const report = new ReportPage(page, this.origin);
    await page.addInitScript({ content: `${vscodeApiStub}\ninstallVsCodeStub(${JSON.stringify(theme.variables)}, ${JSON.stringify(theme.bodyClass)});` });
    await page.goto(`${this.origin}/`);
    await page.waitForFunction(() => (window as unknown as { __harness: HarnessRecord }).__harness.posted.length > 0);
    return report;
  }

  /** Shows `report` on a fresh page, runs `check`, then asserts the page logged no error and broke no CSP rule. */
  async withReport(report: ReviewReport, check: (page: ReportPage) => Promise<void>, theme?: { variables: Record<string, string>; bodyClass: string }): Promise<void> {
    const page = await this.open(theme);
    try {
      await page.showReport(report);
      await check(page);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(await page.cspViolations(), []);
    } finally {
      await page.page.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
    await Promise.all([close(this.assets), close(this.beacon)]);
    fs.rmSync(this.bundleDir, { recursive: true, force: true });
  }
}

/** One report webview page and everything it did: requests, console errors, CSP violations, posted messages. */
export class ReportPage {
  readonly requests: string[] = [];
  /** Console errors and uncaught exceptions. */
  readonly errors: string[] = [];

  constructor(readonly page: Page, readonly origin: string) {
    page.on('request', (request) => { this.requests.push(request.url()); });
    page.on('console', (message) => { if (message.type() === 'error') this.errors.push(`console: ${message.text()}`); });
    page.on('pageerror', (error) => { this.errors.push(`pageerror: ${error.message}`); });
  }

  /** Posts a message the way the extension host does; the page sees it as a `message` event. Any value, to test bad ones. */
  async postFromHost(message: unknown): Promise<void> {
    await this.page.evaluate((data) => { window.postMessage(data, '*'); }, message);
  }

  /** Sends the report (by default live, every finding open) and waits until it is rendered. */
  async showReport(report: ReviewReport, options: { statuses?: FindingStatuses; live?: boolean } = {}): Promise<void> {
    await this.postFromHost({ type: 'showReport', report, statuses: options.statuses ?? {}, live: options.live ?? true } satisfies HostToWebviewMessage);
    await this.page.locator('#app[aria-busy="false"] .report').waitFor();
  }

  /** The values the page gave `vscode.setState`, in order. */
  async states(): Promise<unknown[]> {
    return (await this.record()).states;
  }

  /** The messages the page posted to the host, in order. */
  async posted(): Promise<unknown[]> {
    return (await this.record()).posted;
  }

  async cspViolations(): Promise<string[]> {
    return (await this.record()).violations;
  }

  /** Requests that went anywhere but the webview's own origin. */
  foreignRequests(): string[] {
    return this.requests.filter((url) => !url.startsWith(`${this.origin}/`));
  }

  /** The whole page, down to `maxHeight` pixels, into test-results/<name>.png. */
  async screenshot(name: string, maxHeight = 6_000): Promise<string> {
    fs.mkdirSync(testResultsDir, { recursive: true });
    const file = path.join(testResultsDir, `${name}.png`);
    // A tall viewport rather than fullPage: Chromium cannot capture a page hundreds of thousands of pixels high.
    const viewport = this.page.viewportSize() ?? { width: 1280, height: 800 };
    const height = await this.page.evaluate(() => document.documentElement.scrollHeight);
    await this.page.setViewportSize({ width: viewport.width, height: Math.min(height, maxHeight) });
    try {
      await this.page.screenshot({ path: file });
    } finally {
      await this.page.setViewportSize(viewport);
    }
    return file;
  }

  /** The page from the top of `from` to the bottom of `to` (both selectors), into test-results/<name>.png. */
  async screenshotBetween(name: string, from: string, to: string): Promise<string> {
    fs.mkdirSync(testResultsDir, { recursive: true });
    const file = path.join(testResultsDir, `${name}.png`);
    const viewport = this.page.viewportSize() ?? { width: 1280, height: 800 };
    // Scrolled to `from` in a viewport tall enough for the range, rather than fullPage (see screenshot()).
    const range = async (): Promise<{ top: number; height: number }> => {
      await this.page.locator(from).evaluate((element) => {
        element.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -16);
      });
      const [top, bottom] = await Promise.all([this.page.locator(from).boundingBox(), this.page.locator(to).boundingBox()]);
      if (!top || !bottom) throw new Error(`${from} or ${to} is not shown`);
      return { top: Math.max(0, top.y - 12), height: bottom.y + bottom.height + 12 - Math.max(0, top.y - 12) };
    };
    const needed = await range();
    await this.page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.min(Math.ceil(needed.height) + 24, 6_000)) });
    try {
      const { top, height } = await range();
      const size = this.page.viewportSize() ?? viewport;
      await this.page.screenshot({ path: file, clip: { x: 0, y: top, width: size.width, height: Math.min(height, size.height - top) } });
    } finally {
      await this.page.setViewportSize(viewport);
    }
    return file;
  }

  private async record(): Promise<HarnessRecord> {
    return this.page.evaluate(() => (window as unknown as { __harness: HarnessRecord }).__harness);
  }
}

/** dist/webview.js as scripts/build.mjs builds it, into a temporary folder. */
async function bundleWebview(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-webview-'));
  try {
    await esbuild.build({
      entryPoints: { webview: path.join(repoRoot, 'src', 'webview', 'main.ts') },
      outdir: dir,
      bundle: true,
      sourcemap: 'linked',
      legalComments: 'none',
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      logLevel: 'error',
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

/** Where a page URL's file is: the fresh bundle, the codicons, or media/. Null for anything else. */
function assetFile(bundleDir: string, pathname: string): string | null {
  const inside = (folder: string, relative: string): string | null => {
    const file = path.join(folder, relative);
    return file.startsWith(folder + path.sep) ? file : null;
  };
  if (pathname.startsWith('/dist/codicons/')) return inside(codiconsDir, pathname.slice('/dist/codicons/'.length));
  if (pathname.startsWith('/dist/')) return inside(bundleDir, pathname.slice('/dist/'.length));
  if (pathname.startsWith('/media/')) return inside(path.join(repoRoot, 'media'), pathname.slice('/media/'.length));
  return null;
}

function serveAsset(origin: string, bundleDir: string, url: string, response: http.ServerResponse): void {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, origin).pathname);
  } catch {
    response.writeHead(400).end();
    return;
  }
  if (pathname === '/') {
    const html = reportPageHtml({ assetUri: (...segments) => `${origin}/${segments.join('/')}`, cspSource: origin });
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    return;
  }
  if (pathname === '/favicon.ico') {
    // Chromium asks a top-level page for one; the real webview, an iframe, does not.
    response.writeHead(204).end();
    return;
  }
  const file = assetFile(bundleDir, pathname);
  if (file === null || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(response);
}
