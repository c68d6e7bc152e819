import { anchorSnippet } from '../../../src/engine/findings/anchorSnippet';
import { fingerprintFinding } from '../../../src/engine/findings/fingerprint';
import { reconcileRound, type ReconciledRound, type RejectedFinding } from '../../../src/engine/storage/reconcileRound';
import type { Finding, Severity } from '../../../src/shared/findingModel';
import { ledgerSchema, type Ledger, type RoundReviewer } from '../../../src/shared/ledgerModel';

/** The repository's files at one reviewed commit: path → text. */
export type Files = Readonly<Record<string, string>>;

export interface FindingDraft {
  id: string;
  title: string;
  path: string;
  snippet: string;
  severity?: Severity;
  reviewers?: string[];
}

/** A report finding as a review of `files` would produce it: anchored at its snippet, fingerprinted. */
export function findingIn(files: Files, draft: FindingDraft): Finding {
  const text = files[draft.path];
  const anchor = text === undefined ? { status: 'unanchored' as const, startLine: 1, endLine: 1 } : anchorSnippet(text, draft.snippet, 1);
  const severity = draft.severity ?? 'important';
  return {
    id: draft.id,
    severity,
    title: draft.title,
    body: `About ${draft.title}.`,
    location: { path: draft.path, startLine: anchor.startLine, endLine: anchor.endLine, snippet: draft.snippet },
    anchor,
    extraLocations: [],
    fix: null,
    tags: [],
    reporters: (draft.reviewers ?? ['claude']).map((reviewerId) => ({ reviewerId, severity })),
    fingerprint: fingerprintFinding({ path: draft.path, snippet: draft.snippet, title: draft.title }),
  };
}

export function headOf(round: number): string {
  return String(round).repeat(40).slice(0, 40);
}

export function dateOf(round: number): string {
  return new Date(Date.UTC(2026, 2, round, 10)).toISOString();
}

/** Reconciles round `round` of `files` and checks the result is a ledger the store would accept. */
export async function reconcile(
  ledger: Ledger,
  round: number,
  files: Files,
  findings: readonly Finding[],
  rejected: readonly RejectedFinding[] = [],
  reviewers?: readonly RoundReviewer[],
): Promise<ReconciledRound> {
  const result = await reconcileRound(ledger, {
    round,
    createdAt: dateOf(round),
    head: headOf(round),
    ...(reviewers ? { reviewers } : {}),
    findings,
    rejected,
    readFileAtHead: (path) => Promise.resolve(files[path] ?? null),
  });
  ledgerSchema.parse(result.ledger);
  return result;
}
