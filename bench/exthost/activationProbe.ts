import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

// Loaded by VS Code's extension host as the "tests" of the extension under development (see
// bench/figures/extensionActivation.ts): activates Deep Review once and writes how long it took.

export const resultFileVariable = 'DEEP_REVIEW_BENCH_ACTIVATION_FILE';

/** The extension's bundles that activation and the first command load, as far as the build has them. */
const startupBundles = ['extension.js', 'extensionMain.js'];

export async function run(): Promise<void> {
  const resultFile = process.env[resultFileVariable];
  if (!resultFile) throw new Error(`${resultFileVariable} is not set`);
  const extension = vscode.extensions.getExtension('deep-review.deep-review');
  if (!extension) throw new Error('deep-review.deep-review is not installed in this extension host');
  const wasActive = extension.isActive;
  const started = performance.now();
  await extension.activate();
  const activateMs = performance.now() - started;
  // Every command handler first waits for the part of the extension that is loaded after activation: the
  // first command to finish marks the extension fully usable (language client started, report code loaded).
  await vscode.commands.executeCommand('deepReview.refreshView');
  const firstCommandMs = performance.now() - started;
  const phases = activationPhases(extension.id);
  fs.writeFileSync(resultFile, JSON.stringify({ activateMs, firstCommandMs, ...phases, reloads: reloadBundles(extension.extensionPath), wasActive, node: process.version, vscode: vscode.version }));
}

interface PerformanceMarks {
  getMarks(): Array<{ name: string; startTime: number }>;
}

/**
 * The part of activation that is the extension's own, from the marks VS Code's extension host sets around
 * loading an extension's code and calling its activate() (an internal of VS Code, hence optional; whole
 * milliseconds). The rest of `extension.activate()` is VS Code's: the extension's context and storage.
 */
function activationPhases(extensionId: string): { loadCodeMs: number | null; activateCallMs: number | null } {
  const marks = (globalThis as { MonacoPerformanceMarks?: PerformanceMarks }).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (name: string): number | undefined => marks.find((mark) => mark.name === `code/extHost/${name}/${extensionId}`)?.startTime;
  const between = (start: string, end: string): number | null => {
    const [from, to] = [at(start), at(end)];
    return from === undefined || to === undefined ? null : to - from;
  };
  return { loadCodeMs: between('willLoadExtensionCode', 'didLoadExtensionCode'), activateCallMs: between('willActivateExtension', 'didActivateExtension') };
}

/** For a breakdown: loading each bundle once more (removed from the module cache first; the file itself is cached by now). */
function reloadBundles(extensionPath: string): Array<{ bundle: string; ms: number }> {
  const load = createRequire(__filename);
  return startupBundles.flatMap((bundle) => {
    const file = path.join(extensionPath, 'dist', bundle);
    if (!fs.existsSync(file)) return [];
    const resolved = load.resolve(file);
    const cached = load.cache[resolved];
    Reflect.deleteProperty(load.cache, resolved);
    const loading = performance.now();
    load(resolved);
    const ms = performance.now() - loading;
    if (cached) load.cache[resolved] = cached;
    return [{ bundle: `dist/${bundle}`, ms }];
  });
}
