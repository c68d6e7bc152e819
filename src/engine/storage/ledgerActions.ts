import { latestEvent, ledgerStatusOf, type Ledger, type LedgerEntry, type LedgerEvent } from '../../shared/ledgerModel';
import { ReviewStoreError } from './storageErrors';

// What the user does to a finding between rounds, from the editor or the report. Each function returns
// a new ledger; the event is dated `when` and belongs to the latest round (the report the user acted on).

/** The user dismissed the finding: declined with `reason`, until its code changes. */
export function recordDismissal(ledger: Ledger, fingerprint: string, reason: string, when: Date): Ledger {
  const trimmed = reason.trim();
  if (trimmed === '') throw new Error('A dismissal needs a reason.');
  return withEntry(ledger, fingerprint, (entry, latestHead) => {
    const latest = latestEvent(entry);
    if (latest.status === 'declined' && latest.reason === trimmed) return null;
    // The code the user looked at is the latest reviewed commit's.
    return { status: 'declined', action: 'declined', reason: trimmed, commit: latestHead };
  }, when);
}

/** The user applied the finding's fix. Fixed, without a commit until a round finds the code gone. */
export function recordFixApplied(ledger: Ledger, fingerprint: string, when: Date): Ledger {
  return withEntry(ledger, fingerprint, (entry) => {
    const latest = latestEvent(entry);
    if (latest.status === 'fixed' && latest.action !== 'likely-fixed') return null;
    return { status: 'fixed', action: 'fix-applied', reason: null, commit: null };
  }, when);
}

/** The editor saw the finding's snippet disappear while the user edited: likely fixed. Only an open finding changes. */
export function markLikelyFixed(ledger: Ledger, fingerprint: string, when: Date): Ledger {
  return withEntry(ledger, fingerprint, (entry) => {
    if (ledgerStatusOf(entry) !== 'open' && ledgerStatusOf(entry) !== 'regressed') return null;
    return { status: 'fixed', action: 'likely-fixed', reason: null, commit: null };
  }, when);
}

/**
 * The finding's code came back in the editor (an undo, a revert): a "likely fixed" or "fix applied" that
 * no round has confirmed is withdrawn, as if it had not happened. Anything else is left as it is.
 */
export function withdrawEditorResolution(ledger: Ledger, fingerprint: string): Ledger {
  const next = structuredClone(ledger);
  const entry = requireEntry(next, fingerprint);
  let withdrawn = false;
  while (entry.history.length > 1 && isUnconfirmedEditorResolution(latestEvent(entry))) {
    entry.history.pop();
    withdrawn = true;
  }
  return withdrawn ? next : ledger;
}

function isUnconfirmedEditorResolution(event: LedgerEvent): boolean {
  return (event.action === 'likely-fixed' || event.action === 'fix-applied') && event.commit === null;
}

type UserChange = Pick<LedgerEvent, 'status' | 'action' | 'reason' | 'commit'>;

function withEntry(ledger: Ledger, fingerprint: string, decide: (entry: LedgerEntry, latestHead: string | null) => UserChange | null, when: Date): Ledger {
  const next = structuredClone(ledger);
  const entry = requireEntry(next, fingerprint);
  const latestRound = next.rounds[next.rounds.length - 1];
  const change = decide(entry, latestRound?.head ?? null);
  if (!change) return ledger;
  entry.history.push({
    ...change,
    round: latestRound?.round ?? entry.lastSeenRound,
    date: when.toISOString(),
    findingId: entry.findingId,
    codeHash: entry.codeHash,
  });
  return next;
}

function requireEntry(ledger: Ledger, fingerprint: string): LedgerEntry {
  const entry = ledger.entries.find((candidate) => candidate.fingerprint === fingerprint);
  if (!entry) {
    throw new ReviewStoreError(
      'unknown-finding',
      null,
      `The finding ${fingerprint} is not in the review history of ${ledger.branch}.`,
      'Its report was not saved with the branch’s rounds; run the review again and act on the new report.',
    );
  }
  return entry;
}
