import { consolidatorAnswerJsonSchema, consolidatorAnswerSchema, type ConsolidatorAnswer, type VerdictDecision } from '../../shared/consolidatorAnswer';
import type { Finding } from '../../shared/findingModel';
import type { AttributedObservation, BranchSummary, Consolidation, ReviewReport } from '../../shared/reportModel';
import type { ReviewerAnswer } from '../../shared/reviewerAnswer';
import { formatReviewer } from '../../shared/reportFormat';
import type { ReviewerConfig } from '../../shared/reviewerConfig';
import type { ReviewEvent } from '../../shared/reviewEvents';
import { schemaContract } from '../agents/answerContract';
import type { BuiltFindings } from '../findings/buildFindings';
import { renderConsolidatorPrompt } from '../prompts/consolidatorPrompt';
import { composeSummary, decideVerdict, decideVerdictDecision, findingsReason, verdictText } from '../report/verdict';
import type { ConsolidatorBudget } from '../review/budgetShares';
import { runAgentWithRetry } from '../review/runAgentWithRetry';
import type { RunnerRegistry } from '../review/runnerRegistry';
import { applyConsolidation } from './applyConsolidation';
import { buildConsolidatorInput, clustersOf, type IncrementalScope } from './consolidatorInput';

export interface ConsolidateRequest {
  /** Null when no consolidator is configured: the deterministic clusters make the report. */
  consolidator: ReviewerConfig | null;
  /** What the review's budget leaves the consolidator, or why it leaves nothing (it is then not run). */
  budget?: ConsolidatorBudget | undefined;
  registry: RunnerRegistry;
  worktree: string;
  signal: AbortSignal;
  baseEnv?: NodeJS.ProcessEnv | undefined;
  emit: (event: ReviewEvent) => void;
  onLog?: ((line: string) => void) | undefined;
  onAgentStderr?: ((agentId: string, line: string) => void) | undefined;
  branch: BranchSummary;
  built: BuiltFindings;
  answers: ReadonlyArray<{ reviewerId: string; answer: ReviewerAnswer }>;
  failedReviewers: ReadonlyArray<{ reviewerId: string; error: string }>;
  pullRequest?: { number: number; title: string; body: string } | undefined;
  /** Each reviewer's track record in the repository, one compact line each (a prior for the consolidator). */
  reviewerTrackRecords?: readonly string[] | undefined;
  /** Set when the reviewers reviewed only the commits since an earlier round. */
  incremental?: IncrementalScope | undefined;
}

/** The parts of the report that consolidation decides. */
export type ConsolidatedSections = Pick<
  ReviewReport,
  'findings' | 'verdictDecision' | 'verdict' | 'summary' | 'designObservations' | 'testing' | 'documentation' | 'commitAssessment' | 'acknowledgedLimitations' | 'consolidation'
> & {
  /** What the reader should know about how findings were reconciled. */
  notes: string[];
  narratives: ReadonlyMap<string, string>;
  /** The consolidator's raw output, kept with the round's transcripts. */
  transcript: string | null;
};

// Texts in the input are shortened until it is about this size, to keep the consolidator quick and cheap.
// It is no hard limit: the prompt goes by stdin or a file, so past the most compact level every cluster still goes in.
const compactInputBytes = 90_000;

/**
 * Runs the consolidator agent on the clusters and applies its rulings; when it is not configured or
 * fails, the clusters make the report as they are (highest reported severity, every reporter), and the
 * report says so.
 */
