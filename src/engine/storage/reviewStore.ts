import fs from 'node:fs/promises';
import path from 'node:path';
import { storedBranchSchema, type Ledger, type RoundSummary } from '../../shared/ledgerModel';
import { reviewReportSchema, type ReviewReport } from '../../shared/reportModel';
import { redactLedger, redactReport } from '../redaction/redactReport';
import { loadSecretRedactor } from '../redaction/secretRedactor';
import { branchFolderName } from './branchFolder';
import { defaultLockTiming, withDirectoryLock, type LockTiming } from './directoryLock';
import { resolveGitCommonDir } from './gitCommonDir';
import { readLedger, replaceDamagedLedger, validLedger, writeLedger, type LoadedLedger } from './ledgerFile';
import { readRoundReport, readTranscript, removeIncompleteRounds, reportFile, storedRoundNumbers, summarizeRound, writeRound } from './roundFiles';
import { corrupt, ReviewStoreError, writeFailed } from './storageErrors';
import { isMissing, jsonText, readStoredJsonStrict, writeFileAtomically } from './storedFiles';

export type { LoadedLedger } from './ledgerFile';

export interface RoundToSave {
  report: ReviewReport;
  /** Each reviewer's raw transcript (the CLI's JSON lines), by reviewer id. */
  transcripts: Readonly<Record<string, string>>;
  /**
   * Folds the round into the branch's ledger (e.g. with reconcileRound), given the round number the
   * store assigned. Runs under the same lock as the write, so no other round or dismissal slips in
   * between; when it throws, nothing is saved.
   */
  reconcile?: (ledger: Ledger, round: number) => RoundReconciliation | Promise<RoundReconciliation>;
}

export interface RoundReconciliation {
  ledger: Ledger;
  /** The report to store instead of the one given, when the ledger changes it (declined findings left out, the Resolution table). */
  report?: ReviewReport;
}

export interface SavedRound {
  /** The number the round was stored as: the next free one when it was saved. */
  round: number;
  /** The report as stored, with that round number. */
  report: ReviewReport;
  directory: string;
  /** The updated ledger, when `reconcile` was given. */
  ledger: Ledger | null;
  warnings: string[];
}

export interface RoundListing {
  rounds: RoundSummary[];
  /** Rounds whose report cannot be read, with the reason: listed, not hidden. */
  unreadable: Array<{ round: number; file: string; problem: string }>;
}

export interface ReviewStoreOptions {
  lockTiming?: Partial<LockTiming>;
}

/** Opens the review history of the repository that holds `repoPath` (any checkout or subfolder of it). */
export async function openReviewStore(repoPath: string, options: ReviewStoreOptions = {}): Promise<ReviewStore> {
  const commonDir = await resolveGitCommonDir(repoPath);
  return new ReviewStore(path.join(commonDir, 'deep-review'), { ...defaultLockTiming, ...options.lockTiming });
}

/**
 * Rounds and the resolution ledger of every branch, stored in `<git-common-dir>/deep-review/` — inside
 * the repository's git folder, so they never show up in the working tree or in commits, and every
 * worktree of the repository shares them:
 *
 *     branches/<slug>-<hash>/branch.json                           the branch's real name
 *     branches/<slug>-<hash>/ledger.json                           findings by fingerprint, with status history
 *     branches/<slug>-<hash>/rounds/<N>/report.json                the round's ReviewReport
 *     branches/<slug>-<hash>/rounds/<N>/transcripts/<id>.jsonl     each reviewer's raw transcript
 *
 * Folders are private (0700), files are written atomically, and writes to a branch hold its lock.
 */
export class ReviewStore {
  constructor(
    /** `<git-common-dir>/deep-review`. */
    readonly directory: string,
    private readonly lockTiming: LockTiming,
  ) {}

  branchDirectory(branch: string): string {
    if (branch === '' || branch.includes('\0')) throw new Error(`"${branch}" is not a branch name.`);
    return path.join(this.directory, 'branches', branchFolderName(branch));
  }

  /** The number the next round of `branch` will get unless another window saves one first. */
  async nextRoundNumber(branch: string): Promise<number> {
    const rounds = await storedRoundNumbers(this.branchDirectory(branch));
    return (rounds[rounds.length - 1] ?? 0) + 1;
  }

