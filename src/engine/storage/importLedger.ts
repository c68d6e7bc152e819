import fs from 'node:fs/promises';
import path from 'node:path';
import { ledgerSchema } from '../../shared/ledgerModel';
import type { ReviewStore } from './reviewStore';
import { roundsDir } from './roundFiles';
import { writeFailed } from './storageErrors';

export type LedgerImport = { imported: true; rounds: number; findings: number } | { imported: false; reason: string };

/**
 * Adopts a branch's ledger carried from elsewhere (e.g. the pull request's Deep Review comment, on a CI
 * runner that starts from a fresh clone) when this repository has no history of the branch yet. The
 * ledger is validated like a stored one. The latest imported round's number is reserved with an empty
 * round folder, so the next round continues the numbering (its report is not here: it lives where the
 * ledger came from), and round N's Resolution table carries the earlier rounds' findings.
 */
export async function importLedgerIfNone(store: ReviewStore, branch: string, candidate: unknown): Promise<LedgerImport> {
  const parsed = ledgerSchema.safeParse(candidate);
  if (!parsed.success) return { imported: false, reason: `it is not a valid review history (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  const ledger = parsed.data;
  if (ledger.branch !== branch) return { imported: false, reason: `it is the history of branch "${ledger.branch}", not "${branch}"` };
  const last = ledger.rounds.at(-1);
  if (last === undefined) return { imported: false, reason: 'it holds no round' };
  const local = await store.loadLedger(branch);
  if (local.ledger.rounds.length > 0 || (await store.nextRoundNumber(branch)) > 1) {
    return { imported: false, reason: 'this repository already has a review history of the branch' };
  }
  await store.saveLedger(branch, ledger);
  const reserved = path.join(roundsDir(store.branchDirectory(branch)), String(last.round));
  try {
    await fs.mkdir(reserved, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw writeFailed(reserved, error);
  }
  return { imported: true, rounds: ledger.rounds.length, findings: ledger.entries.length };
}
