import { describeError } from '../engine/errors';
import { recordFixApplied } from '../engine/storage/ledgerActions';
import { openReviewStore } from '../engine/storage/reviewStore';
import { fixAppliedParamsSchema } from '../shared/protocol';
import type { FindingStore } from './findingStore';

export interface ServerLog {
  log(message: string): void;
  error(message: string): void;
}

/**
 * Serves deepReview/fixApplied: records in the branch's resolution ledger that the user applied a
 * finding's fix, so the next round confirms it. The fix is already in the editor by then, so whatever
 * goes wrong here is only logged: it must never look like the fix failed.
 */
export class AppliedFixRecorder {
  /** Ledger writes one after another, so the tests (and a burst of quick fixes) see them in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: FindingStore,
    private readonly log: ServerLog,
  ) {}

  /** Records the fix; the returned promise settles once it is written or has failed (it never rejects). */
  handle(rawParams: unknown): Promise<void> {
    this.queue = this.queue
      .then(() => this.record(rawParams))
      .catch((error: unknown) => { this.log.error(`[ledger] recording an applied fix failed: ${describeError(error)}`); });
    return this.queue;
  }

  private async record(rawParams: unknown): Promise<void> {
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
    const branch = report.branch.branch;
    try {
      const reviews = await openReviewStore(report.branch.repoRoot);
      await reviews.updateLedger(branch, (ledger) => recordFixApplied(ledger, finding.fingerprint, new Date()));
      this.log.log(`[ledger] ${findingId} (${finding.fingerprint}) on ${branch}: fix applied.`);
    } catch (error) {
      this.log.error(`[ledger] the applied fix of ${findingId} on ${branch} could not be recorded: ${describeError(error)}`);
    }
  }
}