  /** Stores a round under the next free number (the report's `round` is set to it) and, optionally, reconciles the ledger. */
  async saveRound(branch: string, toSave: RoundToSave): Promise<SavedRound> {
    validReport(toSave.report, branch);
    const redactor = await loadSecretRedactor();
    const branchDir = await this.ensureBranchDirectory(branch);
    return this.locked(branch, async () => {
      await this.checkBranchRecord(branchDir, branch);
      await removeIncompleteRounds(branchDir);
      const round = await this.nextRoundNumber(branch);
      let loaded: LoadedLedger | null = null;
      let report = toSave.report;
      if (toSave.reconcile) {
        const current = await this.loadLedgerLocked(branch);
        const reconciled = await toSave.reconcile(current.ledger, round);
        // Checked before the round is written, so an invalid ledger leaves nothing behind.
        loaded = { ledger: validLedger(redactLedger(reconciled.ledger, redactor), branch), warnings: current.warnings };
        report = reconciled.report ?? report;
      }
      // Belt and braces: a review's report and transcripts come here redacted (runReview); a round saved any other way is redacted here.
      report = redactReport(validReport({ ...report, round }, branch), redactor);
      const transcripts = Object.fromEntries(Object.entries(toSave.transcripts).map(([id, text]) => [id, redactor.redactText(text)]));
      const directory = await writeRound(branchDir, round, report, transcripts);
      if (loaded) await writeLedger(branchDir, branch, loaded.ledger);
      return { round, report, directory, ledger: loaded?.ledger ?? null, warnings: loaded?.warnings ?? [] };
    });
  }

  async loadRound(branch: string, round: number): Promise<ReviewReport> {
    return redactStored(await readRoundReport(this.branchDirectory(branch), branch, round));
  }

  /**
   * The newest readable round of `branch` (reading from the newest down, so one report is read when it is
   * fine), with the newer rounds that could not be read; report null when none can be.
   */
  async loadLatestRound(branch: string): Promise<{ report: ReviewReport | null; unreadable: RoundListing['unreadable'] }> {
    const branchDir = this.branchDirectory(branch);
    const unreadable: RoundListing['unreadable'] = [];
    for (const round of (await storedRoundNumbers(branchDir)).reverse()) {
      try {
        return { report: await redactStored(await readRoundReport(branchDir, branch, round)), unreadable };
      } catch (error) {
        if (!(error instanceof ReviewStoreError)) throw error;
        unreadable.push({ round, file: reportFile(branchDir, round), problem: error.message });
      }
    }
    return { report: null, unreadable };
  }

  async loadTranscript(branch: string, round: number, reviewerId: string): Promise<string | null> {
    return readTranscript(this.branchDirectory(branch), round, reviewerId);
  }

  /** Every stored round of `branch`, oldest first, summarised for a history view. */
  async listRounds(branch: string): Promise<RoundListing> {
    const branchDir = this.branchDirectory(branch);
    const listing: RoundListing = { rounds: [], unreadable: [] };
    for (const round of await storedRoundNumbers(branchDir)) {
      try {
        listing.rounds.push(summarizeRound(await readRoundReport(branchDir, branch, round)));
      } catch (error) {
        if (!(error instanceof ReviewStoreError)) throw error;
        listing.unreadable.push({ round, file: reportFile(branchDir, round), problem: error.message });
      }
    }
    return listing;
  }

  /** The branch's ledger (empty when it has none). A damaged ledger is moved aside, with a warning. */
  async loadLedger(branch: string): Promise<LoadedLedger> {
    const read = await readLedger(this.branchDirectory(branch), branch);
    if ('ledger' in read) return { ledger: read.ledger, warnings: [] };
    return this.locked(branch, () => this.loadLedgerLocked(branch));
  }

  async saveLedger(branch: string, ledger: Ledger): Promise<void> {
    const branchDir = await this.ensureBranchDirectory(branch);
    await this.locked(branch, async () => {
      await this.checkBranchRecord(branchDir, branch);
      await writeLedger(branchDir, branch, ledger);
    });
  }

