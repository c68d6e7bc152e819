import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCommitFileReader } from '../../src/engine/git/commitFileReader';
import { recordRound, startRound } from '../../src/engine/review/reviewRounds';
import { runReviewWithTranscripts, type ReviewResult } from '../../src/engine/review/runReview';
import type { ReviewerAnswer } from '../../src/shared/reviewerAnswer';
import type { AgentCli } from '../../src/shared/reviewerConfig';
import { step } from '../../test/fixtures/modelServer/modelServer';
import { stringsIn } from '../../test/fixtures/modelServer/requestText';
import { envWithoutAgentVariables, startScriptedAgents } from '../../test/fixtures/scriptedAgents';
import { consolidatorAnswer, filesInRepo, linesPerFile, reviewAnswers, type ReviewAnswers } from '../support/orchestrationSetup';
import { against, type FigureReport } from '../support/results';
import { formatMs, median, medianOf, spread, timed } from '../support/stats';
import { createSyntheticRepo } from '../support/syntheticRepo';
import { trivialRun } from './cliStartup';

// Figure 1: three real CLIs (Claude Code, Codex, Gemini CLI) review in parallel against scripted model
// servers that answer after 2, 3 and 5 s, then a real Codex consolidates (answering after 1 s). What the
// orchestration adds is the wall-clock minus the slowest reviewer minus the consolidator call, both as
// the engine measured them (spawn to exit of the CLI), in the same run.

/** The three CLIs this figure measures (opencode came later). */
type FigureCli = Exclude<AgentCli, 'opencode'>;
const latencyMs: Record<FigureCli, number> = { claude: 2_000, codex: 3_000, gemini: 5_000 };
const consolidatorLatencyMs = 1_000;
const targetMs = 1_000;

/** What one run leaves for figure 7 (consolidator input size). */
export interface ConsolidatorInputSample {
  inputBytes: number;
  promptBytes: number;
  answerBytes: number;
  transcriptBytes: number;
  clusters: number;
}

interface RunSample {
  wallMs: number;
  slowestMs: number;
  consolidatorMs: number;
  overheadMs: number;
  durations: Record<string, number>;
  phases: Record<string, number>;
}

