import { z } from 'zod';
import { findingIdSchema } from './findingModel';
import { isActiveStatus, ledgerActionLabels, ledgerActionSchema, ledgerStatusSchema } from './ledgerModel';

// Where each finding of a report stands now, from the branch's resolution ledger: what the editor
// shows (diagnostics only for active findings), the report badges and the Deep Review view.

export const findingStatusSchema = z.strictObject({
  status: ledgerStatusSchema,
  action: ledgerActionSchema,
  /** The user's reason for a dismissal. */
  reason: z.string().nullable(),
});
export type FindingStatus = z.infer<typeof findingStatusSchema>;

/** By finding id; a finding missing here is open (e.g. a review run without stored rounds). */
export const findingStatusesSchema = z.record(findingIdSchema, findingStatusSchema);
export type FindingStatuses = z.infer<typeof findingStatusesSchema>;

export const openStatus: FindingStatus = { status: 'open', action: 'reported', reason: null };

export function statusOf(statuses: FindingStatuses, findingId: string): FindingStatus {
  return statuses[findingId] ?? openStatus;
}

/** Open or regressed: shown in the Problems panel and counted in the status bar. */
export function isActiveFinding(statuses: FindingStatuses, findingId: string): boolean {
  return isActiveStatus(statusOf(statuses, findingId).status);
}

/** "Open", "Declined: not worth it", "Fix applied", "Likely fixed (code edited)"… */
export function findingStatusLabel(status: FindingStatus): string {
  if (status.status === 'open' && status.action === 'reported') return 'Open';
  const label = ledgerActionLabels[status.action];
  return status.status === 'declined' && status.reason ? `${label}: ${status.reason}` : label;
}
