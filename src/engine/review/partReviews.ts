import type { AgentStats } from '../../shared/reportModel';
import type { ReviewerAnswer } from '../../shared/reviewerAnswer';
import type { AgentJob, AgentJobResult } from './runAgentWithRetry';
import { runAgentWithRetry } from './runAgentWithRetry';

/** Runs of one reviewer at once when the branch is reviewed in parts: enough to overlap, few enough for a shared machine and the API's rate limits. */
export const maxConcurrentPartsPerReviewer = 2;

export interface PartPrompt {
  prompt: string;
  /** The changed files whose diff the prompt holds (for the log and the report's coverage). */
  files: readonly string[];
}

/**
 * One reviewer reviews every part, in its own run each (at most maxConcurrentPartsPerReviewer at a time),
 * and the answers become one: findings and notes together, stats summed. Its spend share is divided among the parts.
 */
export async function reviewInParts(job: Omit<AgentJob<ReviewerAnswer>, 'prompt'>, parts: readonly PartPrompt[]): Promise<PartsResult> {
  const results: Array<AgentJobResult<ReviewerAnswer>> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    // A cancelled review still gives each part its (cancelled) result: runs end at once then.
    while (next < parts.length) {
      const at = next++;
      const part = parts[at];
      if (part === undefined) return;
      results[at] = await runAgentWithRetry({ ...job, prompt: part.prompt, maxSpendUsd: job.maxSpendUsd === undefined ? undefined : job.maxSpendUsd / parts.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(maxConcurrentPartsPerReviewer, parts.length) }, worker));
  return mergePartResults(results, parts);
}

export type PartsResult = AgentJobResult<ReviewerAnswer> & {
  /** The changed files of the parts the reviewer finished: each was in a prompt it answered. */
  filesGiven: string[];
};

/** One result of a reviewer's runs over the parts: succeeded when any part did; the parts that failed are named in its warnings. */
export function mergePartResults(results: ReadonlyArray<AgentJobResult<ReviewerAnswer>>, parts: readonly PartPrompt[]): PartsResult {
  const first = results[0];
  if (first === undefined) throw new Error('A review in parts has at least one part.');
  const stats = sumStats(results.map(({ outcome }) => outcome.stats));
  const transcript = results.map(({ outcome }, at) => `--- part ${at + 1} of ${parts.length} ---\n${outcome.transcript}`).join('\n');
  const common = {
    retry: results.find(({ retry }) => retry !== null)?.retry ?? null,
    toolDetails: results.flatMap(({ toolDetails }) => toolDetails),
    partial: results.find(({ partial }) => partial !== null)?.partial ?? null,
  };
  const succeeded = results.flatMap(({ outcome }, at) => (outcome.status === 'succeeded' ? [{ at, answer: outcome.answer, warnings: outcome.warnings }] : []));
  if (succeeded.length === 0) {
    const failure = first.outcome;
    return { ...common, outcome: { ...failure, stats, transcript }, filesGiven: [] };
  }
  const failedParts = results.flatMap(({ outcome }, at) =>
    outcome.status === 'succeeded' ? [] : [`Part ${at + 1} of ${parts.length} (${describeFiles(parts[at]?.files ?? [])}) did not finish: ${outcome.error}`],
  );
  const texts = (pick: (answer: ReviewerAnswer) => string): string =>
    succeeded.map(({ answer }) => pick(answer).trim()).filter((text) => text !== '').join('\n\n');
  const answer: ReviewerAnswer = {
    summary: texts((part) => part.summary),
    findings: succeeded.flatMap(({ answer: part }) => part.findings),
    designObservations: succeeded.flatMap(({ answer: part }) => part.designObservations),
    testingAssessment: texts((part) => part.testingAssessment),
    documentationAssessment: texts((part) => part.documentationAssessment),
  };
  return {
    ...common,
    outcome: { status: 'succeeded', answer, stats, warnings: [...succeeded.flatMap(({ warnings }) => warnings), ...failedParts], transcript },
    filesGiven: succeeded.flatMap(({ at }) => parts[at]?.files ?? []),
  };
}

function describeFiles(files: readonly string[]): string {
  const named = files.slice(0, 3).map((file) => `\`${file}\``).join(', ');
  return files.length > 3 ? `${named} and ${files.length - 3} more` : named;
}

function sumStats(all: readonly AgentStats[]): AgentStats {
  const sum = (pick: (stats: AgentStats) => number | null): number | null => {
    const known = all.map(pick).filter((value): value is number => value !== null);
    return known.length === 0 ? null : known.reduce((total, value) => total + value, 0);
  };
  const toolCalls: Record<string, number> = {};
  for (const stats of all) for (const [name, count] of Object.entries(stats.toolCalls)) toolCalls[name] = (toolCalls[name] ?? 0) + count;
  return {
    durationMs: all.reduce((total, stats) => total + stats.durationMs, 0),
    turns: all.reduce((total, stats) => total + stats.turns, 0),
    toolCalls,
    inputTokens: sum((stats) => stats.inputTokens),
    outputTokens: sum((stats) => stats.outputTokens),
    costUsd: sum((stats) => stats.costUsd),
  };
}
