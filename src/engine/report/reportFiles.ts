import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { reviewReportSchema, type ReviewReport } from '../../shared/reportModel';
import { ReviewError } from '../errors';
import { redactReport } from '../redaction/redactReport';
import { loadSecretRedactor } from '../redaction/secretRedactor';
import { renderMarkdownReport, type MarkdownReportOptions } from './markdownReport';
import { renderSarifReport, type SarifReportOptions } from './sarifReport';

export const reportFormats = ['md', 'json', 'sarif'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface ReportFileOptions {
  markdown?: MarkdownReportOptions;
  /** Required for 'sarif': fixes are placed against the files at the reviewed commit. */
  sarif?: SarifReportOptions;
}

/** "deep-review-feature-login-round2" for branch "feature/login", round 2. */
export function reportBaseName(report: Pick<ReviewReport, 'round'> & { branch: Pick<ReviewReport['branch'], 'branch'> }): string {
  const branch = report.branch.branch
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `deep-review-${branch === '' ? 'branch' : branch}-round${report.round}`;
}

/**
 * Writes the report in each format (`<base>.md`, `.json`, `.sarif`) to `outDir` and returns the files'
 * paths. Every format is rendered, then written to a temporary name, before any file is renamed into
 * place: a failure (a full disk, a folder that cannot be written) leaves no half-written file, no
 * temporary file, and an earlier report of the same round as it was.
 */
export async function writeReportFiles(
  report: ReviewReport,
  outDir: string,
  formats: readonly ReportFormat[],
  options: ReportFileOptions = {},
): Promise<string[]> {
  const checked = reviewReportSchema.safeParse(report);
  if (!checked.success) {
    const problems = checked.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'report'}: ${issue.message}`);
    throw new Error(`The review report is invalid, so no report file was written (${problems.join('; ')}). This is a bug in Deep Review; please report it.`);
  }
  // A review's report comes here redacted (runReview); a report from anywhere else is redacted here, and each rendered file once more.
  const redactor = await loadSecretRedactor();
  const redacted = redactReport(checked.data, redactor);
  const files: Array<{ target: string; content: string }> = [];
  for (const format of new Set(formats)) {
    files.push({ target: path.join(outDir, `${reportBaseName(redacted)}.${format}`), content: redactor.redactText(await renderReport(redacted, format, options)) });
  }
  try {
    await fs.mkdir(outDir, { recursive: true });
  } catch (error) {
    throw writeError(outDir, error);
  }
  const staged: Array<{ target: string; temporary: string }> = [];
  try {
    for (const file of files) staged.push({ target: file.target, temporary: await writeTemporary(file.target, file.content) });
  } catch (error) {
    await Promise.all(staged.map((file) => removeQuietly(file.temporary)));
    throw error;
  }
  for (const [index, file] of staged.entries()) {
    try {
      await fs.rename(file.temporary, file.target);
    } catch (error) {
      await Promise.all(staged.slice(index).map((left) => removeQuietly(left.temporary)));
      throw writeError(file.target, error);
    }
  }
  return files.map((file) => file.target);
}

async function renderReport(report: ReviewReport, format: ReportFormat, options: ReportFileOptions): Promise<string> {
  switch (format) {
    case 'md':
      return renderMarkdownReport(report, options.markdown);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'sarif':
      if (!options.sarif) throw new Error('A SARIF report needs the files at the reviewed commit (options.sarif). This is a bug in Deep Review; please report it.');
      return `${JSON.stringify(await renderSarifReport(report, options.sarif), null, 2)}\n`;
  }
}

/** Writes `content` next to `target` under a temporary name, which it returns; nothing is left on failure. */
async function writeTemporary(target: string, content: string): Promise<string> {
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    return temporary;
  } catch (error) {
    await removeQuietly(temporary);
    throw writeError(target, error);
  }
}

async function removeQuietly(file: string): Promise<void> {
  await fs.rm(file, { force: true }).catch(() => undefined);
}

const diskFullCodes = new Set(['ENOSPC', 'EDQUOT']);

function writeError(target: string, error: unknown): ReviewError {
  const reason = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const advice = diskFullCodes.has(code)
    ? 'The disk is full (or your quota is used up): free some space, or choose another output folder.'
    : 'Check that the folder is writable, or choose another output folder.';
  const failure = new ReviewError('report-write-failed', `Could not write the review report to ${target}: ${reason}. ${advice}`);
  failure.cause = error;
  return failure;
}
