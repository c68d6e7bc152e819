import { recordFixApplied } from '../engine/storage/ledgerActions';
import { fixAppliedParamsSchema } from '../shared/protocol';
import type { FindingStore } from './findingStore';
import type { LedgerUpdates, ServerLog } from './ledgerUpdates';

/**
 * Serves deepReview/fixApplied: records in the branch's resolution ledger that the user applied a
 * finding's fix, so the next round confirms it. The fix is already in the editor by then, so whatever
 * goes wrong here is only logged: it must never look like the fix failed.
 */
export class AppliedFixRecorder {
  constructor(
    private readonly store: FindingStore,
    private readonly ledger: LedgerUpdates,
    private readonly log: ServerLog,
  ) {}

  /** Records the fix; the returned promise settles once it is written or has failed (it never rejects). */
  async handle(rawParams: unknown): Promise<void> {
    const parsed = fixAppliedParamsSchema.safeParse(rawParams);
    if (!parsed.success) {
      this.log.error(`[ledger] ignored an invalid deepReview/fixApplied notification: ${parsed.error.message}`);
      return;
    }
    const { findingId } = parsed.data;
    const report = this.store.current;
    const finding = this.store.finding(findingId);
    if (!report || !finding) {
      this.log.error(`[ledger] the applied fix of ${findingId} is not recorded: the finding is not part of the current review.`);
      return;
    }
    this.store.setStatus(findingId, { status: 'fixed', action: 'fix-applied', reason: null });
    await this.ledger
      .update(report, `${findingId} (${finding.fingerprint}): fix applied`, (ledger) => recordFixApplied(ledger, finding.fingerprint, new Date()))
      .catch(() => undefined);
  }
}
