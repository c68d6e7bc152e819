import type { Ledger } from '../shared/ledgerModel';
import type { ReviewReport } from '../shared/reportModel';
import { describeError } from '../engine/errors';
import { openReviewStore } from '../engine/storage/reviewStore';

export interface ServerLog {
  log(message: string): void;
  error(message: string): void;
}

/**
 * Changes to the resolution ledger from the editor (dismissals, applied fixes, code edited away),
 * written one after another so a burst of them lands in order and none overwrites another.
 */
export class LedgerUpdates {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly log: ServerLog) {}

  /** Applies `change` to the ledger of the report's branch; resolves with the written ledger, rejects when it could not be written. */
  update(report: ReviewReport, description: string, change: (ledger: Ledger) => Ledger): Promise<Ledger> {
    const branch = report.branch.branch;
    const write = this.queue.then(async () => {
      const store = await openReviewStore(report.branch.repoRoot);
      const { ledger } = await store.updateLedger(branch, change);
      this.log.log(`[ledger] ${description} on ${branch}.`);
      return ledger;
    });
    this.queue = write.catch((error: unknown) => { this.log.error(`[ledger] ${description} on ${branch} could not be recorded: ${describeError(error)}`); });
    return write;
  }

  /** Settles once every update asked for so far is written or has failed. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}
