import { unsandboxedNote } from '../sandbox/sandboxSupport';
import { environmentWithStoredKey, storedKeysAsVariables, type StoredApiKeys } from '../../shared/storedApiKeys';
import type { VerifyCommand } from '../../shared/fixVerification';
import { hasBudget, type ReviewBudget } from '../../shared/reviewBudget';
import type { PullRequestContext } from '../../shared/pullRequestModel';
import type { ReviewReport, ReviewerRun, ReviewerTrackRecord } from '../../shared/reportModel';
import { formatTrackRecord, trackRecordFor } from '../../shared/retroFacts';
import type { ReviewerAnswer } from '../../shared/reviewerAnswer';
import { reviewerConfigProblem, type ReviewerConfig } from '../../shared/reviewerConfig';
import type { ReviewEvent } from '../../shared/reviewEvents';
import { describeReviewScope, type ScopeRequest } from '../../shared/reviewScope';
import { reviewerAnswerContract } from '../agents/reviewerAnswerContract';
import { consolidate, type ConsolidatedSections } from '../consolidation/consolidate';
import { reviewerProblem } from '../agents/reviewerProblem';
import { ReviewError } from '../errors';
import { buildFindings, type BuiltFindings } from '../findings/buildFindings';
import { withFixStatusAtHead } from '../fixes/fixAtHead';
import { withCodeInContext } from '../report/codeInContext';
import { verifyFixes } from '../fixes/verifyFixes';
import { collectBranchContext, type BranchContext } from '../git/branchContext';
import { createReviewWorktree } from '../git/reviewWorktree';
import { collectPullRequestContext } from '../github/pullRequestContext';
import { redactedError, withRedactedOutput } from '../redaction/redactedOutput';
import { redactReport } from '../redaction/redactReport';
import { loadSecretRedactor, type SecretRedactor } from '../redaction/secretRedactor';
import { reapProcessesIn } from '../process/reapProcessesIn';
import { budgetNotes, consolidatorBudget, reviewerBudget } from './budgetShares';
import { filesMentioned } from './filesMentioned';
import { reviewInParts } from './partReviews';
import { planReviewerPrompts } from './reviewerPrompts';
import { ProgressiveFindings } from './progressiveFindings';
import { createHeadFileReader } from './headFileReader';
import { recordRound, startRound, unrecordedRound, type RoundStart } from './reviewRounds';
import { consolidatorScope, planReviewScope, type ScopePlan } from './reviewScope';
import { runAgentWithRetry, type AgentJob, type AgentJobResult } from './runAgentWithRetry';
import { defaultRunners, runnerFor, type RunnerRegistry } from './runnerRegistry';

export interface ReviewOptions {
  /** A folder inside the repository to review. */
  cwd: string;
  /** Empty/undefined: the remote default branch, else main/master. */
  baseBranch?: string | undefined;
  reviewers: readonly ReviewerConfig[];
  /** Reconciles the reviewers' findings; null (or disabled) makes the report from the clusters alone. */
  consolidator?: ReviewerConfig | null | undefined;
  signal: AbortSignal;
  onEvent?: (event: ReviewEvent) => void;
  /** Diagnostic lines for the log (reruns, cleanup problems). */
  onLog?: (line: string) => void;
  /** Each line a reviewer's or the consolidator's CLI writes to stderr (for the log, at debug level). */
  onAgentStderr?: (agentId: string, line: string) => void;
  /** Environment agents inherit from (reduced per CLI). Defaults to process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Keys the user stored in the editor ("Set API key…"): each reaches its own CLI's environment only, and the redactor. */
  apiKeys?: StoredApiKeys | undefined;
  /** Folders the verify command may write besides its scratch worktree (tests record what their check saw there). */
  verifyWritable?: readonly string[] | undefined;
  runners?: RunnerRegistry;
  /** Record the round and its ledger under the git directory, and tell reviewers about earlier rounds (default true). */
  recordRounds?: boolean;
  /** Read the pull request with `gh` (default true). */
  pullRequestContext?: boolean;
  /** auto (default): only the commits since the branch's last round when it can (see decideReviewScope); full: the whole branch. */
  scope?: ScopeRequest;
  /** Run this check with each fix applied in a scratch worktree (deepReview.verifyCommand); null/undefined: fixes are not verified. */
  verifyCommand?: VerifyCommand | null;
  /**
   * The review's time and spend limits (deepReview.budgetMinutes / budgetUsd). A reviewer stopped at its
   * share keeps the findings it had announced, marked partial; null/undefined: only each agent's own timeout.
   */
  budget?: ReviewBudget | null;
  /** Lines of code shown either side of each finding in the report (deepReview.report.contextLines; default 5). */
  contextLines?: number;
}

