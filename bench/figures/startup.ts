import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { profileEntries, profileTable, type CpuProfile } from '../support/cpuProfile';
import { LspProcess } from '../support/lspProcess';
import { repoRoot } from '../support/machine';
import { bundleComposition, distBundles, packageVsix, type PackagedVsix } from '../support/packageSize';
import { against, type FigureReport, type Measurement } from '../support/results';
import { formatBytes, formatMs, formatRatio, median, spread } from '../support/stats';
import { measureActivation, type ActivationResult } from './extensionActivation';

// Figure 5: start-up. The language server from spawn to its initialize result (the production bundle users
// get in the vsix, and dist/ as built); the extension's activation inside VS Code's extension host
// (code-server); the size of the .vsix.

const serverTargetMs = 300;
const activationTargetMs = 100;
const vsixTargetBytes = 2 * 1024 * 1024;

interface ServerSamples {
  production: number[];
  development: number[];
  bareNode: number[];
}

export async function startupFigure(quick: boolean): Promise<FigureReport> {
  const runs = quick ? 3 : 9;
  const developmentServer = path.join(repoRoot, 'dist', 'server.js');
  let vsix: (PackagedVsix & { measured: ServerSamples }) | string;
  try {
    vsix = await packageVsix((dist) => serverSamples(path.join(dist, 'server.js'), developmentServer, runs));
  } catch (error) {
    vsix = error instanceof Error ? error.message : String(error);
  }
  const samples = typeof vsix === 'string' ? await serverSamples(null, developmentServer, runs) : vsix.measured;
  const measured = samples.production.length > 0 ? samples.production : samples.development;
  const serverReady = median(measured);
  const bundle = samples.production.length > 0 ? 'the production server.js of the vsix' : 'dist/server.js';
  const profile = serverReady > serverTargetMs ? await profileServerStart(developmentServer) : [];
  const activation = quick ? null : await measureActivation(3);
  const measurements: Measurement[] = [
    activationMeasurement(activation),
    {
      what: `language server ready: spawn of ${bundle} → initialize result (median of ${measured.length})`,
      value: `${formatMs(serverReady)} (${formatRatio(median(measured.map((ms, at) => ms / samples.bareNode[at]!)))} a bare Node start)`,
      target: `≤ ${formatMs(serverTargetMs)}`,
      status: against(serverReady, serverTargetMs),
    },
    typeof vsix === 'string'
      ? { what: 'vsix size (production build, vsce package)', value: 'n/a', target: `≤ ${formatBytes(vsixTargetBytes)}`, status: 'not measured' }
      : { what: 'vsix size (production build, vsce package)', value: formatBytes(vsix.bytes), target: `≤ ${formatBytes(vsixTargetBytes)}`, status: against(vsix.bytes, vsixTargetBytes) },
  ];
  return {
    number: 5,
    title: 'Start-up',
    measurements,
    details: [
      `Language server ready: spawn → initialize result over stdio, as any LSP client sees it, on Node ${process.version}; the three kinds of start take turns.`,
      '',
      ...(samples.production.length > 0 ? [`- production bundle (minified, as in the vsix): ${spread(samples.production)}`] : []),
      `- dist/server.js as built now (development build): ${spread(samples.development)}`,
      `- for scale, a bare \`node -e\` process until its first output: ${spread(samples.bareNode)}`,
      ...(profile.length > 0
        ? [
            '',
            'Profile of one start of dist/server.js (node --cpu-prof; the target is missed):',
            '',
            ...profile,
            '',
            'Why it is missed: before it reads its first message the server compiles and runs the whole bundle — the LSP library, zod (half of the bundle, see below)',
            'and the engine, which initialize does not need. Proposed (outside bench/): build the engine\'s request handlers (review, export, check, fix) into a',
            'bundle of their own that src/server/server.ts requires on the first such request; call `module.enableCompileCache?.()` first thing in the server',
            '(Node ≥ 22.1, which VS Code\'s runtime is) so later starts skip compiling.',
          ]
        : []),
      '',
      ...activationDetails(activation),
      '',
      ...vsixDetails(vsix),
      '',
      ...(await compositionDetails()),
    ],
  };
}

/** The largest parts of the two node bundles that load at start-up (minified, as in the vsix). */
async function compositionDetails(): Promise<string[]> {
  const [extension, server] = await Promise.all([bundleComposition('src/extension/extension.ts'), bundleComposition('src/server/server.ts')]);
  const total = (parts: ReadonlyArray<{ bytes: number }>): number => parts.reduce((sum, part) => sum + part.bytes, 0);
  const rows = (parts: ReadonlyArray<{ input: string; bytes: number }>): string =>
    parts.slice(0, 5).map((part) => `${part.input} ${formatBytes(part.bytes)} (${Math.round((part.bytes / total(parts)) * 100)}%)`).join(', ');
  return [
    'What the minified start-up bundles are made of (esbuild metafile, by package; the rest is spread thin):',
    '',
    `- extension.js (${formatBytes(total(extension))}): ${rows(extension)}`,
    `- server.js (${formatBytes(total(server))}): ${rows(server)}`,
  ];
}

