import path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { version as toolVersion } from '../../package.json';
import { describeError } from '../engine/errors';
import { createCommitFileReader } from '../engine/git/commitFileReader';
import { writeReportFiles, type ReportFileOptions } from '../engine/report/reportFiles';
import { exportReportParamsSchema, exportReportResultSchema, noReportToExportMessage, type ExportReportResult } from '../shared/protocol';
import type { ReviewReport } from '../shared/reportModel';

/** Serves deepReview/exportReport: writes the current report's Markdown, JSON and/or SARIF files to a folder. */
export async function exportReport(rawParams: unknown, report: ReviewReport | null): Promise<ExportReportResult> {
  const parsed = exportReportParamsSchema.safeParse(rawParams);
  if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, `Invalid deepReview/exportReport parameters: ${parsed.error.message}`);
  const { formats, outDir } = parsed.data;
  if (!path.isAbsolute(outDir)) throw new ResponseError(ErrorCodes.InvalidParams, `The export folder must be an absolute path, not "${outDir}".`);
  if (!report) throw new ResponseError(ErrorCodes.InvalidRequest, noReportToExportMessage, { code: 'no-report' });
  try {
    const files = await writeReportFiles(report, outDir, formats, sarifOptions(report, formats.includes('sarif')));
    return exportReportResultSchema.parse({ files });
  } catch (error) {
    throw new ResponseError(ErrorCodes.InternalError, describeError(error), { code: 'export-failed' });
  }
}

function sarifOptions(report: ReviewReport, wanted: boolean): ReportFileOptions {
  if (!wanted) return {};
  // The review worktree is gone: SARIF fixes are placed against HEAD as git stores it.
  return { sarif: { readFileAtHead: createCommitFileReader(report.branch.repoRoot, report.branch.head), toolVersion } };
}