export interface ReviewResult {
  report: ReviewReport;
  /** Raw output of each agent by id (reviewers and the consolidator), for the round's records. */
  transcripts: Map<string, string>;
}

/** Runs one review of the current branch: context, isolated worktree, reviewers in parallel, consolidation, report. */
export async function runReview(options: ReviewOptions): Promise<ReviewReport> {
  return (await runReviewWithTranscripts(options)).report;
}

/**
 * Runs the review with secrets redacted from everything that leaves it: the report (and so every file, the
 * stored round and the PR comment made from it), the transcripts, progress events, log lines and errors.
 */
export async function runReviewWithTranscripts(options: ReviewOptions): Promise<ReviewResult> {
  const stored = storedKeysAsVariables(options.apiKeys);
  const redactor = await loadSecretRedactor(Object.keys(stored).length === 0 ? options.baseEnv : { ...(options.baseEnv ?? process.env), ...stored });
  try {
    return await runRedactedReview(withRedactedOutput(options, redactor), redactor);
  } catch (error) {
    throw redactedError(error, redactor);
  }
}

async function runRedactedReview(options: ReviewOptions, redactor: SecretRedactor): Promise<ReviewResult> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => undefined);
  const reviewers = options.reviewers.filter((reviewer) => reviewer.enabled);
  if (reviewers.length === 0) {
    throw new ReviewError('invalid-config', 'No reviewer is enabled.', 'Enable at least one entry in deepReview.reviewers.');
  }
  const consolidator = options.consolidator?.enabled === false ? null : (options.consolidator ?? null);
  const registry = options.runners ?? defaultRunners();
  for (const agent of consolidator ? [...reviewers, consolidator] : reviewers) {
    runnerFor(registry, agent.cli);
    // Settings reach the engine from the CLI, the extension and the LSP request; each is checked here too.
    const problem = reviewerConfigProblem(agent);
    if (problem !== null) throw new ReviewError('invalid-config', problem, 'Fix the entry in deepReview.reviewers (or deepReview.consolidator).');
  }

  const context = await collectBranchContext({ cwd: options.cwd, baseBranch: options.baseBranch });
  emit({ type: 'context-collected', branch: context.branch, base: context.base, commits: context.commits.length, files: context.files.length });
  throwIfCancelled(options.signal);

  const pullRequest = options.pullRequestContext === false
    ? Promise.resolve<PullRequestContext>({ available: false, reason: 'Pull request context was not requested for this review.' })
    : collectPullRequestContext({ repoRoot: context.repoRoot, branch: context.branch, head: context.head, signal: options.signal, ...(options.baseEnv ? { baseEnv: options.baseEnv } : {}) });
  const budget = hasBudget(options.budget) ? options.budget : null;
  const planning = (async () => {
    const rounds: RoundStart = options.recordRounds === false ? unrecordedRound : await startRound(context.repoRoot, context.branch);
    const earlier = rounds.previousRound ? { previousRound: rounds.previousRound, priorFindings: rounds.priorFindings } : undefined;
    const scope = await planReviewScope({ requested: options.scope ?? 'auto', branch: context, previousRound: rounds.previousRound, previousReportStored: rounds.previousReport !== null });
    options.onLog?.(describeReviewScope(scope.scope, rounds.previousRound));
    const incremental = scope.incremental ?? undefined;
    const prompts = await planReviewerPrompts(context, { earlier, incremental, announceFindings: budget !== null });
    return { rounds, scope, prompts };
  })();
  // The worktree is created while the rounds, the scope and the prompts are read: neither needs the other.
  const [created, planned] = await Promise.allSettled([createReviewWorktree(context.repoRoot, context.head), planning]);
  if (planned.status === 'rejected') {
    if (created.status === 'fulfilled') await created.value.dispose();
    throw planned.reason;
  }
  if (created.status === 'rejected') throw created.reason;
  const worktree = created.value;
  const { rounds, scope, prompts } = planned.value;
  try {
    const answer = reviewerAnswerContract();
    const shares = reviewerBudget(budget, started, reviewers, consolidator !== null);
    const outcomes = await Promise.all(
      reviewers.map(async (reviewer): Promise<ReviewerOutcome> => {
        const job: Omit<AgentJob<ReviewerAnswer>, 'prompt'> = {
          agent: reviewer,
          registry,
          worktree: worktree.path,
          answer,
          signal: options.signal,
          baseEnv: environmentWithStoredKey(options.baseEnv ?? process.env, reviewer.cli, options.apiKeys),
          emit,
          onLog: options.onLog,
          onAgentStderr: options.onAgentStderr,
          countFindings: (reviewerAnswer) => reviewerAnswer.findings.length,
          deadline: shares.deadline,
          maxSpendUsd: shares.spendUsdFor(reviewer),
          partialAnswer: (messages, reason) => {
            const announced = new ProgressiveFindings();
            for (const message of messages) announced.push(message);
            return announced.count > 0 ? announced.answer(reason) : null;
          },
        };
        const parts = prompts.promptsFor(reviewer);
        const [whole] = parts;
        if (parts.length === 1 && whole) {
          const result = await runAgentWithRetry<ReviewerAnswer>({ ...job, prompt: whole.prompt });
          return { reviewer, filesGiven: result.outcome.status === 'succeeded' ? whole.files : [], ...result };
        }
        return { reviewer, ...(await reviewInParts(job, parts)) };
      }),
    );
    throwIfCancelled(options.signal);

    const answers = outcomes.flatMap(({ reviewer, outcome }) => (outcome.status === 'succeeded' ? [{ reviewerId: reviewer.id, answer: outcome.answer }] : []));
    if (answers.length === 0) {
      const problems = outcomes.map(({ reviewer, outcome }) => reviewerProblem(reviewer, outcome.status === 'failed' ? outcome.kind : 'other', outcome.status === 'succeeded' ? '' : outcome.error));
      throw new ReviewError(
        'no-reviewer-succeeded',
        `No reviewer finished the review (${problems.map((problem) => problem.summary).join('; ')}).`,
        'Each reviewer’s full error is in the log (in VS Code: Deep Review: Show Problems with Reviewers).',
        problems,
      );
    }
    emit({ type: 'consolidating' });
    const readFileAtHead = createHeadFileReader(worktree.path);
    const built = await buildFindings({ answers, readFileAtHead });
    const pr = await pullRequest;
    const spentByReviewers = sumCosts(outcomes.map(({ outcome }) => outcome.stats.costUsd));
    const sections = await consolidate({
      consolidator,
      budget: consolidator && budget ? consolidatorBudget(budget, started, Date.now(), spentByReviewers ?? 0, consolidator) : undefined,
      registry,
      worktree: worktree.path,
      signal: options.signal,
      baseEnv: consolidator ? environmentWithStoredKey(options.baseEnv ?? process.env, consolidator.cli, options.apiKeys) : options.baseEnv,
      emit,
      onLog: options.onLog,
      onAgentStderr: options.onAgentStderr,
      branch: context,
      built,
      answers,
      failedReviewers: outcomes.flatMap(({ reviewer, outcome }) => (outcome.status === 'succeeded' ? [] : [{ reviewerId: reviewer.id, error: outcome.error }])),
      pullRequest: pr.available ? { number: pr.number, title: pr.title, body: pr.body } : undefined,
      reviewerTrackRecords: trackRecordLines(reviewers, rounds.trackRecords),
      incremental: consolidatorScope(scope, rounds.priorFindings),
    });
    throwIfCancelled(options.signal);
    const transcripts = new Map(outcomes.map(({ reviewer, outcome }) => [reviewer.id, redactor.redactText(outcome.transcript)]));
    if (consolidator && sections.transcript !== null) transcripts.set(consolidator.id, redactor.redactText(sections.transcript));
    const assembled = assembleReport({ context, pullRequest: pr, outcomes, built, sections, started, rounds, scope, budget, consolidatorConfigured: consolidator !== null, filesWithoutDiff: prompts.filesWithoutDiff, partCount: prompts.partCount });
    const deadline = budget?.minutes ? started + budget.minutes * 60_000 : undefined;
    const withFixes = await withFixStatusAtHead(assembled.findings, readFileAtHead);
    const placed = { ...assembled, findings: await withCodeInContext(withFixes, readFileAtHead, options.contextLines) };
    const verified = options.verifyCommand ? await withVerifiedFixes(placed, options.verifyCommand, options, started, deadline) : placed;
    throwIfCancelled(options.signal);
    // Redacted before the round is recorded: the ledger (embedded in the PR comment) is made from this report.
    const report = await recordRound(rounds, redactReport(verified, redactor), transcripts, readFileAtHead, scope.renamesSincePrevious);
    emit({ type: 'report-ready', report });
    return { report, transcripts };
  } finally {
    const leftovers = reapProcessesIn(worktree.path);
    if (leftovers.length > 0) options.onLog?.(`Stopped ${leftovers.length} process(es) an agent left running in the review worktree.`);
    await worktree.dispose();
  }
}

