import { performance } from 'node:perf_hooks';
import { consolidate } from '../../src/engine/consolidation/consolidate';
import { buildConsolidatorInput, clustersOf } from '../../src/engine/consolidation/consolidatorInput';
import { buildFindings, type BuiltFindings } from '../../src/engine/findings/buildFindings';
import { renderConsolidatorPrompt } from '../../src/engine/prompts/consolidatorPrompt';
import { defaultRunners } from '../../src/engine/review/runnerRegistry';
import type { ConsolidatorAnswer } from '../../src/shared/consolidatorAnswer';
import type { ReviewerAnswer } from '../../src/shared/reviewerAnswer';
import { answerWith } from '../../test/fixtures/discountBranch';
import { TempRepo } from '../../test/fixtures/gitRepo';
import { step } from '../../test/fixtures/modelServer/modelServer';
import { sampleReport } from '../../test/fixtures/sampleReport';
import { envWithoutAgentVariables, startScriptedAgents } from '../../test/fixtures/scriptedAgents';
import type { FigureReport } from '../support/results';
import { formatBytes, formatMs, formatRatio, median, medianOf, spread } from '../support/stats';

// Figure 10: a consolidator for 2,000 groups of findings. Before the prompt went by stdin it was one
// command-line argument, and past about 248 groups (128 KiB) the consolidator was skipped. Here the real
// Codex CLI consolidates 2,000 clusters against a scripted server that answers at once, side by side with
// 20 clusters: the difference is what the size costs (input built, prompt sent, read by the CLI).

const largeCount = 2_000;
const smallCount = 20;
const argumentLimitBytes = 128 * 1024;

interface ScaleSample {
  inputBuildMs: number;
  promptBytes: number;
  /** consolidate() from call to return: input built, CLI started, prompt read, answer applied. */
  consolidateMs: number;
  cliMs: number;
}

function findingsFor(count: number): { answer: ReviewerAnswer; files: Map<string, string> } {
  const files = new Map<string, string>();
  const findings: ReviewerAnswer['findings'] = [];
  for (let index = 0; index < count; index += 1) {
    const file = `src/module${index % 200}/handler${index}.ts`;
    const line = `export const value${index} = compute${index}(input${index}, options${index});`;
    files.set(file, `${line}\n`);
    findings.push({ severity: 'suggestion', title: `Finding ${index} about handler ${index}`, body: 'The value is computed twice. '.repeat(8), file, startLine: 1, endLine: 1, snippet: line, fix: null, tags: [] });
  }
  return { answer: answerWith(findings), files };
}

async function sample(count: number, worktree: string): Promise<ScaleSample> {
  const { answer, files } = findingsFor(count);
  const answers = [{ reviewerId: 'claude', answer }];
  const built: BuiltFindings = await buildFindings({ answers, readFileAtHead: (file) => Promise.resolve(files.get(file) ?? null) });
  const keys = clustersOf(built).map((cluster) => cluster.key);
  const branch = sampleReport().branch;
  const at = performance.now();
  const input = buildConsolidatorInput({ branch, clusters: clustersOf(built), answers, failedReviewers: [] }, 90_000);
  const prompt = renderConsolidatorPrompt(branch, input, { cli: 'codex' });
  const inputBuildMs = performance.now() - at;
  const ruling: ConsolidatorAnswer = {
    verdict: { decision: 'merge', reason: 'Suggestions only.' },
    executiveSummary: 'One repeated suggestion.',
    findings: [{ clusters: keys, severity: 'suggestion', severityRationale: null, title: 'Computed twice', body: 'Compute once.', location: null }],
    rejected: [],
    designObservations: [],
    testingAssessment: { summary: '', gaps: [] },
    documentationAssessment: '',
    commitStructure: '',
    acknowledgedLimitations: [],
    processNotes: [],
    reviewerNotes: [],
  };
  const agents = await startScriptedAgents({ consolidator: { cli: 'codex', script: [step.structured(ruling)] } });
  try {
    const started = performance.now();
    const sections = await consolidate({
      consolidator: agents.consolidator,
      registry: defaultRunners(),
      worktree,
      signal: new AbortController().signal,
      baseEnv: { ...envWithoutAgentVariables(), ...agents.env },
      emit: () => undefined,
      branch,
      built,
      answers,
      failedReviewers: [],
    });
    const consolidateMs = performance.now() - started;
    const run = sections.consolidation.consolidator;
    if (sections.consolidation.mode !== 'agent' || !run) throw new Error(`the consolidator did not run for ${count} clusters: ${sections.consolidation.fallbackReason ?? 'no reason'}`);
    return { inputBuildMs, promptBytes: Buffer.byteLength(prompt, 'utf8'), consolidateMs, cliMs: run.stats.durationMs };
  } finally {
    await agents.dispose();
  }
}

export async function consolidatorScaleFigure(quick: boolean): Promise<FigureReport> {
  const runs = quick ? 1 : 5;
  const scratch = TempRepo.create({ 'README.md': '# bench\n' }, 'deep-review-bench-consolidator-');
  const large: ScaleSample[] = [];
  const small: ScaleSample[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      small.push(await sample(smallCount, scratch.root));
      large.push(await sample(largeCount, scratch.root));
    }
  } finally {
    scratch.remove();
  }
  const of = (samples: ScaleSample[], pick: (s: ScaleSample) => number): number => median(samples.map(pick));
  const largeConsolidate = of(large, (s) => s.consolidateMs);
  const smallConsolidate = of(small, (s) => s.consolidateMs);
  const largePrompt = large[0]?.promptBytes ?? 0;
  return {
    number: 10,
    title: 'Consolidator at scale',
    measurements: [
      {
        what: `${largeCount} clusters: consolidator input built (clusters → JSON → prompt) (${medianOf(runs)})`,
        value: formatMs(of(large, (s) => s.inputBuildMs)),
        target: '—',
        status: 'no target',
      },
      {
        what: `${largeCount} clusters: consolidate() with the real Codex CLI answering at once (input built, CLI started, prompt by stdin, answer applied) ÷ the same for ${smallCount} clusters (${medianOf(runs)})`,
        value: `${formatMs(largeConsolidate)} (${formatRatio(largeConsolidate / smallConsolidate)})`,
        target: 'consolidated (no size limit)',
        status: 'met',
      },
    ],
    details: [
      `${runs} runs of each size, alternating, in one process; the scripted server answers each model request at once, so the times are the product's and the CLI's, not a model's. The machine was shared with other suites while measuring: compare the ratio, not the milliseconds.`,
      '',
      '| clusters | prompt | input built | consolidate() | Codex spawn → exit |',
      '|---|---|---|---|---|',
      ...[
        { count: smallCount, samples: small },
        { count: largeCount, samples: large },
      ].map(({ count, samples }) => `| ${count} | ${formatBytes(samples[0]?.promptBytes ?? 0)} | ${formatMs(of(samples, (s) => s.inputBuildMs))} | ${formatMs(of(samples, (s) => s.consolidateMs))} ${spread(samples.map((s) => s.consolidateMs))} | ${formatMs(of(samples, (s) => s.cliMs))} |`),
      '',
      `The ${largeCount}-cluster prompt is ${formatBytes(largePrompt)}, ${formatRatio(largePrompt / argumentLimitBytes)} of Linux's ${formatBytes(argumentLimitBytes)} limit for one command-line argument: it goes to the CLI by stdin (Claude Code, Codex) or in the system-prompt file (Gemini CLI).`,
    ],
  };
}
