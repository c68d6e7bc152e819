import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { repoRoot } from './paths';
import { launchBrowser, Workbench } from './workbench';

export interface VsCodeSessionOptions extends CodeServerOptions {
  /** Extension folder loaded as under development (default: this repository, built by `npm run build`). */
  devExtensionPath?: string;
}

/**
 * One real VS Code server and one browser for a test file: start it in `before`, close it in `after`.
 * Windows opened with openFolder() load the extension under development.
 */
export class VsCodeSession {
  private readonly workbenches: Workbench[] = [];

  private constructor(
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly devExtensionPath: string,
  ) {}

  static async start(options: VsCodeSessionOptions = {}): Promise<VsCodeSession> {
    const { devExtensionPath = repoRoot, ...serverOptions } = options;
    const entry = path.join(devExtensionPath, 'dist', 'extension.js');
    if (!fs.existsSync(entry)) {
      throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does it before the e2e tests)`);
    }
    const [server, browser] = await Promise.allSettled([startCodeServer(serverOptions), launchBrowser()]);
    if (server.status === 'rejected' || browser.status === 'rejected') {
      if (server.status === 'fulfilled') await server.value.stop();
      if (browser.status === 'fulfilled') await browser.value.close();
      throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
    }
    return new VsCodeSession(server.value, browser.value, devExtensionPath);
  }

  /** A new window on `folder` with the extension under development; waits until the Explorer shows it. */
  async openFolder(folder: string): Promise<Workbench> {
    const workbench = await Workbench.open(this.browser, this.server.url(folder, this.devExtensionPath));
    this.workbenches.push(workbench);
    return workbench;
  }

  /**
   * Runs a test body; on failure saves test-results/<name>-failure.png of the newest window and prints its
   * page console and the extension host log before rethrowing, so a red CI run shows what VS Code saw.
   */
  async withFailureReport<T>(name: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      const workbench = this.workbenches.at(-1);
      if (workbench !== undefined) {
        const shot = await workbench.screenshot(`${name}-failure`).catch((shotError: unknown) => `none (${String(shotError)})`);
        console.error(`--- screenshot: ${shot}\n--- page console ---\n${workbench.consoleText()}`);
      }
      console.error(`--- extension host log ---\n${this.server.extensionHostLog()}`);
      throw error;
    }
  }

  /** Closes every window, the browser and the server (its whole process group); removes its run folder. */
  async close(): Promise<void> {
    await Promise.allSettled(this.workbenches.map((workbench) => workbench.close()));
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
  }
}
