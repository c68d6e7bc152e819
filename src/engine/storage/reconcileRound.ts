import type { Finding } from '../../shared/findingModel';
import { latestEvent, ledgerStatusOf, type Ledger, type RoundReviewer, type LedgerEntry, type LedgerEvent, type LedgerRejection } from '../../shared/ledgerModel';
import { HeadFiles } from './codeAtHead';

/** A finding the consolidator rejected as a false positive, with the reviewers that reported it. */
export type RejectedFinding = Omit<LedgerRejection, 'round'>;

export interface RoundToReconcile {
  round: number;
  createdAt: string;
  /** The reviewed commit. */
  head: string;
  /** Who reviewed, with the CLI and model behind each id (their track records are kept per CLI and model). */
  reviewers?: readonly RoundReviewer[];
  /** The round's report findings (before declined ones are left out). */
  findings: readonly Finding[];
  rejected?: readonly RejectedFinding[];
  /**
   * A file at `head`, or null when it does not exist there. A caller that knows a file was renamed
   * since the last round may return the renamed file for the old path.
   */
  readFileAtHead: (path: string) => Promise<string | null>;
}

export interface ReconciledRound {
  ledger: Ledger;
  /**
   * Fingerprints of this round's findings that the user declined earlier and whose code has not
   * changed since: leave them out of the report and the diagnostics.
   */
  stillDeclined: string[];
}

/**
 * Folds a new round into the ledger. The rules, by the entry's status before the round:
 *
 * - new finding → open.
 * - open / regressed: reported again → unchanged; not reported and its snippet is gone from the file
 *   at HEAD (or the file is gone) → fixed; not reported but the snippet is still there → still open,
 *   and `lastCheckedRound > lastSeenRound` says it was not re-reported. Reviewers miss things; only
 *   the code changing resolves a finding. A finding whose snippet was never found at a reviewed commit
 *   cannot be judged by it and stays open.
 * - fixed at a reviewed commit: reported again → regressed. Without a new report it stays fixed, even
 *   when a similar line reappears: short snippets recur legitimately, and reviewers are told which
 *   findings were fixed so they can report a regression.
 * - fixed in the editor (fix applied / likely fixed, not yet seen in a reviewed commit): snippet gone
 *   at HEAD → confirmed, with HEAD as its commit; reported again or the snippet still at HEAD → open
 *   again, because the edit did not reach the reviewed commit.
 * - declined: stays declined, also when reported again with the same code (the report should leave it
 *   out: `stillDeclined`). When it is reported again and the code around its snippet has changed since
 *   it was declined, it reopens: the user's reason was about code that is no longer there. When the
 *   snippet itself changes, reviewers' findings about the new code have a new fingerprint anyway.
 */
export async function reconcileRound(ledger: Ledger, input: RoundToReconcile): Promise<ReconciledRound> {
  const latestRound = ledger.rounds[ledger.rounds.length - 1];
  if (latestRound && input.round <= latestRound.round) {
    throw new Error(`Round ${input.round} cannot be reconciled into the ledger of ${ledger.branch}: it already holds round ${latestRound.round}.`);
  }
  const next = structuredClone(ledger);
  const files = new HeadFiles(input.readFileAtHead);
  const entries = new Map(next.entries.map((entry) => [entry.fingerprint, entry]));
  const reported = new Set<string>();
  const stillDeclined = new Set<string>();
  const eventAt = (entry: LedgerEntry, change: StatusChange): LedgerEvent => ({
    ...change,
    round: input.round,
    date: input.createdAt,
    commit: input.head,
    findingId: entry.findingId,
    codeHash: entry.codeHash,
  });

  for (const finding of input.findings) {
    const codeHash = await files.hashAt(finding.location.path, finding.anchor);
    const known = entries.get(finding.fingerprint);
    const entry = known ?? newEntry(finding, input.round, codeHash);
    if (!known) {
      entries.set(finding.fingerprint, entry);
      next.entries.push(entry);
      entry.history.push(eventAt(entry, { status: 'open', action: 'reported', reason: null }));
    }
    const change = known && !reported.has(finding.fingerprint) ? onReportedAgain(entry, codeHash) : null;
    updateFromFinding(entry, finding, input.round, codeHash);
    reported.add(finding.fingerprint);
    if (change) entry.history.push(eventAt(entry, change));
    if (ledgerStatusOf(entry) === 'declined') stillDeclined.add(entry.fingerprint);
  }

  for (const entry of next.entries) {
    if (reported.has(entry.fingerprint)) continue;
    const change = await onNotReported(entry, files, input);
    if (change) entry.history.push(eventAt(entry, change));
  }

  next.rounds.push({ round: input.round, createdAt: input.createdAt, head: input.head, ...(input.reviewers ? { reviewers: [...input.reviewers] } : {}) });
  next.rejections.push(...(input.rejected ?? []).map((rejection) => ({ ...rejection, round: input.round })));
  return { ledger: next, stillDeclined: [...stillDeclined] };
}