export async function orchestrationFigure(quick: boolean): Promise<{ figure: FigureReport; consolidatorSamples: ConsolidatorInputSample[] }> {
  const runs = quick ? 1 : 5;
  const startupRuns = quick ? 1 : 5;
  const { repo, headFiles } = createSyntheticRepo({ modifiedFiles: 0, newFiles: filesInRepo, linesPerFile, commits: 4 });
  const answers = reviewAnswers();
  const { answer: consolidation, clusters } = await consolidatorAnswer(answers, headFiles);
  const samples: RunSample[] = [];
  const consolidatorSamples: ConsolidatorInputSample[] = [];
  const failures: string[] = [];
  const startup: Record<FigureCli, number[]> = { claude: [], codex: [], gemini: [] };
  let lastResult: ReviewResult | null = null;
  let recording: string[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      // Each run is round 1: the branch's history from the run before would change the prompts.
      fs.rmSync(path.join(repo.root, '.git', 'deep-review'), { recursive: true, force: true });
      const measured = await measureReview(repo.root, answers, consolidation);
      if (typeof measured === 'string') failures.push(measured);
      else {
        samples.push(measured.sample);
        consolidatorSamples.push({ ...measured.sizes, clusters });
        lastResult = measured.result;
      }
    }
    if (lastResult) recording = await profileRecording(repo.root, lastResult);
    for (let run = 0; run < startupRuns; run++) {
      for (const cli of ['claude', 'codex', 'gemini'] as const) {
        const ms = await trivialRun(repo.root, cli);
        if (typeof ms === 'string') failures.push(ms);
        else startup[cli].push(ms);
      }
    }
  } finally {
    repo.remove();
  }

  const overhead = median(samples.map((sample) => sample.overheadMs));
  const wall = median(samples.map((sample) => sample.wallMs));
  const findingCount = answers.claude.findings.length + answers.codex.findings.length + answers.gemini.findings.length;
  const phaseNames = samples[0] ? Object.keys(samples[0].phases) : [];
  return {
    consolidatorSamples,
    figure: {
      number: 1,
      title: 'Orchestration overhead',
      measurements: [
        {
          what: `wall-clock − slowest reviewer − consolidator call; 3 real CLIs at 2/3/5 s, ${findingCount} findings, Codex consolidating at 1 s (${medianOf(samples.length)})`,
          value: `${formatMs(overhead)} (${((overhead / wall) * 100).toFixed(0)}% of wall-clock)`,
          target: `≤ ${formatMs(targetMs)}`,
          status: against(overhead, targetMs),
        },
        ...(['claude', 'codex', 'gemini'] as const).map((cli) => ({
          what: `${cli} CLI start-up: a trivial review (answer at once), spawn to exit, alone (${medianOf(startup[cli].length)})`,
          value: formatMs(median(startup[cli])),
          target: '—',
          status: 'no target' as const,
        })),
      ],
      details: [
        `A generated branch of ${filesInRepo} files × ${linesPerFile} lines. Claude Code answers after ${latencyMs.claude / 1000} s with ${answers.claude.findings.length} findings, Codex after ${latencyMs.codex / 1000} s with ${answers.codex.findings.length},`,
        `Gemini CLI after ${latencyMs.gemini / 1000} s with ${answers.gemini.findings.length} (15 of them also reported by Claude), each in one structured answer; the engine forms ${clusters} clusters and a`,
        `Codex consolidator (its own scripted server, ${consolidatorLatencyMs / 1000} s) rules on every one — Codex because Claude Code and Gemini CLI take their endpoint from the`,
        'environment, which their reviewer instances already use. Rounds are recorded as in the product (the history is removed between runs); no pull-request lookup.',
        '',
        `- wall-clock (runReviewWithTranscripts called → returned): ${spread(samples.map((s) => s.wallMs))}`,
        `- slowest reviewer (its CLI, spawn → exit): ${spread(samples.map((s) => s.slowestMs))}`,
        `- consolidator call (its CLI, spawn → exit): ${spread(samples.map((s) => s.consolidatorMs))}`,
        `- overhead: ${spread(samples.map((s) => s.overheadMs))}`,
        ...(['claude', 'codex', 'gemini'] as const).map(
          (cli) => `- ${cli} in the parallel run: ${spread(samples.map((s) => s.durations[cli] ?? Number.NaN))}, i.e. ${formatMs(median(samples.map((s) => (s.durations[cli] ?? Number.NaN) - latencyMs[cli])))} beyond its scripted latency`,
        ),
        '',
        'Where the wall-clock goes (median per phase, from the engine\'s progress events):',
        '',
        '| phase | median |',
        '|---|---|',
        ...phaseNames.map((name) => `| ${name} | ${formatMs(median(samples.map((s) => s.phases[name] ?? Number.NaN)))} |`),
        '',
        'CLI start-up (a review by one CLI alone whose server answers at once with one finding; the CLI\'s spawn → exit as the engine measured it):',
        '',
        ...(['claude', 'codex', 'gemini'] as const).map((cli) => `- ${cli}: ${spread(startup[cli])}`),
        ...(recording.length > 0 ? ['', ...recording] : []),
        ...(failures.length > 0 ? ['', 'Runs that did not count (a reviewer or the consolidator failed):', ...failures.map((failure) => `- ${failure}`)] : []),
      ],
    },
  };
}

