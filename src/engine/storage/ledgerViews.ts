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

/** Who a record is about: a reviewer id, with the CLI and model it ran with when the round recorded them. */
type Reporter = Pick<ReviewerTrack, 'reviewerId' | 'cli' | 'model'>;

/** The CLI and model behind `reviewerId` in `round` of the ledger, when that round recorded who reviewed. */
function reporterIn(ledger: Ledger, round: number, reviewerId: string): Reporter {
  const ran = ledger.rounds.find((candidate) => candidate.round === round)?.reviewers?.find((reviewer) => reviewer.id === reviewerId);
  return ran ? { reviewerId, cli: ran.cli, model: ran.model } : { reviewerId };
}

function keyOf(reporter: Reporter): string {
  return [reporter.reviewerId, reporter.cli ?? '', reporter.model ?? ''].join('\0');
}

/**
 * Per reviewer — its id and the CLI and model it reported with (a reviewer whose model changed starts a
 * new record) — across the given ledgers (one per branch, so a whole repository's history): how many of
 * its findings were kept in a report and where they stand now, and how many were rejected as false
 * positives by the consolidator. Sorted by reviewer id, then CLI and model.
 */
export function reviewerTrack(ledgers: readonly Ledger[]): ReviewerTrack[] {
  const tracks = new Map<string, ReviewerTrack>();
  const trackOf = (reporter: Reporter): ReviewerTrack => {
    let track = tracks.get(keyOf(reporter));
    if (!track) {
      track = { ...reporter, kept: 0, open: 0, fixed: 0, declined: 0, regressed: 0, rejected: 0 };
      tracks.set(keyOf(reporter), track);
    }
    return track;
  };
  for (const ledger of ledgers) {
    for (const entry of ledger.entries) {
      const status = ledgerStatusOf(entry);
      for (const reviewerId of entry.reporterIds) {
        const track = trackOf(reporterIn(ledger, entry.firstSeenRound, reviewerId));
        track.kept += 1;
        // A status without a counter in ReviewerTrack fails to compile here.
        track[status] += 1;
      }
    }
    for (const rejection of ledger.rejections) {
      for (const reviewerId of new Set(rejection.reviewerIds)) trackOf(reporterIn(ledger, rejection.round, reviewerId)).rejected += 1;
    }
  }
  return [...tracks.values()].sort((a, b) => compareText(keyOf(a), keyOf(b)));
}

/**
 * reviewerTrack with the number of rounds behind each record. A round that recorded who reviewed counts
 * for each reviewer that ran in it with that CLI and model, findings or not. For older rounds, which do
 * not say who ran, a branch counts its recorded rounds since the reviewer's first finding there (kept or
 * rejected).
 */
export function reviewerTrackRecords(ledgers: readonly Ledger[]): ReviewerTrackRecord[] {
  const rounds = new Map<string, { reporter: Reporter; count: number }>();
  const count = (reporter: Reporter, by: number): void => {
    const counted = rounds.get(keyOf(reporter));
    rounds.set(keyOf(reporter), { reporter, count: (counted?.count ?? 0) + by });
  };
  for (const ledger of ledgers) {
    for (const round of ledger.rounds) for (const reviewer of round.reviewers ?? []) count({ reviewerId: reviewer.id, cli: reviewer.cli, model: reviewer.model }, 1);
    const firstRound = new Map<string, number>();
    const saw = (reviewerId: string, round: number): void => {
      firstRound.set(reviewerId, Math.min(round, firstRound.get(reviewerId) ?? round));
    };
    for (const entry of ledger.entries) for (const reviewerId of entry.reporterIds) saw(reviewerId, entry.firstSeenRound);
    for (const rejection of ledger.rejections) for (const reviewerId of rejection.reviewerIds) saw(reviewerId, rejection.round);
    for (const [reviewerId, first] of firstRound) {
      const unrecorded = ledger.rounds.filter((round) => round.round >= first && round.reviewers === undefined).length;
      if (unrecorded > 0) count({ reviewerId }, unrecorded);
    }
  }
  const tracks = reviewerTrack(ledgers);
  // A reviewer that ran without a finding kept or rejected still has a record: its rounds.
  const tracked = new Set(tracks.map(keyOf));
  for (const [key, { reporter }] of rounds) {
    if (!tracked.has(key)) tracks.push({ ...reporter, kept: 0, open: 0, fixed: 0, declined: 0, regressed: 0, rejected: 0 });
  }
  return tracks.sort((a, b) => compareText(keyOf(a), keyOf(b))).map((track) => ({ ...track, rounds: rounds.get(keyOf(track))?.count ?? 0 }));
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