type ReviewerOutcome = AgentJobResult<ReviewerAnswer> & {
  reviewer: ReviewerConfig;
  /** Changed files whose diff was in a prompt it answered. */
  filesGiven: readonly string[];
};

/** The sum of the costs the CLIs reported; null when none reported one. */
function sumCosts(costs: ReadonlyArray<number | null>): number | null {
  const reported = costs.filter((cost): cost is number => cost !== null);
  return reported.length === 0 ? null : reported.reduce((sum, cost) => sum + cost, 0);
}

/** The report with each fix run through the repository's check; the review's wall-clock includes the checks. */
async function withVerifiedFixes(report: ReviewReport, verify: VerifyCommand, options: ReviewOptions, started: number, deadline: number | undefined): Promise<ReviewReport> {
  const verified = await verifyFixes({
    deadline,
    repoRoot: report.branch.repoRoot,
    head: report.branch.head,
    findings: report.findings,
    verify,
    signal: options.signal,
    baseEnv: options.baseEnv,
    extraWritable: options.verifyWritable,
    emit: options.onEvent,
    onLog: options.onLog,
  });
  return {
    ...report,
    findings: verified.findings,
    ...(verified.run ? { fixVerification: verified.run } : {}),
    notes: [...report.notes, ...verified.notes],
    wallClockMs: Date.now() - started,
  };
}

