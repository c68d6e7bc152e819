import { severities } from '../../shared/findingModel';
import type { FindingStatuses } from '../../shared/findingStatus';
import type { ReviewerTrackRecord } from '../../shared/reportModel';
import {
  latestEvent,
  ledgerStatusOf,
  type Ledger,
  type PriorFinding,
  type ResolutionRow,
  type ReviewerTrack,
} from '../../shared/ledgerModel';

// Read-only views of the ledger for the report, the next round's prompt and the retro.

/**
 * The Resolution table: every time a finding was addressed (fixed, fix applied, declined) or came
 * back (regressed, reopened), oldest first. Being reported is not a resolution and has no row.
 */
export function resolutionRows(ledger: Ledger): ResolutionRow[] {
  const rows = ledger.entries.flatMap((entry) =>
    entry.history
      .filter((event) => event.action !== 'reported')
      .map(
        (event): ResolutionRow => ({
          date: event.date,
          round: event.round,
          commit: event.commit,
          fingerprint: entry.fingerprint,
          findingId: event.findingId,
          title: entry.title,
          severity: entry.severity,
          status: event.status,
          action: event.action,
          reason: event.reason,
        }),
      ),
  );
  // Stable sort: events of the same moment keep the ledger's order.
  return rows.sort((a, b) => compareText(a.date, b.date) || a.round - b.round);
}

/**
 * Every finding of earlier rounds, compact, for the next round's reviewers: problems still open
 * first (by severity), then fixed ones (to spot regressions), then declined ones with the user's reason.
 */
export function priorFindingsForPrompt(ledger: Ledger): PriorFinding[] {
  const latestRound = ledger.rounds[ledger.rounds.length - 1]?.round ?? 0;
  const statusOrder = { open: 0, regressed: 0, fixed: 1, declined: 2 } as const;
  return ledger.entries
    .map((entry) => ({ entry, status: ledgerStatusOf(entry) }))
    .sort(
      (a, b) =>
        statusOrder[a.status] - statusOrder[b.status] ||
        severities.indexOf(a.entry.severity) - severities.indexOf(b.entry.severity) ||
        b.entry.lastSeenRound - a.entry.lastSeenRound ||
        compareText(a.entry.path, b.entry.path) ||
        a.entry.startLine - b.entry.startLine,
    )
    .map(({ entry, status }) => ({
      id: entry.findingId,
      round: entry.lastSeenRound,
      title: entry.title,
      severity: entry.severity,
      path: entry.path,
      line: entry.startLine,
      status,
      reason: latestEvent(entry).reason,
      reportedInLatestRound: entry.lastSeenRound === latestRound,
    }));
}

/**
 * Per reviewer, across the given ledgers (one per branch, so a whole repository's history): how many
 * of its findings were kept in a report and where they stand now, and how many were rejected as false
 * positives by the consolidator. Sorted by reviewer id.
 */
export function reviewerTrack(ledgers: readonly Ledger[]): ReviewerTrack[] {
  const tracks = new Map<string, ReviewerTrack>();
  const trackOf = (reviewerId: string): ReviewerTrack => {
    let track = tracks.get(reviewerId);
    if (!track) {
      track = { reviewerId, kept: 0, open: 0, fixed: 0, declined: 0, regressed: 0, rejected: 0 };
      tracks.set(reviewerId, track);
    }
    return track;
  };
  for (const ledger of ledgers) {
    for (const entry of ledger.entries) {
      const status = ledgerStatusOf(entry);
      for (const reviewerId of entry.reporterIds) {
        const track = trackOf(reviewerId);
        track.kept += 1;
        // A status without a counter in ReviewerTrack fails to compile here.
        track[status] += 1;
      }
    }
    for (const rejection of ledger.rejections) {
      for (const reviewerId of new Set(rejection.reviewerIds)) trackOf(reviewerId).rejected += 1;
    }
  }
  return [...tracks.values()].sort((a, b) => compareText(a.reviewerId, b.reviewerId));
}

/**
 * reviewerTrack with the number of rounds behind each record: on each branch, the recorded rounds
 * since the reviewer's first finding there (kept or rejected). The ledger does not say which reviewers
 * ran in a round, so a round in which a reviewer ran and found nothing before its first finding is
 * not counted; one after it is.
 */
export function reviewerTrackRecords(ledgers: readonly Ledger[]): ReviewerTrackRecord[] {
  const rounds = new Map<string, number>();
  for (const ledger of ledgers) {
    const firstRound = new Map<string, number>();
    const saw = (reviewerId: string, round: number): void => {
      firstRound.set(reviewerId, Math.min(round, firstRound.get(reviewerId) ?? round));
    };
    for (const entry of ledger.entries) for (const reviewerId of entry.reporterIds) saw(reviewerId, entry.firstSeenRound);
    for (const rejection of ledger.rejections) for (const reviewerId of rejection.reviewerIds) saw(reviewerId, rejection.round);
    for (const [reviewerId, first] of firstRound) {
      const since = ledger.rounds.filter((round) => round.round >= first).length;
      rounds.set(reviewerId, (rounds.get(reviewerId) ?? 0) + since);
    }
  }
  return reviewerTrack(ledgers).map((track) => ({ ...track, rounds: rounds.get(track.reviewerId) ?? 0 }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


/** Where each finding of `report` stands in the ledger (by fingerprint); findings the ledger does not know are left out (open). */
export function findingStatusesFromLedger(findings: ReadonlyArray<{ id: string; fingerprint: string }>, ledger: Ledger): FindingStatuses {
  const byFingerprint = new Map(ledger.entries.map((entry) => [entry.fingerprint, entry]));
  const statuses: FindingStatuses = {};
  for (const finding of findings) {
    const entry = byFingerprint.get(finding.fingerprint);
    if (!entry) continue;
    const latest = latestEvent(entry);
    statuses[finding.id] = { status: latest.status, action: latest.action, reason: latest.reason };
  }
  return statuses;
}