export async function consolidate(request: ConsolidateRequest): Promise<ConsolidatedSections> {
  const clusters = clustersOf(request.built);
  const { consolidator } = request;
  if (consolidator === null) return deterministicSections(request, null, 'No consolidator is configured (it is disabled in deepReview.consolidator, or with --consolidator off).');
  if (request.budget?.kind === 'exhausted') return deterministicSections(request, null, request.budget.reason);

  const input = buildConsolidatorInput(
    {
      branch: request.branch,
      clusters,
      answers: request.answers,
      failedReviewers: request.failedReviewers,
      pullRequest: request.pullRequest,
      reviewerTrackRecords: request.reviewerTrackRecords,
      incremental: request.incremental,
    },
    compactInputBytes,
  );
  const prompt = renderConsolidatorPrompt(request.branch, input, { cli: consolidator.cli, incremental: request.incremental });
  const { outcome, retry } = await runAgentWithRetry<ConsolidatorAnswer>({
    agent: consolidator,
    registry: request.registry,
    worktree: request.worktree,
    prompt,
    answer: schemaContract('consolidator', consolidatorAnswerSchema, consolidatorAnswerJsonSchema()),
    signal: request.signal,
    baseEnv: request.baseEnv,
    emit: request.emit,
    onLog: request.onLog,
    onAgentStderr: request.onAgentStderr,
    countFindings: (answer) => answer.findings.length,
    deadline: request.budget?.deadline,
    maxSpendUsd: request.budget?.maxSpendUsd,
  });
  const run: NonNullable<Consolidation['consolidator']> = {
    reviewerId: consolidator.id,
    cli: consolidator.cli,
    model: consolidator.model,
    effort: consolidator.effort,
    status: outcome.status,
    error: outcome.status === 'succeeded' ? null : outcome.error,
    stats: outcome.stats,
    warnings: outcome.status === 'succeeded' ? outcome.warnings : [],
    retry,
  };
  if (outcome.status !== 'succeeded') {
    const why = `The consolidator (${formatReviewer(consolidator)}) did not finish: ${outcome.error.replace(/\.$/, '')}.`;
    return { ...deterministicSections(request, run, why), transcript: outcome.transcript };
  }

  const answer = outcome.answer;
  const applied = applyConsolidation(answer, {
    clusters,
    reviewerIds: request.answers.map(({ reviewerId }) => reviewerId),
    commits: request.branch.commits,
    pullRequestBody: request.pullRequest?.body,
  });
  const notes = [
    ...applied.mergedClusters.map(({ findingId, clusterCount }) => `${findingId} combines ${clusterCount} groups of reviewer findings that the consolidator judged to be one problem.`),
    ...applied.corrections,
    ...answer.processNotes.map((note) => note.trim()).filter((note) => note !== ''),
  ];
  return {
    findings: applied.findings,
    verdictDecision: applied.verdictDecision,
    verdict: verdictText(applied.verdictDecision, applied.verdictDecision === answer.verdict.decision ? answer.verdict.reason : findingsReason(applied.findings)),
    summary: answer.executiveSummary.trim() === '' ? composeSummary(request.answers) : answer.executiveSummary.trim(),
    designObservations: applied.designObservations,
    testing: {
      consolidated: nonEmpty(answer.testingAssessment.summary),
      gaps: answer.testingAssessment.gaps,
      byReviewer: reviewerTexts(request.answers, (reviewerAnswer) => reviewerAnswer.testingAssessment),
    },
    documentation: {
      consolidated: nonEmpty(answer.documentationAssessment),
      byReviewer: reviewerTexts(request.answers, (reviewerAnswer) => reviewerAnswer.documentationAssessment),
    },
    commitAssessment: nonEmpty(answer.commitStructure),
    acknowledgedLimitations: applied.acknowledgedLimitations,
    consolidation: { mode: 'agent', consolidator: run, fallbackReason: null, severityChanges: applied.severityChanges, rejected: applied.rejected },
    notes,
    narratives: applied.narratives,
    transcript: outcome.transcript,
  };
}

/** The report from the clusters alone: highest reported severity, every reporter, the reviewers' own words. */
function deterministicSections(request: ConsolidateRequest, run: Consolidation['consolidator'], why: string): ConsolidatedSections {
  const { findings, merges } = request.built;
  const decision: VerdictDecision = decideVerdictDecision(findings);
  const notes = merges.map((merge) => mergeNote(merge, findings));
  // One reviewer's list needs no consolidation only when none was wanted; otherwise the report says what went wrong.
  const singleReviewer = request.answers.length === 1 && request.consolidator === null;
  return {
    findings,
    verdictDecision: decision,
    verdict: decideVerdict(findings),
    summary: composeSummary(request.answers),
    designObservations: request.answers.flatMap(({ reviewerId, answer }): AttributedObservation[] =>
      answer.designObservations.map((observation) => ({ ...observation, reviewerIds: [reviewerId] })),
    ),
    testing: { consolidated: null, gaps: [], byReviewer: reviewerTexts(request.answers, (answer) => answer.testingAssessment) },
    documentation: { consolidated: null, byReviewer: reviewerTexts(request.answers, (answer) => answer.documentationAssessment) },
    commitAssessment: null,
    acknowledgedLimitations: [],
    consolidation: {
      mode: singleReviewer ? 'single-reviewer' : 'deterministic',
      consolidator: run,
      fallbackReason: singleReviewer ? null : `${why} Findings are merged by file, lines and concern only, each at the highest severity a reviewer gave, with every reporter.`,
      severityChanges: [],
      rejected: [],
    },
    notes,
    narratives: new Map(),
    transcript: null,
  };
}

function mergeNote(merge: BuiltFindings['merges'][number], findings: readonly Finding[]): string {
  const finding = findings.find((candidate) => candidate.id === merge.findingId);
  const reporters = merge.reviewerIds.map((id) => `${id} (${merge.severities[id] ?? 'unknown'})`).join(', ');
  return `${merge.findingId} was reported by ${reporters}; merged at the highest severity, ${finding?.severity ?? 'unknown'}.`;
}

function reviewerTexts(
  answers: ConsolidateRequest['answers'],
  pick: (answer: ReviewerAnswer) => string,
): Array<{ reviewerId: string; text: string }> {
  return answers.filter(({ answer }) => pick(answer).trim() !== '').map(({ reviewerId, answer }) => ({ reviewerId, text: pick(answer).trim() }));
}

function nonEmpty(text: string): string | null {
  return text.trim() === '' ? null : text.trim();
}
