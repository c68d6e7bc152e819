import type { Ledger, LedgerRejection, PriorFinding } from '../../shared/ledgerModel';
import type { ReviewReport, ReviewerTrackRecord } from '../../shared/reportModel';
import { describeError } from '../errors';
import { createCommitFileReader } from '../git/commitFileReader';
import { resolutionRows, priorFindingsForPrompt, reviewerTrackRecords } from '../storage/ledgerViews';
import { reconcileRound } from '../storage/reconcileRound';
import { openReviewStore, type ReviewStore } from '../storage/reviewStore';
import { carryOpenFindings, verdictWithCarried } from './carryOpenFindings';

/** What a new round knows of the earlier ones before its reviewers start. */
export interface RoundStart {
  store: ReviewStore | null;
  round: number;
  previousRound: ReviewReport['previousRound'];
  /** The previous round's report, when it is stored here and readable (an incremental round carries its open findings). */
  previousReport: ReviewReport | null;
  priorFindings: PriorFinding[];
  /** The ledgers of the repository's other branches, for the reviewers' track records. */
  otherLedgers: Ledger[];
  /** Each reviewer's track record before this round (for the consolidator). */
  trackRecords: ReviewerTrackRecord[];
  /** Problems reading the history; the review goes on without it. */
  warnings: string[];
}

/** A round that is not recorded and knows no history. */
export const unrecordedRound: RoundStart = { store: null, round: 1, previousRound: null, previousReport: null, priorFindings: [], otherLedgers: [], trackRecords: [], warnings: [] };

/** Opens the branch's history (under the git directory): the round number, the last reviewed commit, earlier findings. */
export async function startRound(repoRoot: string, branch: string): Promise<RoundStart> {
  let store: ReviewStore;
  try {
    store = await openReviewStore(repoRoot);
  } catch (error) {
    return { ...unrecordedRound, warnings: [`Earlier rounds could not be read, so this review is not recorded: ${describeError(error)}`] };
  }
  try {
    const [{ ledger, warnings }, round] = await Promise.all([store.loadLedger(branch), store.nextRoundNumber(branch)]);
    // After this branch's ledger: a damaged one is moved aside once, by loadLedger, not also by loadAllLedgers.
    const otherLedgers = await loadOtherLedgers(store, branch);
    const last = ledger.rounds.at(-1);
    // Absent when the history was imported (its reports live where it came from) or the file is damaged.
    const previousReport = last ? await store.loadRound(branch, last.round).catch(() => null) : null;
    return {
      store,
      round,
      previousRound: last ? { round: last.round, head: last.head } : null,
      previousReport,
      priorFindings: priorFindingsForPrompt(ledger),
      otherLedgers: otherLedgers.ledgers,
      trackRecords: reviewerTrackRecords([...otherLedgers.ledgers, ledger]),
      warnings: [...warnings, ...otherLedgers.warnings],
    };
  } catch (error) {
    return { ...unrecordedRound, store, warnings: [`The branch's earlier rounds could not be read: ${describeError(error)}`] };
  }
}

/** The other branches' ledgers; when they cannot be read, the track records count this branch alone, with a note. */
async function loadOtherLedgers(store: ReviewStore, branch: string): Promise<{ ledgers: Ledger[]; warnings: string[] }> {
  try {
    const { ledgers, warnings } = await store.loadAllLedgers();
    return { ledgers: ledgers.filter((ledger) => ledger.branch !== branch), warnings: warnings.map((warning) => `Reviewers' track records leave out a branch: ${warning}`) };
  } catch (error) {
    return { ledgers: [], warnings: [`Reviewers' track records count this branch only: the other branches' histories could not be read (${describeError(error)}).`] };
  }
}

/**
 * Records the round and folds it into the ledger: findings the user declined earlier (whose code has not
 * changed) leave the report, an incremental round's report gets the findings still open from earlier
 * rounds, and the report gets the branch's resolution table. If recording fails, the report is returned
 * as it is, with a note: a review is never lost to its bookkeeping.
 */
