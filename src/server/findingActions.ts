import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { describeError } from '../engine/errors';
import { withdrawEditorResolution, markLikelyFixed, recordDismissal } from '../engine/storage/ledgerActions';
import type { FindingStatuses } from '../shared/findingStatus';
import { dismissParamsSchema } from '../shared/protocol';
import type { ReviewReport } from '../shared/reportModel';
import type { AnchorChange, FindingStore } from './findingStore';
import type { LedgerUpdates } from './ledgerUpdates';

/** What the user does to the current report's findings from the editor, recorded in the branch's ledger. */
export class FindingActions {
  constructor(
    private readonly store: FindingStore,
    private readonly ledger: LedgerUpdates,
  ) {}

  /**
   * deepReview/dismiss: declined with the user's reason, so later rounds leave it out until its code
   * changes. The diagnostic goes only once that is written: a dismissal that would not last is an error.
   */
  async dismiss(rawParams: unknown): Promise<FindingStatuses> {
    const parsed = dismissParamsSchema.safeParse(rawParams);
    if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, `A dismissal needs a finding id and a reason: ${parsed.error.message}`);
    const { findingId, reason } = parsed.data;
    const report = this.store.current;
    const finding = this.store.finding(findingId);
    if (!report || !finding) throw new ResponseError(ErrorCodes.InvalidParams, `Finding ${findingId} is not part of the current review.`);
    try {
      await this.ledger.update(report, `${findingId} (${finding.fingerprint}) dismissed`, (ledger) => recordDismissal(ledger, finding.fingerprint, reason, new Date()));
    } catch (error) {
      throw new ResponseError(ErrorCodes.InternalError, `The dismissal of ${findingId} could not be recorded, so it would not last: ${describeError(error)}`);
    }
    if (this.store.current === report) this.store.setStatus(findingId, { status: 'declined', action: 'declined', reason: reason.trim() });
    return this.store.currentStatuses;
  }

  /** An edit removed a finding's code (likely fixed), or an undo brought it back (the guess is withdrawn). */
  recordAnchorChanges(report: ReviewReport, changes: readonly AnchorChange[]): void {
    // One ledger write for all of them: an edit can remove (or an undo restore) many findings at once.
    const description = changes
      .map(({ finding, present }) => (present ? `${finding.id}: code is back, the editor's resolution is withdrawn` : `${finding.id}: code edited away, likely fixed`))
      .join('; ');
    const when = new Date();
    this.ledger
      .update(report, description, (ledger) =>
        changes.reduce((next, { finding, present }) => (present ? withdrawEditorResolution(next, finding.fingerprint) : markLikelyFixed(next, finding.fingerprint, when)), ledger),
      )
      .catch(() => undefined);
  }
}
