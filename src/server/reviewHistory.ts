import type { FindingStatuses } from '../shared/findingStatus';
import type { HistoryResult, RestoreResult, RoundResult } from '../shared/protocol';
import { reportKeyOf } from '../shared/protocol';
import type { ReviewReport } from '../shared/reportModel';
import { describeError } from '../engine/errors';
import { followRenames } from '../engine/findings/followRenames';
import { locateCheckout } from '../engine/git/currentCheckout';
import { renamedFiles } from '../engine/git/renamedFiles';
import { findingStatusesFromLedger } from '../engine/storage/ledgerViews';
import { openReviewStore, type ReviewStore } from '../engine/storage/reviewStore';
import type { FindingStore } from './findingStore';

// The branch's stored rounds, read back for the editor: no agent runs for any of this.

/** Makes the latest readable round of the branch at `cwd` the current report (diagnostics and statuses). */
export async function restoreLatestRound(cwd: string, findings: FindingStore): Promise<RestoreResult> {
  const checkout = await locateCheckout(cwd);
  if (checkout.branch === null) return { report: null, statuses: {}, headMoved: false, warnings: ['HEAD is detached: there is no branch whose review to restore.'] };
  const store = await openReviewStore(checkout.repoRoot);
  const latest = await store.loadLatestRound(checkout.branch);
  const warnings = latest.unreadable.map((entry) => `Round ${entry.round} of ${checkout.branch} cannot be read (${entry.problem}); it is skipped.`);
  const { report } = latest;
  if (!report) return { report: null, statuses: {}, headMoved: false, warnings };
  const statuses = await statusesOf(store, report, warnings);
  const headMoved = checkout.head !== report.branch.head;
  // The report may have been made in another worktree of the repository: its findings belong to this one now.
  // Files renamed in commits since the review take their findings with them.
  const findingsHere = headMoved && checkout.head ? await findingsAfterRenames(report, checkout.repoRoot, checkout.head, warnings) : report.findings;
  const here = { ...report, findings: findingsHere, branch: { ...report.branch, repoRoot: checkout.repoRoot } };
  // Already the current report, at the same paths: keep it, with the statuses this session has seen.
  const current = findings.current;
  if (current && reportKeyOf(current) === reportKeyOf(here) && pathsOf(current) === pathsOf(here)) {
    return { report: current, statuses: findings.currentStatuses, headMoved, warnings };
  }
  await findings.replace(here, statuses);
  return { report: here, statuses: findings.currentStatuses, headMoved, warnings };
}

function pathsOf(report: ReviewReport): string {
  return JSON.stringify(report.findings.map((finding) => finding.location.path));
}

async function findingsAfterRenames(report: ReviewReport, repoRoot: string, head: string, warnings: string[]): Promise<ReviewReport['findings']> {
  try {
    return followRenames(report.findings, await renamedFiles(repoRoot, report.branch.head, head));
  } catch (error) {
    warnings.push(`Renames since round ${report.round} could not be read, so findings in renamed files have no diagnostics: ${describeError(error)}`);
    return report.findings;
  }
}

/** Every branch of the repository at `cwd` with its stored rounds, the checked-out branch first. */
export async function reviewHistory(cwd: string): Promise<HistoryResult> {
  const checkout = await locateCheckout(cwd);
  const store = await openReviewStore(checkout.repoRoot);
  const { branches, warnings } = await store.listBranches();
  const ordered = [...branches].sort((a, b) => Number(b === checkout.branch) - Number(a === checkout.branch));
  const result: HistoryResult = { repoRoot: checkout.repoRoot, currentBranch: checkout.branch, branches: [], warnings };
  for (const branch of ordered) {
    try {
      const listing = await store.listRounds(branch);
      result.branches.push({ branch, rounds: listing.rounds, unreadable: listing.unreadable.map(({ round, problem }) => ({ round, problem })) });
    } catch (error) {
      warnings.push(`The rounds of ${branch} cannot be listed: ${describeError(error)}`);
    }
  }
  return result;
}

/** One stored round, with statuses from the branch's ledger; the current report's live statuses when it is that one. */
export async function loadStoredRound(repoRoot: string, branch: string, round: number, findings: FindingStore): Promise<RoundResult> {
  const current = findings.current;
  if (current && current.branch.branch === branch && current.round === round && current.branch.repoRoot === repoRoot) {
    return { report: current, statuses: findings.currentStatuses, live: true };
  }
  const store = await openReviewStore(repoRoot);
  const report = await store.loadRound(branch, round);
  const warnings: string[] = [];
  const statuses = await statusesOf(store, report, warnings);
  return { report: warnings.length > 0 ? { ...report, notes: [...report.notes, ...warnings] } : report, statuses, live: false };
}

/** The statuses of a report just made (regressed findings among them); none when its branch's ledger cannot be read. */
export async function statusesOfNewReport(report: ReviewReport): Promise<FindingStatuses> {
  try {
    return await statusesOf(await openReviewStore(report.branch.repoRoot), report, []);
  } catch {
    return {};
  }
}

async function statusesOf(store: ReviewStore, report: ReviewReport, warnings: string[]): Promise<FindingStatuses> {
  try {
    const loaded = await store.loadLedger(report.branch.branch);
    warnings.push(...loaded.warnings);
    return findingStatusesFromLedger(report.findings, loaded.ledger);
  } catch (error) {
    warnings.push(`The branch's resolution ledger cannot be read, so every finding shows as open: ${describeError(error)}`);
    return {};
  }
}
