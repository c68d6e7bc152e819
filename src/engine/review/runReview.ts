import type { AgentStats, ReviewReport, ReviewerRun } from '../../shared/reportModel';
import type { ReviewerAnswer } from '../../shared/reviewerAnswer';
import { defaultTimeoutMinutes, type ReviewerConfig } from '../../shared/reviewerConfig';
import type { ReviewEvent } from '../../shared/reviewEvents';
import { reviewerAnswerJsonSchema } from '../../shared/reviewerAnswer';
import { emptyStats, type AgentRunOutcome } from '../agents/agentRunner';
import { ReviewError, describeError } from '../errors';
import { buildFindings } from '../findings/buildFindings';
import { collectBranchContext, type BranchContext } from '../git/branchContext';
import { createReviewWorktree } from '../git/reviewWorktree';
import { renderReviewerPrompt } from '../prompts/reviewerPrompt';
import { decideVerdict, composeSummary } from '../report/verdict';
import { reapProcessesIn } from '../process/reapProcessesIn';
import { createHeadFileReader } from './headFileReader';
import { defaultRunners, runnerFor, type RunnerRegistry } from './runnerRegistry';

export interface ReviewOptions {
  /** A folder inside the repository to review. */
  cwd: string;
  /** Empty/undefined: the remote default branch, else main/master. */
  baseBranch?: string | undefined;
  reviewers: readonly ReviewerConfig[];
  signal: AbortSignal;
  onEvent?: (event: ReviewEvent) => void;
  /** Diagnostic lines for the log (reruns, cleanup problems). */
  onLog?: (line: string) => void;
  /** Environment agents inherit from (reduced per CLI). Defaults to process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  runners?: RunnerRegistry;
  round?: number;
}

/** Runs one review of the current branch: context, isolated worktree, reviewers in parallel, report. */
export async function runReview(options: ReviewOptions): Promise<ReviewReport> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => undefined);
  const reviewers = options.reviewers.filter((reviewer) => reviewer.enabled);
  if (reviewers.length === 0) {
    throw new ReviewError('invalid-config', 'No reviewer is enabled.', 'Enable at least one entry in deepReview.reviewers.');
  }
  const registry = options.runners ?? defaultRunners();
  for (const reviewer of reviewers) runnerFor(registry, reviewer.cli);

  const context = await collectBranchContext({ cwd: options.cwd, baseBranch: options.baseBranch });
  emit({ type: 'context-collected', branch: context.branch, base: context.base, commits: context.commits.length, files: context.files.length });
  throwIfCancelled(options.signal);

  const worktree = await createReviewWorktree(context.repoRoot, context.head);
  try {
    const answerSchema = reviewerAnswerJsonSchema();
    const outcomes = await Promise.all(
      reviewers.map((reviewer) =>
        runReviewer(reviewer, { registry, worktree: worktree.path, prompt: renderReviewerPrompt(context, { cli: reviewer.cli }), answerSchema, options, emit }),
      ),
    );
    throwIfCancelled(options.signal);

    const answers = outcomes.flatMap(({ reviewer, outcome }) =>
      outcome.status === 'succeeded' ? [{ reviewerId: reviewer.id, answer: outcome.answer }] : [],
    );
    if (answers.length === 0) {
      const reasons = outcomes.map(({ reviewer, outcome }) => `${reviewer.id}: ${outcome.status === 'succeeded' ? 'ok' : outcome.error}`);
      throw new ReviewError('no-reviewer-succeeded', `No reviewer finished the review (${reasons.join('; ')}).`, 'See the Deep Review output for each reviewer’s log.');
    }
    emit({ type: 'consolidating' });
    const built = await buildFindings({ answers, readFileAtHead: createHeadFileReader(worktree.path) });
    const report = assembleReport({ context, outcomes, answers, built, started, round: options.round ?? 1 });
    emit({ type: 'report-ready', report });
    return report;
  } finally {
    const leftovers = reapProcessesIn(worktree.path);
    if (leftovers.length > 0) options.onLog?.(`Stopped ${leftovers.length} process(es) an agent left running in the review worktree.`);
    await worktree.dispose();
  }
}

interface ReviewerOutcome {
  reviewer: ReviewerConfig;
  outcome: AgentRunOutcome;
  retry: ReviewerRun['retry'];
}

type ReviewerRunContext = {
  registry: RunnerRegistry;
  worktree: string;
  prompt: string;
  answerSchema: Record<string, unknown>;
  options: ReviewOptions;
  emit: (event: ReviewEvent) => void;
};

/** Runs one reviewer, and once more when it gave no output or an invalid answer. */
async function runReviewer(reviewer: ReviewerConfig, run: ReviewerRunContext): Promise<ReviewerOutcome> {
  const { emit } = run;
  emit({ type: 'agent-started', reviewerId: reviewer.id });
  const started = Date.now();
  let outcome = await attempt(reviewer, run, started);
  let retry: ReviewerRun['retry'] = null;
  if (outcome.status === 'failed' && (outcome.kind === 'no-output' || outcome.kind === 'invalid-answer') && !run.options.signal.aborted) {
    const first = outcome;
    run.options.onLog?.(`${reviewer.id}: ${first.error} Running it once more.`);
    outcome = await attempt(reviewer, run, started);
    retry = { reason: first.kind === 'no-output' ? 'no-output' : 'invalid-answer', detail: first.error, rerunSucceeded: outcome.status === 'succeeded' };
    outcome = { ...outcome, stats: mergeStats(first.stats, outcome.stats), transcript: `${first.transcript}\n${outcome.transcript}` };
  }
  if (outcome.status === 'succeeded') {
    emit({ type: 'agent-finished', reviewerId: reviewer.id, findings: outcome.answer.findings.length, durationMs: outcome.stats.durationMs });
  } else {
    emit({ type: 'agent-failed', reviewerId: reviewer.id, error: outcome.error });
  }
  return { reviewer, outcome, retry };
}

