import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { listZipEntries, type ZipEntry } from '../../test/integration/package/zipEntries';
import { repoRoot } from './machine';

const run = promisify(execFile);

export interface BundleSize {
  name: string;
  bytes: number;
  gzipBytes: number;
}

/** The bundles in dist/ as they are now (normally the development build: not minified). */
export function distBundles(): BundleSize[] {
  return ['extension', 'extensionMain', 'server', 'webview', 'cli'].flatMap((name) => {
    const file = path.join(repoRoot, 'dist', `${name}.js`);
    if (!fs.existsSync(file)) return [];
    const content = fs.readFileSync(file);
    return [{ name: `dist/${name}.js`, bytes: content.length, gzipBytes: gzipSync(content).length }];
  });
}

export interface PackagedVsix {
  bytes: number;
  entries: ZipEntry[];
  /** Why `npm run package`'s vsce command failed, when it had to be run again with placeholder base URLs. */
  problem: string | null;
}

const placeholderUrl = 'https://example.invalid/deep-review';

/**
 * Packages the extension as `npm run package` does — production build (scripts/build.mjs --production), then
 * vsce with the .vscodeignore allowlist — in a temporary copy of the packaging inputs, so that dist/ (which
 * other suites use) is left alone. Sources and node_modules are linked, not copied. `whilePackaged` gets
 * the production dist/ folder before it is removed.
 */
export async function packageVsix<T>(whilePackaged: (productionDist: string) => Promise<T>): Promise<PackagedVsix & { measured: T }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-bench-vsix-'));
  try {
    for (const file of ['package.json', 'README.md', 'LICENSE', '.vscodeignore']) {
      if (fs.existsSync(path.join(repoRoot, file))) fs.copyFileSync(path.join(repoRoot, file), path.join(work, file));
    }
    for (const folder of ['media', 'prompts', 'scripts']) fs.cpSync(path.join(repoRoot, folder), path.join(work, folder), { recursive: true });
    for (const linked of ['src', 'node_modules']) fs.symlinkSync(path.join(repoRoot, linked), path.join(work, linked));
    await run(process.execPath, ['scripts/build.mjs', '--production'], { cwd: work });
    const vsix = path.join(work, 'deep-review.vsix');
    const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
    const args = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix];
    let problem: string | null = null;
    try {
      await run(vsce, args, { cwd: work });
    } catch (error) {
      // Still measure the size: vsce refuses relative README links without a repository URL, which only changes how links are rewritten.
      problem = (error instanceof Error && 'stderr' in error ? String(error.stderr) : String(error)).replace(/\s+/g, ' ').trim();
      await run(vsce, [...args, '--baseContentUrl', placeholderUrl, '--baseImagesUrl', placeholderUrl], { cwd: work });
    }
    const packaged = { bytes: fs.statSync(vsix).size, entries: listZipEntries(vsix), problem };
    return { ...packaged, measured: await whilePackaged(path.join(work, 'dist')) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * What a minified bundle is made of, by package (or by source folder for our own code), largest first.
 * esbuild with the options of scripts/build.mjs's production node bundles (`external`: what the bundle loads at run time instead), written nowhere.
 */
export async function bundleComposition(entry: string, external: readonly string[] = []): Promise<Array<{ input: string; bytes: number }>> {
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    external: ['vscode', ...external],
    write: false,
    metafile: true,
    outfile: path.join(os.tmpdir(), 'deep-review-bench-composition.js'),
    logLevel: 'silent',
  });
  const inputs = Object.values(result.metafile.outputs).find((output) => output.entryPoint !== undefined)?.inputs ?? {};
  const bytes = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 3).join('/');
    bytes.set(pkg, (bytes.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...bytes].map(([input, size]) => ({ input, bytes: size })).sort((a, b) => b.bytes - a.bytes);
}
