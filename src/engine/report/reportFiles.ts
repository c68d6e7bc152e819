import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { reviewReportSchema, type ReviewReport } from '../../shared/reportModel';
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
 * paths. Every format is rendered before any file is written, and each file is written to a temporary
 * name and renamed into place, so a failure never leaves half a report behind.
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
  const files: Array<{ target: string; content: string }> = [];
  for (const format of new Set(formats)) {
    files.push({ target: path.join(outDir, `${reportBaseName(checked.data)}.${format}`), content: await renderReport(checked.data, format, options) });
  }
  try {
    await fs.mkdir(outDir, { recursive: true });
  } catch (error) {
    throw writeError(outDir, error);
  }
  for (const file of files) await writeAtomically(file.target, file.content);
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

async function writeAtomically(target: string, content: string): Promise<void> {
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw writeError(target, error);
  }
}

function writeError(target: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`Could not write the review report to ${target}: ${reason}. Check that the folder is writable, or choose another output folder.`, {
    cause: error,
  });
}