async function attempt(reviewer: ReviewerConfig, run: ReviewerRunContext, started: number): Promise<AgentRunOutcome> {
  let toolCalls = 0;
  try {
    return await runnerFor(run.registry, reviewer.cli).run({
      reviewer,
      worktree: run.worktree,
      prompt: run.prompt,
      answerSchema: run.answerSchema,
      timeoutMs: (reviewer.timeoutMinutes ?? defaultTimeoutMinutes) * 60_000,
      signal: run.options.signal,
      ...(run.options.baseEnv ? { baseEnv: run.options.baseEnv } : {}),
      onEvent: (event) => {
        if (event.type !== 'tool-call') return;
        toolCalls += 1;
        run.emit({ type: 'agent-progress', reviewerId: reviewer.id, elapsedMs: Date.now() - started, toolCalls, lastTool: event.name });
      },
    });
  } catch (error) {
    return { status: 'failed', kind: 'other', error: describeError(error), stats: statsSince(started), transcript: '' };
  }
}

/** Both attempts count: time, turns, tool calls and tokens of the rerun add to the first run's. */
function mergeStats(first: AgentStats, second: AgentStats): AgentStats {
  const toolCalls = { ...first.toolCalls };
  for (const [name, count] of Object.entries(second.toolCalls)) toolCalls[name] = (toolCalls[name] ?? 0) + count;
  const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
  return {
    durationMs: first.durationMs + second.durationMs,
    turns: first.turns + second.turns,
    toolCalls,
    inputTokens: add(first.inputTokens, second.inputTokens),
    outputTokens: add(first.outputTokens, second.outputTokens),
    costUsd: add(first.costUsd, second.costUsd),
  };
}

function assembleReport(input: {
  context: BranchContext;
  outcomes: ReviewerOutcome[];
  answers: Array<{ reviewerId: string; answer: ReviewerAnswer }>;
  built: Awaited<ReturnType<typeof buildFindings>>;
  started: number;
  round: number;
}): ReviewReport {
  const { context, outcomes, answers, built } = input;
  const { findings, warnings } = built;
  const reviewers: ReviewerRun[] = outcomes.map(({ reviewer, outcome, retry }) => ({
    reviewerId: reviewer.id,
    cli: reviewer.cli,
    model: reviewer.model,
    effort: reviewer.effort,
    status: outcome.status,
    error: outcome.status === 'succeeded' ? null : outcome.error,
    stats: outcome.stats,
    findingCount: findings.filter((finding) => finding.reporters.some((reporter) => reporter.reviewerId === reviewer.id)).length,
    warnings: [
      ...(outcome.status === 'succeeded' ? outcome.warnings : []),
      ...warnings.filter((warning) => warning.reviewerId === reviewer.id).map((warning) => warning.message),
    ],
    retry,
  }));
  const notes: string[] = [];
  if (context.patchTruncated) notes.push('The diff was larger than the prompt budget; reviewers read the remaining files with git themselves.');
  const failed = reviewers.filter((run) => run.status !== 'succeeded');
  for (const run of failed) notes.push(`Reviewer ${run.reviewerId} did not finish: ${run.error ?? 'unknown error'}.`);
  for (const merge of built.merges) {
    const finding = findings.find((candidate) => candidate.id === merge.findingId);
    const reporters = merge.reviewerIds.map((id) => `${id} (${merge.severities[id] ?? 'unknown'})`).join(', ');
    if (finding) notes.push(`${merge.findingId} was reported by ${reporters}; merged at the highest severity, ${finding.severity}.`);
  }
  const unanchored = findings.filter((finding) => finding.anchor.status === 'unanchored');
  if (unanchored.length > 0) {
    notes.push(`${unanchored.map((finding) => finding.id).join(', ')} could not be located at HEAD; they have no diagnostic.`);
  }
  return {
    version: 1,
    createdAt: new Date().toISOString(),
    round: input.round,
    branch: {
      repoRoot: context.repoRoot,
      repoName: context.repoName,
      branch: context.branch,
      base: context.base,
      mergeBase: context.mergeBase,
      head: context.head,
      commits: context.commits,
      files: context.files,
      additions: context.additions,
      deletions: context.deletions,
    },
    reviewers,
    verdict: decideVerdict(findings),
    summary: composeSummary(answers),
    findings,
    designObservations: answers.flatMap(({ reviewerId, answer }) =>
      answer.designObservations.map((observation) => ({ ...observation, reviewerIds: [reviewerId] })),
    ),
    testingAssessments: answers
      .filter(({ answer }) => answer.testingAssessment.trim() !== '')
      .map(({ reviewerId, answer }) => ({ reviewerId, text: answer.testingAssessment })),
    documentationAssessments: answers
      .filter(({ answer }) => answer.documentationAssessment.trim() !== '')
      .map(({ reviewerId, answer }) => ({ reviewerId, text: answer.documentationAssessment })),
    wallClockMs: Date.now() - input.started,
    consolidation: answers.length === 1 ? 'single-reviewer' : 'deterministic',
    notes,
  };
}

function statsSince(started: number): AgentStats {
  return { ...emptyStats(), durationMs: Date.now() - started };
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new ReviewError('cancelled', 'The review was cancelled.');
}