function assembleReport(input: {
  context: BranchContext;
  pullRequest: PullRequestContext;
  outcomes: ReviewerOutcome[];
  built: BuiltFindings;
  sections: ConsolidatedSections;
  started: number;
  rounds: RoundStart;
  scope: ScopePlan;
  budget: ReviewBudget | null;
  /** A consolidator was configured: the reviewers had only their share of the time. */
  consolidatorConfigured: boolean;
  filesWithoutDiff: readonly string[];
  partCount: number;
}): ReviewReport {
  const { context, outcomes, built, sections } = input;
  const partialReviewers = new Set(outcomes.flatMap(({ reviewer, partial }) => (partial === null ? [] : [reviewer.id])));
  const findings = sections.findings.map((finding) =>
    finding.reporters.some((reporter) => partialReviewers.has(reporter.reviewerId))
      ? { ...finding, reporters: finding.reporters.map((reporter) => (partialReviewers.has(reporter.reviewerId) ? { ...reporter, partial: true as const } : reporter)) }
      : finding,
  );
  const changedPaths = context.files.map((file) => file.path);
  const reviewers: ReviewerRun[] = outcomes.map(({ reviewer, outcome, retry, toolDetails, partial, filesGiven }) => ({
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
      ...built.warnings.filter((warning) => warning.reviewerId === reviewer.id).map((warning) => warning.message),
    ],
    retry,
    filesRead: [...new Set(filesMentioned(changedPaths, toolDetails))],
    filesGiven: [...new Set(filesGiven)],
    narrative: sections.narratives.get(reviewer.id) ?? null,
    ...(partial === null ? {} : { partial }),
  }));
  const notes: string[] = [];
  const unsent = input.filesWithoutDiff;
  if (input.partCount > 1) notes.push(partsNote(input.partCount, context.files.length, unsent.length));
  if (unsent.length > 0) {
    const named = unsent.slice(0, 10).map((file) => `\`${file}\``).join(', ');
    const more = unsent.length > 10 ? ` and ${unsent.length - 10} more` : '';
    notes.push(
      `The diff was larger than the prompt budget: ${unsent.length} of ${(input.scope.incremental?.changes ?? context).files.length} changed files (${named}${more}) were not in the prompt; ` +
        'reviewers were told to read them with git themselves.',
    );
  } else if (context.patchTruncated && input.partCount === 1) {
    notes.push('The diff was larger than the prompt budget; reviewers read the remaining files with git themselves.');
  }
  const unsandboxed = unsandboxedNote();
  if (unsandboxed !== null) notes.push(unsandboxed);
  for (const run of reviewers.filter((candidate) => candidate.status !== 'succeeded')) notes.push(`Reviewer ${run.reviewerId} did not finish: ${run.error ?? 'unknown error'}.`);
  notes.push(...input.rounds.warnings, ...input.scope.warnings, ...sections.notes);
  const consolidatorRun = sections.consolidation.consolidator;
  if (input.budget) {
    const agents = [...reviewers.map((run) => ({ id: run.reviewerId, cli: run.cli })), ...(consolidatorRun ? [{ id: consolidatorRun.reviewerId, cli: consolidatorRun.cli }] : [])];
    notes.push(...budgetNotes(input.budget, agents, input.consolidatorConfigured));
  }
  const unanchored = findings.filter((finding) => finding.anchor.status === 'unanchored');
  if (unanchored.length > 0) notes.push(`${unanchored.map((finding) => finding.id).join(', ')} could not be located at HEAD; they have no diagnostic.`);
  return {
    version: 2,
    createdAt: new Date().toISOString(),
    round: input.rounds.round,
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
    pullRequest: input.pullRequest,
    reviewers,
    verdictDecision: sections.verdictDecision,
    verdict: sections.verdict,
    summary: sections.summary,
    findings,
    designObservations: sections.designObservations,
    testing: sections.testing,
    documentation: sections.documentation,
    commitAssessment: sections.commitAssessment,
    acknowledgedLimitations: sections.acknowledgedLimitations,
    wallClockMs: Date.now() - input.started,
    consolidation: sections.consolidation,
    previousRound: input.rounds.previousRound,
    priorFindings: input.rounds.priorFindings,
    scope: input.scope.scope,
    ...(input.budget
      ? {
          budget: {
            ...input.budget,
            spentUsd: sumCosts([...reviewers.map((run) => run.stats.costUsd), sections.consolidation.consolidator?.stats.costUsd ?? null]),
            partialReviewers: [...partialReviewers],
          },
        }
      : {}),
    resolution: [],
    notes,
  };
}

function partsNote(partCount: number, fileCount: number, withoutDiff: number): string {
  const reached = withoutDiff === 0 ? `every changed file's diff was in a reviewer's prompt` : `${fileCount - withoutDiff} of ${fileCount} changed files' diffs were in a reviewer's prompt`;
  return `The branch's diff was larger than one prompt: it was reviewed in ${partCount} parts of related files, each reviewer reviewing each part in its own run; ${reached}.`;
}

/** "codex (gpt-5.5): 12 kept (…), 2 rejected as false positives, over 4 rounds" for each reviewer of this review with a record. */
function trackRecordLines(reviewers: readonly ReviewerConfig[], records: readonly ReviewerTrackRecord[]): string[] {
  return reviewers.flatMap((reviewer) => {
    const record = trackRecordFor(records, { reviewerId: reviewer.id, cli: reviewer.cli, model: reviewer.model });
    return record ? [`${reviewer.id} (${reviewer.model}): ${formatTrackRecord(record)}`] : [];
  });
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new ReviewError('cancelled', 'The review was cancelled.');
}
