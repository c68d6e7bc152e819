import '../src/shared/zodSetup';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bigBranchFigure } from './figures/bigBranch';
import { consolidatorInputFigure } from './figures/consolidatorInput';
import { consolidatorScaleFigure } from './figures/consolidatorScale';
import { contextCollectionFigure } from './figures/contextCollection';
import { diagnosticsFigure } from './figures/diagnostics';
import { fidelityFigure } from './figures/fidelity';
import { orchestrationFigure, type ConsolidatorInputSample } from './figures/orchestration';
import { reportFigure } from './figures/reportFigure';
import { sandboxStartupFigure } from './figures/sandboxStartup';
import { startupFigure } from './figures/startup';
import { unchangedHeadFigure } from './figures/unchangedHead';
import { describeRun, repoRoot } from './support/machine';
import { renderResults, type FigureReport } from './support/results';

// `npm run bench` — every figure of issue 8, written to bench/RESULTS.md.
// usage: node --import tsx bench/run.ts [--quick] [--only 1,3] [--out FILE]
//   --quick   few iterations (CI checks that it completes); writes nothing unless --out is given
//   --only    just these figures (RESULTS.md is then not written unless --out is given)
//   --out     where to write the results (default bench/RESULTS.md for a full run of every figure)

interface Options {
  quick: boolean;
  only: Set<number> | null;
  out: string | null;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { quick: false, only: null, out: null };
  for (let at = 0; at < argv.length; at++) {
    const arg = argv[at]!;
    const value = (): string => {
      const next = argv[++at];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--only') options.only = new Set(value().split(',').map(Number));
    else if (arg === '--out') options.out = path.resolve(value());
    else throw new Error(`unknown argument ${arg} (usage: bench/run.ts [--quick] [--only 1,3] [--out FILE])`);
  }
  if (!options.out && !options.quick && !options.only) options.out = path.join(repoRoot, 'bench', 'RESULTS.md');
  return options;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  for (const bundle of ['server', 'webview', 'extension']) {
    if (!fs.existsSync(path.join(repoRoot, 'dist', `${bundle}.js`))) throw new Error(`dist/${bundle}.js is missing: run \`npm run build\` first`);
  }
  const started = performance.now();
  const startLoad = os.loadavg();
  const wanted = (figure: number): boolean => options.only === null || options.only.has(figure);
  const figures: FigureReport[] = [];
  let consolidatorSamples: ConsolidatorInputSample[] = [];
  const step = async (figure: number, name: string, measure: () => Promise<FigureReport | null>): Promise<void> => {
    if (!wanted(figure)) return;
    const at = performance.now();
    process.stderr.write(`bench: ${figure}. ${name}…\n`);
    const report = await measure();
    if (report) figures.push(report);
    process.stderr.write(`bench: ${figure}. ${name} done in ${((performance.now() - at) / 1000).toFixed(1)} s\n`);
  };

  await step(1, 'orchestration overhead', async () => {
    const { figure, consolidatorSamples: samples } = await orchestrationFigure(options.quick);
    consolidatorSamples = samples;
    return figure;
  });
  await step(2, 'context collection', () => contextCollectionFigure(options.quick));
  await step(3, 'diagnostics', () => diagnosticsFigure(options.quick));
  await step(4, 'report', () => reportFigure(options.quick));
  await step(5, 'start-up', () => startupFigure(options.quick));
  await step(6, 'unchanged HEAD', () => unchangedHeadFigure(options.quick));
  await step(7, 'consolidator input size', () => Promise.resolve(wanted(1) ? consolidatorInputFigure(consolidatorSamples) : null));
  await step(8, 'fidelity to real reviewers', () => Promise.resolve(fidelityFigure(options.quick)));
  await step(9, 'sandbox start-up', () => sandboxStartupFigure(options.quick));
  await step(10, 'consolidator at scale', () => consolidatorScaleFigure(options.quick));
  await step(11, 'big branches', () => bigBranchFigure(options.quick));

  const info = describeRun(options.quick ? 'quick' : 'full', (performance.now() - started) / 1000, startLoad);
  const markdown = renderResults(info, figures);
  process.stdout.write(markdown);
  if (options.out) {
    fs.writeFileSync(options.out, markdown);
    process.stderr.write(`bench: wrote ${path.relative(process.cwd(), options.out) || options.out}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
