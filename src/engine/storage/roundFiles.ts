import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RoundSummary } from '../../shared/ledgerModel';
import { reviewReportSchema, type ReviewReport } from '../../shared/reportModel';
import { ReviewStoreError, unreadable, writeFailed } from './storageErrors';
import { isMissing, jsonText, readStoredJsonStrict } from './storedFiles';

// rounds/<N>/report.json and rounds/<N>/transcripts/<reviewerId>.jsonl of one branch folder.

const reportVersion = reviewReportSchema.shape.version.value;
const incomingPrefix = '.incoming-';
// Reviewer ids are validated by the config schema; checked again because they become file names.
const safeReviewerId = /^(?!\.{1,2}$)[A-Za-z0-9_.-]+$/;

export function roundsDir(branchDir: string): string {
  return path.join(branchDir, 'rounds');
}

export function reportFile(branchDir: string, round: number): string {
  return path.join(roundsDir(branchDir), String(round), 'report.json');
}

/** Numbers of the stored rounds, ascending. A round's folder appears only once it is complete. */
export async function storedRoundNumbers(branchDir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await fs.readdir(roundsDir(branchDir));
  } catch (error) {
    if (isMissing(error)) return [];
    throw unreadable(roundsDir(branchDir), error);
  }
  return names
    .filter((name) => /^[1-9]\d{0,8}$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Writes the round into a hidden folder and renames it to `rounds/<round>` when every file is there,
 * so a crash or a full disk never leaves half a round. Call with the branch locked.
 */
export async function writeRound(branchDir: string, round: number, report: ReviewReport, transcripts: Readonly<Record<string, string>>): Promise<string> {
  for (const reviewerId of Object.keys(transcripts)) {
    if (!safeReviewerId.test(reviewerId)) throw new Error(`Cannot store the transcript of reviewer "${reviewerId}": the id is not a safe file name.`);
  }
  const target = path.join(roundsDir(branchDir), String(round));
  const incoming = path.join(roundsDir(branchDir), `${incomingPrefix}${randomBytes(6).toString('hex')}`);
  try {
    await fs.mkdir(path.join(incoming, 'transcripts'), { recursive: true, mode: 0o700 });
    await fs.writeFile(path.join(incoming, 'report.json'), jsonText(report), { flag: 'wx', mode: 0o600 });
    for (const [reviewerId, transcript] of Object.entries(transcripts)) {
      await fs.writeFile(path.join(incoming, 'transcripts', `${reviewerId}.jsonl`), transcript, { flag: 'wx', mode: 0o600 });
    }
    await fs.rename(incoming, target);
  } catch (error) {
    await fs.rm(incoming, { recursive: true, force: true }).catch(() => undefined);
    throw writeFailed(target, error);
  }
  return target;
}

/** Removes rounds a crashed process left half-written. Call with the branch locked: only then is no write in progress. */
export async function removeIncompleteRounds(branchDir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(roundsDir(branchDir));
  } catch {
    return;
  }
  for (const name of names.filter((candidate) => candidate.startsWith(incomingPrefix))) {
    await fs.rm(path.join(roundsDir(branchDir), name), { recursive: true, force: true });
  }
}

export async function readRoundReport(branchDir: string, branch: string, round: number): Promise<ReviewReport> {
  const file = reportFile(branchDir, round);
  const report = await readStoredJsonStrict(file, reviewReportSchema, reportVersion);
  if (!report) throw new ReviewStoreError('not-found', file, `Round ${round} of ${branch} is not stored (${file} does not exist).`, 'Open one of the stored rounds, or run the review again.');
  return report;
}

/** The raw transcript of one reviewer in one round, or null when none was stored. */
export async function readTranscript(branchDir: string, round: number, reviewerId: string): Promise<string | null> {
  if (!safeReviewerId.test(reviewerId)) return null;
  const file = path.join(roundsDir(branchDir), String(round), 'transcripts', `${reviewerId}.jsonl`);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw unreadable(file, error);
  }
}

export function summarizeRound(report: ReviewReport): RoundSummary {
  const count = (severity: string): number => report.findings.filter((finding) => finding.severity === severity).length;
  return {
    round: report.round,
    createdAt: report.createdAt,
    head: report.branch.head,
    verdict: report.verdict,
    counts: { critical: count('critical'), important: count('important'), suggestion: count('suggestion') },
  };
}