type StatusChange = Pick<LedgerEvent, 'status' | 'action' | 'reason'>;

function onReportedAgain(entry: LedgerEntry, codeHash: string | null): StatusChange | null {
  const latest = latestEvent(entry);
  switch (latest.status) {
    case 'open':
    case 'regressed':
      return null;
    case 'fixed':
      if (latest.commit === null) {
        return { status: 'open', action: 'reopened', reason: 'Reported again: the reviewed commit still has the code, so the fix made in the editor was not committed.' };
      }
      return { status: 'regressed', action: 'regressed', reason: `Reported again after it was fixed in ${shortCommit(latest.commit)}.` };
    case 'declined':
      if (latest.codeHash === null || codeHash === null || latest.codeHash === codeHash) return null;
      return { status: 'open', action: 'reopened', reason: `Reported again and its code changed since it was declined (${latest.reason ?? 'no reason given'}).` };
  }
}

/**
 * Checks an entry the round did not report against the file at the round's HEAD. An editor fix whose
 * code is gone is confirmed in place: its event gets the reviewed commit, and no new event is added.
 */
async function onNotReported(entry: LedgerEntry, files: HeadFiles, round: Pick<RoundToReconcile, 'round' | 'head'>): Promise<StatusChange | null> {
  const status = ledgerStatusOf(entry);
  const unconfirmedFix = isUnconfirmedFix(entry);
  if (status === 'declined' || (status === 'fixed' && !unconfirmedFix)) return null;
  const code = await files.locate(entry.path, entry.snippet, entry.startLine);
  entry.lastCheckedRound = round.round;
  // A snippet never found at a reviewed commit (misquoted, or in a file the branch does not have) says
  // nothing when it is missing now: such a finding stays as it is until a reviewer or the user resolves it.
  if (!code.found && entry.codeHash === null) return null;
  if (code.found) {
    entry.startLine = code.startLine;
    entry.codeHash = code.codeHash;
    return unconfirmedFix ? { status: 'open', action: 'reopened', reason: `The reviewed commit still has the code it quoted in ${entry.path}: the fix made in the editor was not committed.` } : null;
  }
  if (unconfirmedFix) {
    latestEvent(entry).commit = round.head;
    return null;
  }
  const fileExists = (await files.get(entry.path)) !== null;
  const reason = fileExists ? `The code it quoted is no longer in ${entry.path}.` : `${entry.path} no longer exists.`;
  return { status: 'fixed', action: 'fixed-in-code', reason };
}

/** Fixed in the editor and not yet seen gone at a reviewed commit. */
function isUnconfirmedFix(entry: LedgerEntry): boolean {
  const latest = latestEvent(entry);
  return latest.status === 'fixed' && latest.commit === null;
}

function newEntry(finding: Finding, round: number, codeHash: string | null): LedgerEntry {
  return {
    fingerprint: finding.fingerprint,
    findingId: finding.id,
    severity: finding.severity,
    title: finding.title,
    path: finding.location.path,
    startLine: finding.anchor.startLine,
    snippet: finding.location.snippet,
    reporterIds: [],
    firstSeenRound: round,
    lastSeenRound: round,
    lastCheckedRound: round,
    codeHash,
    history: [],
  };
}

function updateFromFinding(entry: LedgerEntry, finding: Finding, round: number, codeHash: string | null): void {
  entry.findingId = finding.id;
  entry.severity = finding.severity;
  entry.title = finding.title;
  entry.path = finding.location.path;
  entry.startLine = finding.anchor.startLine;
  entry.snippet = finding.location.snippet;
  entry.reporterIds = [...new Set([...entry.reporterIds, ...finding.reporters.map((reporter) => reporter.reviewerId)])].sort();
  entry.lastSeenRound = round;
  entry.lastCheckedRound = round;
  if (codeHash !== null) entry.codeHash = codeHash;
}

export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}
