import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

// Loaded by VS Code's extension host as the "tests" of the extension under development (see
// bench/figures/extensionActivation.ts): activates Deep Review once and writes how long it took.

export const resultFileVariable = 'DEEP_REVIEW_BENCH_ACTIVATION_FILE';

export async function run(): Promise<void> {
  const resultFile = process.env[resultFileVariable];
  if (!resultFile) throw new Error(`${resultFileVariable} is not set`);
  const extension = vscode.extensions.getExtension('deep-review.deep-review');
  if (!extension) throw new Error('deep-review.deep-review is not installed in this extension host');
  const wasActive = extension.isActive;
  const started = performance.now();
  await extension.activate();
  const activateMs = performance.now() - started;
  // For a breakdown: loading the bundle once more (removed from the module cache first; the file itself is cached by now).
  const load = createRequire(__filename);
  const main = load.resolve(path.join(extension.extensionPath, 'dist', 'extension.js'));
  const cached = load.cache[main];
  Reflect.deleteProperty(load.cache, main);
  const loading = performance.now();
  load(main);
  const reloadMs = performance.now() - loading;
  if (cached) load.cache[main] = cached;
  fs.writeFileSync(resultFile, JSON.stringify({ activateMs, reloadMs, wasActive, node: process.version, vscode: vscode.version }));
}
