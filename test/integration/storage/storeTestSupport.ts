import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { Finding } from '../../../src/shared/findingModel';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { TempRepo } from '../../fixtures/gitRepo';
import { sampleReport } from '../../fixtures/sampleReport';

/** A TempRepo removed when the test ends. */
export function tempRepo(t: TestContext, files?: Record<string, string>): TempRepo {
  const repo = TempRepo.create(files, 'deep-review-store-');
  t.after(() => {
    repo.remove();
  });
  return repo;
}

/** The sample report, as a review of `branch` at `head` (with `findings` instead of the sample's, when given). */
export function reportOf(branch: string, head: string, findings?: Finding[], createdAt = '2026-03-09T14:07:31.000Z'): ReviewReport {
  const report = sampleReport();
  return { ...report, createdAt, branch: { ...report.branch, branch, head }, findings: findings ?? report.findings };
}

/** Every file under `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