export async function recordRound(
  start: RoundStart,
  report: ReviewReport,
  transcripts: ReadonlyMap<string, string>,
  // The review worktree is still there: reading from it is much cheaper than two git processes per file.
  readFileAtHead: (path: string) => Promise<string | null> = createCommitFileReader(report.branch.repoRoot, report.branch.head),
  /** Files renamed since the previous round's commit (old path → new path): earlier findings follow them. */
  renamesSincePrevious: ReadonlyMap<string, string> = new Map(),
): Promise<ReviewReport> {
  const { store } = start;
  if (!store) return report;
  const branch = report.branch.branch;
  const atHead = followingRenames(readFileAtHead, renamesSincePrevious);
  try {
    const saved = await store.saveRound(branch, {
      report,
      transcripts: Object.fromEntries(transcripts),
      reconcile: async (ledger, round) => {
        const rejected: Array<Omit<LedgerRejection, 'round'>> = report.consolidation.rejected.map((entry) => ({
          title: entry.title,
          path: entry.path,
          reviewerIds: entry.reviewerIds.length > 0 ? entry.reviewerIds : ['unknown'],
          reason: entry.reason,
        }));
        const result = await reconcileRound(ledger, {
          round,
          createdAt: report.createdAt,
          head: report.branch.head,
          reviewers: report.reviewers.map((run) => ({ id: run.reviewerId, cli: run.cli, model: run.model })),
          findings: report.findings,
          rejected,
          readFileAtHead: atHead,
        });
        const declined = new Set(result.stillDeclined);
        const left = report.findings.filter((finding) => declined.has(finding.fingerprint));
        const notes = left.map((finding) => `${finding.id} "${finding.title}" is left out: you declined it in an earlier round and its code has not changed.`);
        const kept = report.findings.filter((finding) => !declined.has(finding.fingerprint));
        const carried = await carriedInto(start, { ...report, round }, kept, result.ledger, atHead, renamesSincePrevious);
        const verdict = verdictWithCarried(report, carried.findings, carried.carried);
        return {
          ledger: carried.ledger,
          report: {
            ...report,
            round,
            verdictDecision: verdict.verdictDecision,
            verdict: verdict.verdict,
            findings: carried.findings,
            resolution: resolutionRows(carried.ledger),
            trackRecords: reviewerTrackRecords([...start.otherLedgers, carried.ledger]),
            notes: [...report.notes, ...notes, ...carried.notes, ...(verdict.note === null ? [] : [verdict.note])],
          },
        };
      },
    });
    return { ...saved.report, notes: [...saved.report.notes, ...saved.warnings] };
  } catch (error) {
    const lost = report.scope?.kind === 'incremental' ? ' Findings still open from earlier rounds are not in this report.' : '';
    return { ...report, notes: [...report.notes, `This round could not be recorded in the branch's history: ${describeError(error)}${lost}`] };
  }
}

/** The findings of an incremental round with those still open from earlier rounds; other rounds' findings as they are. */
async function carriedInto(
  start: RoundStart,
  report: ReviewReport,
  findings: ReviewReport['findings'],
  ledger: Ledger,
  readFileAtHead: (path: string) => Promise<string | null>,
  renames: ReadonlyMap<string, string>,
): Promise<{ findings: ReviewReport['findings']; carried: ReviewReport['findings']; ledger: Ledger; notes: string[] }> {
  const { store, previousRound, previousReport } = start;
  if (report.scope?.kind !== 'incremental' || !store || !previousRound) return { findings, carried: [], ledger, notes: [] };
  return carryOpenFindings({
    findings,
    ledger,
    round: report.round,
    previousRound: previousRound.round,
    loadReport: (round) => (round === previousReport?.round ? Promise.resolve(previousReport) : store.loadRound(report.branch.branch, round).catch(() => null)),
    readFileAtHead,
    renames,
  });
}

/**
 * Reads files at HEAD; a path an earlier round saw that was renamed since (and is gone at HEAD) reads as
 * its new name, so the ledger does not take a renamed file for a fixed finding.
 */
function followingRenames(read: (path: string) => Promise<string | null>, renames: ReadonlyMap<string, string>): (path: string) => Promise<string | null> {
  if (renames.size === 0) return read;
  return async (path) => {
    const text = await read(path);
    const renamed = renames.get(path);
    return text !== null || renamed === undefined ? text : read(renamed);
  };
}