async function measureReview(
  cwd: string,
  answers: ReviewAnswers,
  consolidation: unknown,
): Promise<{ sample: RunSample; sizes: Omit<ConsolidatorInputSample, 'clusters'>; result: ReviewResult } | string> {
  const agents = await startScriptedAgents({
    claude: [step.structured(answers.claude, latencyMs.claude)],
    codex: [step.structured(answers.codex, latencyMs.codex)],
    gemini: [step.structured(answers.gemini, latencyMs.gemini)],
    consolidator: { cli: 'codex', script: [step.structured(consolidation, consolidatorLatencyMs)] },
  });
  try {
    const marks: Array<{ at: number; type: string; id: string }> = [];
    const started = performance.now();
    let result: ReviewResult;
    try {
      result = await runReviewWithTranscripts({
        cwd,
        baseBranch: 'main',
        reviewers: agents.reviewers,
        consolidator: agents.consolidator,
        signal: new AbortController().signal,
        baseEnv: { ...envWithoutAgentVariables(), ...agents.env },
        pullRequestContext: false,
        onEvent: (event) => {
          marks.push({ at: performance.now() - started, type: event.type, id: 'reviewerId' in event ? event.reviewerId : '' });
        },
      });
    } catch (error) {
      return `review failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    const wallMs = performance.now() - started;
    const { report } = result;
    const consolidator = report.consolidation.consolidator;
    const bad = report.reviewers.filter((run) => run.status !== 'succeeded' || run.retry !== null);
    if (bad.length > 0 || !consolidator || consolidator.status !== 'succeeded' || consolidator.retry !== null || report.consolidation.mode !== 'agent') {
      return `run not clean: ${[...bad.map((run) => `${run.reviewerId} ${run.status} ${run.error ?? ''}`), `consolidator ${consolidator?.status ?? 'missing'} ${consolidator?.error ?? ''}`].join('; ')}`;
    }
    const durations = Object.fromEntries(report.reviewers.map((run) => [run.reviewerId, run.stats.durationMs]));
    const slowestMs = Math.max(...Object.values(durations));
    const consolidatorMs = consolidator.stats.durationMs;
    return {
      sample: { wallMs, slowestMs, consolidatorMs, overheadMs: wallMs - slowestMs - consolidatorMs, durations, phases: phasesOf(marks, wallMs) },
      sizes: consolidatorSizes(agents.servers.consolidator?.modelRequests[0]?.body, answers, result),
      result,
    };
  } finally {
    await agents.dispose();
  }
}

/** Durations between the engine's progress events: what happens before, between and after the agents. */
function phasesOf(marks: ReadonlyArray<{ at: number; type: string; id: string }>, wallMs: number): Record<string, number> {
  const at = (type: string, id?: string): number => marks.find((mark) => mark.type === type && (id === undefined || mark.id === id))?.at ?? Number.NaN;
  const reviewerFinishes = marks.filter((mark) => mark.type === 'agent-finished' && mark.id !== 'consolidator').map((mark) => mark.at);
  const lastReviewer = Math.max(...reviewerFinishes);
  const consolidatorStart = at('agent-started', 'consolidator');
  const consolidatorEnd = at('agent-finished', 'consolidator');
  const reportReady = at('report-ready');
  return {
    'start → branch context collected': at('context-collected'),
    'context → first reviewer started (history, worktree, prompts)': at('agent-started') - at('context-collected'),
    'reviewers running (first started → last finished)': lastReviewer - at('agent-started'),
    'last reviewer → consolidator started (findings anchored, clustered; input built)': consolidatorStart - lastReviewer,
    'consolidator running': consolidatorEnd - consolidatorStart,
    'consolidator → report ready (rulings applied, round recorded)': reportReady - consolidatorEnd,
    'report ready → returned (processes reaped, worktree removed)': wallMs - reportReady,
  };
}

function consolidatorSizes(requestBody: unknown, answers: ReviewAnswers, result: ReviewResult): Omit<ConsolidatorInputSample, 'clusters'> {
  const prompt = stringsIn(requestBody).find((text) => text.includes('## The input')) ?? '';
  const input = /## The input[\s\S]*?```json\n([\s\S]*?)\n```/.exec(prompt)?.[1] ?? '';
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  const answerList: ReviewerAnswer[] = [answers.claude, answers.codex, answers.gemini];
  const reviewerTranscripts = [...result.transcripts].filter(([id]) => id !== 'consolidator').map(([, transcript]) => bytes(transcript));
  return {
    inputBytes: bytes(input),
    promptBytes: bytes(prompt),
    answerBytes: answerList.reduce((sum, answer) => sum + bytes(JSON.stringify(answer)), 0),
    transcriptBytes: reviewerTranscripts.reduce((sum, size) => sum + size, 0),
  };
}

/**
 * Profile of the largest engine phase after the agents: recording the round (recordRound, as runReview calls
 * it, on a fresh history) and, within it, reading every file a finding points into through
 * createCommitFileReader, which reconcileRound does one file after the other.
 */
async function profileRecording(cwd: string, result: ReviewResult): Promise<string[]> {
  const { report, transcripts } = result;
  const paths = [...new Set(report.findings.map((finding) => finding.location.path))];
  const recordMs: number[] = [];
  const readMs: number[] = [];
  for (let run = 0; run < 3; run++) {
    fs.rmSync(path.join(cwd, '.git', 'deep-review'), { recursive: true, force: true });
    const start = await startRound(cwd, report.branch.branch);
    recordMs.push(await timed(() => recordRound(start, report, transcripts)));
    const read = createCommitFileReader(cwd, report.branch.head);
    readMs.push(await timed(async () => { for (const file of paths) await read(file); }));
  }
  fs.rmSync(path.join(cwd, '.git', 'deep-review'), { recursive: true, force: true });
  return [
    'Profile of "round recorded" (in-process, the last run\'s report, fresh history each time):',
    '',
    `- recordRound: ${spread(recordMs)}`,
    `- of which reading the ${paths.length} files the findings point into through createCommitFileReader, one after the other (one \`git cat-file --batch\` process for all of them; 2 git processes each before 2026-11-23): ${spread(readMs)}`,
    '',
    'Those files are in the review worktree, which is still there when runReview.ts records the round: passing recordRound the reader buildFindings already',
    'uses (`createHeadFileReader(worktree.path)`) instead of the createCommitFileReader it makes in src/engine/review/reviewRounds.ts removes the git process.',
  ];
}
