import { isActiveStatus, type PriorFinding } from '../../shared/ledgerModel';
import type { FullReviewReason, ReviewScope, ScopeRequest } from '../../shared/reviewScope';
import type { IncrementalScope } from '../consolidation/consolidatorInput';
import { describeError } from '../errors';
import { collectChangesSince, relateEarlierCommit, type EarlierCommitRelation } from '../git/changesSince';
import { renamedFiles } from '../git/renamedFiles';
import type { IncrementalChanges } from '../prompts/reviewerPrompt';

/** What decides a review's scope, once the branch and its history are known. */
export interface ScopeFacts {
  requested: ScopeRequest;
  /** The branch's last recorded round; null when none is. */
  previousRound: { round: number; head: string } | null;
  /** How that round's commit relates to HEAD; null without a previous round. */
  relation: EarlierCommitRelation | null;
  /** Whether that round's report can be read here (its open findings are carried from it). */
  previousReportStored: boolean;
}

export type ScopeDecision = { kind: 'incremental' } | { kind: 'full'; reason: FullReviewReason };

/**
 * Incremental when the user did not ask for a full review and the branch only moved forward since its
 * last recorded round: HEAD descends from that round's commit, which is itself on the branch (the base
 * was not merged in since, or the changes since would be the base's too), and that round's report is here
 * to carry the findings still open from. Otherwise the whole branch is reviewed, and the reason is kept.
 */
export function decideReviewScope(facts: ScopeFacts): ScopeDecision {
  if (facts.requested === 'full') return { kind: 'full', reason: 'requested' };
  if (facts.previousRound === null || facts.relation === null) return { kind: 'full', reason: 'no-history' };
  switch (facts.relation) {
    case 'same':
      return { kind: 'full', reason: 'unchanged' };
    case 'rewritten':
      return { kind: 'full', reason: 'rewritten' };
    case 'base-merged':
      return { kind: 'full', reason: 'base-merged' };
    case 'descendant':
      return facts.previousReportStored ? { kind: 'incremental' } : { kind: 'full', reason: 'report-missing' };
  }
}

export interface ScopePlan {
  scope: ReviewScope;
  /** What the commits since the previous round change; set for an incremental review only. */
  incremental: IncrementalChanges | null;
  /** Files renamed since the previous round's commit (old path → new path); empty without one. */
  renamesSincePrevious: Map<string, string>;
  /** Problems reading the history since the previous round; the review goes on without them. */
  warnings: string[];
}

export interface ScopeInput {
  requested: ScopeRequest;
  branch: { repoRoot: string; head: string; mergeBase: string };
  previousRound: { round: number; head: string } | null;
  previousReportStored: boolean;
}

/** Decides the scope from the branch's git history and, for an incremental review, reads the changes since the previous round. */
export async function planReviewScope(input: ScopeInput): Promise<ScopePlan> {
  const { branch, previousRound } = input;
  const relation = previousRound ? await relateEarlierCommit(branch.repoRoot, previousRound.head, branch) : null;
  const decision = decideReviewScope({ ...input, relation });
  const warnings: string[] = [];
  // Findings of earlier rounds point at paths of that round's commit: renamed files take them along.
  let renamesSincePrevious = new Map<string, string>();
  if (previousRound && (relation === 'descendant' || relation === 'base-merged')) {
    try {
      renamesSincePrevious = await renamedFiles(branch.repoRoot, previousRound.head, branch.head);
    } catch (error) {
      warnings.push(`Renames since round ${previousRound.round} could not be read, so earlier findings in renamed files may count as fixed: ${describeError(error)}`);
    }
  }
  if (decision.kind === 'full' || !previousRound) {
    return { scope: { kind: 'full', reason: decision.kind === 'full' ? decision.reason : 'no-history' }, incremental: null, renamesSincePrevious, warnings };
  }
  const changes = await collectChangesSince(branch.repoRoot, previousRound.head, branch.head);
  if (changes.commits.length === 0) return { scope: { kind: 'full', reason: 'unchanged' }, incremental: null, renamesSincePrevious, warnings };
  return {
    scope: { kind: 'incremental', sinceRound: previousRound.round, sinceHead: previousRound.head, commits: changes.commits.length, files: changes.files.length },
    incremental: { sinceRound: previousRound.round, sinceHead: previousRound.head, changes },
    renamesSincePrevious,
    warnings,
  };
}

/** What the consolidator is told of an incremental review: the new commits, and the earlier findings still open. */
export function consolidatorScope(plan: ScopePlan, priorFindings: readonly PriorFinding[]): IncrementalScope | undefined {
  const { incremental } = plan;
  if (!incremental) return undefined;
  return {
    sinceRound: incremental.sinceRound,
    sinceHead: incremental.sinceHead,
    newCommits: incremental.changes.commits.map((commit) => commit.hash),
    openEarlierFindings: priorFindings
      .filter((finding) => isActiveStatus(finding.status))
      .map((finding) => ({ round: finding.round, severity: finding.severity, title: finding.title, path: finding.path, line: finding.line })),
  };
}