  /** Reads, changes and writes the ledger under the branch's lock (for dismissals and fixes from the editor). */
  async updateLedger(branch: string, update: (ledger: Ledger) => Ledger | Promise<Ledger>): Promise<LoadedLedger> {
    const branchDir = await this.ensureBranchDirectory(branch);
    return this.locked(branch, async () => {
      await this.checkBranchRecord(branchDir, branch);
      const current = await this.loadLedgerLocked(branch);
      const ledger = await update(current.ledger);
      await writeLedger(branchDir, branch, ledger);
      return { ledger, warnings: current.warnings };
    });
  }

  /** The real names of the branches with stored reviews; folders that cannot be read are named in `warnings`. */
  async listBranches(): Promise<{ branches: string[]; warnings: string[] }> {
    const branchesDir = path.join(this.directory, 'branches');
    let folders: string[];
    try {
      folders = await fs.readdir(branchesDir);
    } catch (error) {
      if (isMissing(error)) return { branches: [], warnings: [] };
      throw error;
    }
    const branches: string[] = [];
    const warnings: string[] = [];
    for (const folder of folders.sort()) {
      try {
        const record = await readStoredJsonStrict(path.join(branchesDir, folder, 'branch.json'), storedBranchSchema, 1);
        if (record) branches.push(record.branch);
      } catch (error) {
        warnings.push(error instanceof Error ? error.message : String(error));
      }
    }
    return { branches: branches.sort(), warnings };
  }

  /** Every branch's ledger: the repository's whole history, e.g. for reviewers' track records. */
  async loadAllLedgers(): Promise<{ ledgers: Ledger[]; warnings: string[] }> {
    const { branches, warnings } = await this.listBranches();
    const ledgers: Ledger[] = [];
    for (const branch of branches) {
      try {
        const loaded = await this.loadLedger(branch);
        ledgers.push(loaded.ledger);
        warnings.push(...loaded.warnings);
      } catch (error) {
        if (!(error instanceof ReviewStoreError)) throw error;
        warnings.push(error.userMessage);
      }
    }
    return { ledgers, warnings };
  }

  private async loadLedgerLocked(branch: string): Promise<LoadedLedger> {
    const branchDir = this.branchDirectory(branch);
    const read = await readLedger(branchDir, branch);
    return 'ledger' in read ? { ledger: read.ledger, warnings: [] } : replaceDamagedLedger(branchDir, branch, read.damaged);
  }

  private locked<T>(branch: string, action: () => Promise<T>): Promise<T> {
    return withDirectoryLock(path.join(this.branchDirectory(branch), 'lock'), this.lockTiming, action);
  }

  private async ensureBranchDirectory(branch: string): Promise<string> {
    const branchDir = this.branchDirectory(branch);
    try {
      await fs.mkdir(branchDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw writeFailed(branchDir, error);
    }
    return branchDir;
  }

  /** Writes branch.json on first use; afterwards checks the folder really belongs to `branch`. Call locked. */
  private async checkBranchRecord(branchDir: string, branch: string): Promise<void> {
    const file = path.join(branchDir, 'branch.json');
    const record = await readStoredJsonStrict(file, storedBranchSchema, 1);
    if (!record) await writeFileAtomically(file, jsonText({ version: 1, branch }));
    else if (record.branch !== branch) throw corrupt(file, `the folder belongs to branch "${record.branch}", not "${branch}"`);
  }
}

/** A stored report as it is shown or exported: one stored before redaction existed may still hold a secret. */
async function redactStored(report: ReviewReport): Promise<ReviewReport> {
  return redactReport(report, await loadSecretRedactor());
}

function validReport(report: ReviewReport, branch: string): ReviewReport {
  if (report.branch.branch !== branch) throw new Error(`A review of "${report.branch.branch}" cannot be stored as a round of "${branch}".`);
  const checked = reviewReportSchema.safeParse(report);
  if (checked.success) return checked.data;
  const problems = checked.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'report'}: ${issue.message}`);
  throw new Error(`The review report is invalid, so the round was not saved (${problems.join('; ')}). This is a bug in Deep Review; please report it.`);
}
