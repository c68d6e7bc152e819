import { z } from 'zod';
import { findingIdSchema, repoPathSchema, severitySchema } from './findingModel';
import { agentCliSchema } from './reviewerConfig';

// The resolution ledger of one branch: every finding any round reported, by fingerprint, with the
// history of its status. Stored as JSON under the repository's git directory, so it is versioned and
// validated when read back.

export const ledgerVersion = 1;

/**
 * open: reported and not resolved. fixed: its code changed (the quoted snippet is gone at a reviewed
 * HEAD) or the user applied its fix / edited the code away. declined: dismissed by the user with a
 * reason. regressed: fixed at a reviewed commit, then reported again.
 */
export const ledgerStatuses = ['open', 'fixed', 'declined', 'regressed'] as const;
export const ledgerStatusSchema = z.enum(ledgerStatuses);
export type LedgerStatus = z.infer<typeof ledgerStatusSchema>;

/** Why a status changed; the Resolution table shows it as the action. */
export const ledgerActions = ['reported', 'fixed-in-code', 'fix-applied', 'likely-fixed', 'declined', 'regressed', 'reopened'] as const;
export const ledgerActionSchema = z.enum(ledgerActions);
export type LedgerAction = z.infer<typeof ledgerActionSchema>;

export const ledgerActionLabels: Record<LedgerAction, string> = {
  reported: 'Reported',
  'fixed-in-code': 'Fixed',
  'fix-applied': 'Fix applied',
  'likely-fixed': 'Likely fixed (code edited)',
  declined: 'Declined',
  regressed: 'Regressed',
  reopened: 'Reopened',
};

const isoDateSchema = z.iso.datetime();
const roundNumberSchema = z.number().int().min(1);

export const ledgerEventSchema = z.strictObject({
  status: ledgerStatusSchema,
  action: ledgerActionSchema,
  /** The round whose review this event concerns (for the user's actions: the latest round when they acted). */
  round: roundNumberSchema,
  date: isoDateSchema,
  /**
   * The reviewed commit the event was observed at. Null for a fix made in the editor until a later
   * round finds the code gone; then it is the first reviewed commit without it.
   */
  commit: z.string().nullable(),
  /** The finding's id in its latest report at the time of the event (ids are per report). */
  findingId: findingIdSchema,
  reason: z.string().nullable(),
  /** Hash of the code around the finding when the event happened; null when the snippet was not found. */
  codeHash: z.string().nullable(),
});
export type LedgerEvent = z.infer<typeof ledgerEventSchema>;

