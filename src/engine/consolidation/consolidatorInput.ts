import type { Finding } from '../../shared/findingModel';
import type { BranchSummary } from '../../shared/reportModel';
import type { ReviewerAnswer } from '../../shared/reviewerAnswer';
import type { ReportedFinding } from '../findings/buildFindings';

/** One deterministic cluster: the merged finding and the reviewers' own findings in it. */
export interface FindingCluster {
  /** "K1", "K2", … in the deterministic findings' order. */
  key: string;
  finding: Finding;
  members: ReportedFinding[];
}

export function clustersOf(built: { findings: readonly Finding[]; members: readonly ReportedFinding[][] }): FindingCluster[] {
  return built.findings.map((finding, index) => ({ key: `K${index + 1}`, finding, members: built.members[index] ?? [] }));
}

export interface ConsolidatorInputSources {
  branch: BranchSummary;
  clusters: readonly FindingCluster[];
  answers: ReadonlyArray<{ reviewerId: string; answer: ReviewerAnswer }>;
  /** Reviewers that did not finish, with why: the consolidator should not count their silence. */
  failedReviewers: ReadonlyArray<{ reviewerId: string; error: string }>;
  /** Pull request title and description, when known. */
  pullRequest?: { number: number; title: string; body: string } | undefined;
  /**
   * Each reviewer's record in this repository, one line each, e.g. "codex (gpt-5.5): 40 kept (12 fixed,
   * 3 declined, 25 open), 5 rejected as false positives, over 6 rounds". Empty or absent: no history.
   */
  reviewerTrackRecords?: readonly string[] | undefined;
  /** Set when the reviewers reviewed only the commits since an earlier round. */
  incremental?: IncrementalScope | undefined;
}

/** An incremental review as the consolidator is told it: what the reviewers saw, and the earlier findings the report keeps. */
export interface IncrementalScope {
  sinceRound: number;
  sinceHead: string;
  /** Hashes of the commits since that round (the branch's other commits were reviewed before). */
  newCommits: readonly string[];
  /** Findings of earlier rounds still open; the report carries them as they are unless a reviewer reported them again. */
  openEarlierFindings: ReadonlyArray<{ round: number; severity: string; title: string; path: string; line: number }>;
}

/** Text limits per level of compaction; the first level whose JSON fits the budget is used. */
const compactionLevels = [
  { body: 2_000, snippet: 1_000, note: 2_000, commitBody: 1_500 },
  { body: 700, snippet: 400, note: 800, commitBody: 600 },
  { body: 250, snippet: 160, note: 300, commitBody: 200 },
  { body: 0, snippet: 80, note: 0, commitBody: 0 },
] as const;

/**
 * What the consolidator reads: compact clusters (never raw transcripts), the reviewers' other notes,
 * and the branch's commits and stats, as JSON within `maxBytes` (texts are shortened until it fits).
 */
export function buildConsolidatorInput(sources: ConsolidatorInputSources, maxBytes: number): string {
  let json = '';
  for (const limits of compactionLevels) {
    json = JSON.stringify(inputAt(sources, limits), null, 1);
    if (Buffer.byteLength(json, 'utf8') <= maxBytes) return json;
  }
  return json;
}

type Limits = (typeof compactionLevels)[number];

function inputAt(sources: ConsolidatorInputSources, limits: Limits): unknown {
  const { branch } = sources;
  return {
    branch: {
      name: branch.branch,
      base: branch.base,
      filesChanged: branch.files.length,
      additions: branch.additions,
      deletions: branch.deletions,
      commits: branch.commits.map((commit) => ({ hash: commit.hash, subject: commit.subject, body: cut(commit.body, limits.commitBody) })),
    },
    ...(sources.pullRequest
      ? { pullRequest: { number: sources.pullRequest.number, title: sources.pullRequest.title, body: cut(sources.pullRequest.body, limits.commitBody * 2) } }
      : {}),
    reviewers: sources.answers.map(({ reviewerId, answer }) => ({ id: reviewerId, summary: cut(answer.summary, limits.note), findings: answer.findings.length })),
    failedReviewers: sources.failedReviewers,
    ...(sources.reviewerTrackRecords && sources.reviewerTrackRecords.length > 0 ? { reviewerTrackRecords: sources.reviewerTrackRecords } : {}),
    ...(sources.incremental
      ? {
          scope: { kind: 'incremental', sinceRound: sources.incremental.sinceRound, sinceHead: sources.incremental.sinceHead, newCommits: sources.incremental.newCommits },
          openEarlierFindings: sources.incremental.openEarlierFindings.map((finding) => ({ ...finding, title: cut(finding.title, limits.note) })),
        }
      : {}),
    clusters: sources.clusters.map((cluster) => ({
      key: cluster.key,
      file: cluster.finding.location.path,
      located: cluster.finding.anchor.status !== 'unanchored',
      reports: cluster.members.map((member) => ({
        reviewer: member.reporters[0]?.reviewerId ?? '',
        severity: member.severity,
        title: member.title,
        body: cut(member.body, limits.body),
        file: member.location.path,
        lines: member.anchor.status === 'unanchored' ? `${member.location.startLine}-${member.location.endLine}` : `${member.anchor.startLine}-${member.anchor.endLine}`,
        snippet: cut(member.location.snippet, limits.snippet),
        fix: member.fix?.description ?? null,
        tags: member.tags,
      })),
    })),
    designObservations: sources.answers.flatMap(({ reviewerId, answer }) =>
      answer.designObservations.map((observation) => ({ reviewer: reviewerId, ...observation, body: cut(observation.body, limits.note) })),
    ),
    testingAssessments: notesOf(sources.answers, (answer) => answer.testingAssessment, limits.note),
    documentationAssessments: notesOf(sources.answers, (answer) => answer.documentationAssessment, limits.note),
  };
}

function notesOf(
  answers: ConsolidatorInputSources['answers'],
  pick: (answer: ReviewerAnswer) => string,
  limit: number,
): Array<{ reviewer: string; text: string }> {
  return answers.filter(({ answer }) => pick(answer).trim() !== '').map(({ reviewerId, answer }) => ({ reviewer: reviewerId, text: cut(pick(answer), limit) }));
}

function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return limit === 0 ? '' : `${text.slice(0, limit)}… [shortened]`;
}