async function serverSamples(production: string | null, development: string, runs: number): Promise<ServerSamples> {
  const samples: ServerSamples = { production: [], development: [], bareNode: [] };
  for (let run = -1; run < runs; run++) {
    const developmentMs = await serverReadyMs(development);
    const productionMs = production ? await serverReadyMs(production) : Number.NaN;
    const bare = await bareNodeStart();
    if (run < 0) continue;
    samples.development.push(developmentMs);
    if (production) samples.production.push(productionMs);
    samples.bareNode.push(bare);
  }
  return samples;
}

async function serverReadyMs(serverJs: string, nodeOptions: readonly string[] = []): Promise<number> {
  const server = await LspProcess.start([...nodeOptions, serverJs]);
  await server.stop();
  return server.readyMs;
}

/** Spawn of a Node process that prints one byte, until the byte arrives. */
function bareNodeStart(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', 'process.stdout.write("r")'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', () => { resolve(performance.now() - started); });
    child.once('error', reject);
  });
}

/** Where a start of the (readable) development bundle spends its time, heaviest first. */
async function profileServerStart(serverJs: string): Promise<string[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-bench-prof-'));
  try {
    await serverReadyMs(serverJs, ['--cpu-prof', `--cpu-prof-dir=${folder}`, '--cpu-prof-interval=250']);
    const file = fs.readdirSync(folder).find((name) => name.endsWith('.cpuprofile'));
    if (!file) return [];
    const profile = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as CpuProfile;
    return profileTable(profileEntries(profile), 16);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function activationMeasurement(activation: ActivationResult | null): Measurement {
  const what = 'extension activation in VS Code\'s extension host (code-server): activate() of deep-review.deep-review';
  if (!activation || activation.samples.length === 0) return { what, value: 'n/a', target: `≤ ${formatMs(activationTargetMs)}`, status: 'not measured' };
  const ms = median(activation.samples.map((sample) => sample.activateMs));
  return { what: `${what} (median of ${activation.samples.length} fresh extension hosts)`, value: formatMs(ms), target: `≤ ${formatMs(activationTargetMs)}`, status: against(ms, activationTargetMs) };
}

function activationDetails(activation: ActivationResult | null): string[] {
  if (!activation) return ['Extension activation is measured in full runs only: each sample starts code-server and a Chromium workbench (about 20 s).'];
  const lines = [
    'Extension activation: scripts/code-shim.mjs runs real VS Code (code-server, tools/code-server) with the extension under development (dist/ as built) and a probe',
    '(bench/exthost/activationProbe.ts, bundled to a temporary folder) as its tests; the probe times `await extension.activate()` — loading dist/extension.js',
    'and running activate(), which registers the commands, the view, the serializer and the URI handler and starts the language client without awaiting it.',
    '',
    `- activate(): ${spread(activation.samples.map((s) => s.activateMs))}`,
    `- loading dist/extension.js once more after activation (module cache cleared; the file and V8's code cache are warm by then): ${spread(activation.samples.map((s) => s.reloadMs))}`,
    `- the rest of activate() is the first, cold load of that bundle and the registrations, in VS Code ${activation.samples[0]?.vscode ?? '?'} on Node ${activation.samples[0]?.node ?? '?'}`,
  ];
  if (activation.failures.length > 0) lines.push('', 'Samples that failed:', ...activation.failures.map((failure) => `- ${failure}`));
  if (median(activation.samples.map((s) => s.activateMs)) > activationTargetMs) {
    lines.push(
      '',
      'Why it is missed: activation loads dist/extension.js cold — vscode-languageclient, zod and the report model are all in it — before activate() runs.',
      'Proposed (outside bench/): a small activation entry that registers the commands, view, serializer and URI handler with lazy handlers and loads the',
      'language client, zod and the report code on first use (the restore of the last report can wait until activation has returned).',
      '',
      'Before/after, 2026-11-23: activate() awaited `languageClient.start()` — 1308 ms (median of 3, full run at 16:14); with the client started without',
      'being awaited, 496 ms (18:28, median of 3, min 208 ms, on a machine busy with other tests).',
    );
  }
  return lines;
}

function vsixDetails(vsix: PackagedVsix | string): string[] {
  const bundles = distBundles();
  const lines = [
    'Bundles in dist/ as built now (the development build, not minified; sourcemaps not counted):',
    '',
    '| bundle | bytes | gzip |',
    '|---|---|---|',
    ...bundles.map((bundle) => `| ${bundle.name} | ${formatBytes(bundle.bytes)} | ${formatBytes(bundle.gzipBytes)} |`),
    '',
  ];
  if (typeof vsix === 'string') return [...lines, `The vsix could not be packaged: ${vsix}`];
  const largest = [...vsix.entries].sort((a, b) => b.size - a.size).slice(0, 10);
  const problem = vsix.problem === null
    ? []
    : [`⚠️ \`vsce package\` as \`npm run package\` runs it failed: "${vsix.problem}" — the size below is of the same package made with placeholder \`--baseContentUrl\`/\`--baseImagesUrl\`.`, ''];
  return [
    ...lines,
    ...problem,
    `The vsix, packaged as \`npm run package\` does (production build + vsce, .vscodeignore allowlist) in a temporary copy: ${formatBytes(vsix.bytes)}, ${vsix.entries.length} entries. Largest (uncompressed):`,
    '',
    '| entry | size |',
    '|---|---|',
    ...largest.map((entry) => `| ${entry.name} | ${formatBytes(entry.size)} |`),
  ];
}