export const ledgerEntrySchema = z.strictObject({
  fingerprint: z.string().min(1),
  /** The latest report's view of the finding. */
  findingId: findingIdSchema,
  severity: severitySchema,
  title: z.string().min(1),
  path: repoPathSchema,
  /** 1-based line of the snippet at the latest reviewed HEAD where it was found (else as last reported). */
  startLine: z.number().int().min(1),
  snippet: z.string(),
  /** Every reviewer that reported it in any round. */
  reporterIds: z.array(z.string().min(1)),
  firstSeenRound: roundNumberSchema,
  /** The last round whose report has it: a reviewer reported it, or an incremental round carried it over. */
  lastSeenRound: roundNumberSchema,
  /** The last round that reconciled it (reported it or checked its code at that round's HEAD). */
  lastCheckedRound: roundNumberSchema,
  /** Hash of the code around the snippet at the latest reviewed HEAD where it was found. */
  codeHash: z.string().nullable(),
  /** Status changes, oldest first; the last one is the current status. */
  history: z.array(ledgerEventSchema).min(1),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** A finding a consolidator rejected as a false positive, kept so reviewers' track records count it. */
export const ledgerRejectionSchema = z.strictObject({
  round: roundNumberSchema,
  title: z.string(),
  path: z.string().nullable(),
  reviewerIds: z.array(z.string().min(1)).min(1),
  reason: z.string(),
});
export type LedgerRejection = z.infer<typeof ledgerRejectionSchema>;

/** A reviewer as it ran in a round: its id, and the CLI and model behind it then. */
export const roundReviewerSchema = z.strictObject({ id: z.string().min(1), cli: agentCliSchema, model: z.string() });
export type RoundReviewer = z.infer<typeof roundReviewerSchema>;

export const ledgerRoundSchema = z.strictObject({
  round: roundNumberSchema,
  createdAt: isoDateSchema,
  head: z.string().min(1),
  /** Who reviewed in this round; absent in rounds recorded before it was kept. */
  reviewers: z.array(roundReviewerSchema).optional(),
});
export type LedgerRound = z.infer<typeof ledgerRoundSchema>;

export const ledgerSchema = z
  .strictObject({
    version: z.literal(ledgerVersion),
    branch: z.string().min(1),
    /** Reconciled rounds, in increasing order. */
    rounds: z.array(ledgerRoundSchema),
    entries: z.array(ledgerEntrySchema),
    rejections: z.array(ledgerRejectionSchema),
  })
  .superRefine((ledger, context) => {
    const fingerprints = new Set<string>();
    ledger.entries.forEach((entry, index) => {
      if (fingerprints.has(entry.fingerprint)) context.addIssue({ code: 'custom', path: ['entries', index], message: `duplicate fingerprint ${entry.fingerprint}` });
      fingerprints.add(entry.fingerprint);
    });
    ledger.rounds.forEach((round, index) => {
      const previous = ledger.rounds[index - 1];
      if (previous && previous.round >= round.round) context.addIssue({ code: 'custom', path: ['rounds', index], message: 'rounds must increase' });
    });
  });
export type Ledger = z.infer<typeof ledgerSchema>;

export function emptyLedger(branch: string): Ledger {
  return { version: ledgerVersion, branch, rounds: [], entries: [], rejections: [] };
}

export function latestEvent(entry: LedgerEntry): LedgerEvent {
  // The schema guarantees a non-empty history.
  return entry.history[entry.history.length - 1] as LedgerEvent;
}

export function ledgerStatusOf(entry: LedgerEntry): LedgerStatus {
  return latestEvent(entry).status;
}

/** Open or regressed: a problem the branch still has. */
export function isActiveStatus(status: LedgerStatus): boolean {
  return status === 'open' || status === 'regressed';
}

/** One row of the report's Resolution table: when and how a finding was addressed. */
export const resolutionRowSchema = z.strictObject({
  date: isoDateSchema,
  round: roundNumberSchema,
  commit: z.string().nullable(),
  fingerprint: z.string(),
  findingId: findingIdSchema,
  title: z.string(),
  severity: severitySchema,
  status: ledgerStatusSchema,
  action: ledgerActionSchema,
  reason: z.string().nullable(),
});
export type ResolutionRow = z.infer<typeof resolutionRowSchema>;

/** What the next round's reviewers are told about an earlier finding. */
export const priorFindingSchema = z.strictObject({
  id: findingIdSchema,
  /** The round whose report the id belongs to. */
  round: roundNumberSchema,
  title: z.string(),
  severity: severitySchema,
  path: z.string(),
  line: z.number().int().min(1),
  status: ledgerStatusSchema,
  reason: z.string().nullable(),
  /**
   * Whether the latest round's report has it (reported, or carried over by an incremental round). An open finding that it did not report is still open because
   * its code is still there (reviewers miss things; only a code change resolves a finding).
   */
  reportedInLatestRound: z.boolean(),
});
export type PriorFinding = z.infer<typeof priorFindingSchema>;

/** A reviewer's record across rounds: what happened to the findings it reported. */
export const reviewerTrackSchema = z.strictObject({
  reviewerId: z.string(),
  /** The CLI and model the findings were reported with; absent for rounds recorded before they were kept. */
  cli: agentCliSchema.optional(),
  model: z.string().optional(),
  /** Findings it reported that made it into a report (after consolidation). */
  kept: z.number().int().min(0),
  open: z.number().int().min(0),
  fixed: z.number().int().min(0),
  declined: z.number().int().min(0),
  regressed: z.number().int().min(0),
  /** Findings it reported that the consolidator rejected as false positives. */
  rejected: z.number().int().min(0),
});
export type ReviewerTrack = z.infer<typeof reviewerTrackSchema>;

/** One stored round in a branch's history, as the history view lists it. */
export const roundSummarySchema = z.strictObject({
  round: roundNumberSchema,
  createdAt: z.string(),
  head: z.string(),
  verdict: z.string(),
  counts: z.strictObject({ critical: z.number().int().min(0), important: z.number().int().min(0), suggestion: z.number().int().min(0) }),
});
export type RoundSummary = z.infer<typeof roundSummarySchema>;

/** The real branch name of a stored branch folder (folder names are sanitised). */
export const storedBranchSchema = z.strictObject({ version: z.literal(1), branch: z.string().min(1) });
export type StoredBranch = z.infer<typeof storedBranchSchema>;
