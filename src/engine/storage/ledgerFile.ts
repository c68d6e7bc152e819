import fs from 'node:fs/promises';
import path from 'node:path';
import { emptyLedger, ledgerSchema, ledgerVersion, type Ledger } from '../../shared/ledgerModel';
import { corrupt, writeFailed } from './storageErrors';
import { jsonText, readStoredJson, writeFileAtomically } from './storedFiles';

/** A ledger and what the caller should tell the user about it (e.g. a damaged ledger was replaced). */
export interface LoadedLedger {
  ledger: Ledger;
  warnings: string[];
}

export function ledgerFile(branchDir: string): string {
  return path.join(branchDir, 'ledger.json');
}

/** The ledger, a new one when there is none, or what is wrong with a damaged file (see `replaceDamagedLedger`). */
export async function readLedger(branchDir: string, branch: string): Promise<{ ledger: Ledger } | { damaged: string }> {
  const file = ledgerFile(branchDir);
  const stored = await readStoredJson(file, ledgerSchema, ledgerVersion);
  switch (stored.kind) {
    case 'missing':
      return { ledger: emptyLedger(branch) };
    case 'corrupt':
      return { damaged: stored.problem };
    case 'older':
      return { damaged: `format version ${stored.version} is older than this Deep Review reads (${ledgerVersion})` };
    case 'ok':
      if (stored.value.branch !== branch) throw corrupt(file, `it holds the history of branch "${stored.value.branch}", not "${branch}"`);
      return { ledger: stored.value };
  }
}

/**
 * Moves a damaged ledger aside to `ledger.json.corrupt-<timestamp>` (never deleting it) and starts a new
 * one, with a warning saying where the old one went. Call with the branch locked.
 */
export async function replaceDamagedLedger(branchDir: string, branch: string, problem: string): Promise<LoadedLedger> {
  const file = ledgerFile(branchDir);
  const aside = await unusedName(`${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  try {
    await fs.rename(file, aside);
  } catch (error) {
    throw writeFailed(aside, error);
  }
  return {
    ledger: emptyLedger(branch),
    warnings: [
      `The review history of ${branch} (${file}) was damaged: ${problem}. It was moved to ${aside} and a new history was started, so earlier findings' statuses are not known this round.`,
    ],
  };
}

export async function writeLedger(branchDir: string, branch: string, ledger: Ledger): Promise<void> {
  await writeFileAtomically(ledgerFile(branchDir), jsonText(validLedger(ledger, branch)));
}

/** The ledger, checked against its schema before anything is written (an invalid one is a bug). */
export function validLedger(ledger: Ledger, branch: string): Ledger {
  const checked = ledgerSchema.safeParse(ledger);
  if (!checked.success) {
    const problems = checked.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'ledger'}: ${issue.message}`);
    throw new Error(`The review history is invalid, so it was not saved (${problems.join('; ')}). This is a bug in Deep Review; please report it.`);
  }
  if (checked.data.branch !== branch) throw new Error(`The review history of "${checked.data.branch}" cannot be saved as the history of "${branch}".`);
  return checked.data;
}

/** `name`, or `name-2`, `name-3`, … when it is taken: rename would silently replace an earlier copy. */
async function unusedName(name: string): Promise<string> {
  for (let suffix = 1; ; suffix++) {
    const candidate = suffix === 1 ? name : `${name}-${suffix}`;
    try {
      await fs.lstat(candidate);
    } catch {
      return candidate;
    }
  }
}
