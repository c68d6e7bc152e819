import path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { version as toolVersion } from '../../package.json';
import { describeError } from '../engine/errors';
import { createCommitFileReader } from '../engine/git/commitFileReader';
import type { FindingsNow } from '../engine/report/findingsMarkdown';
import { writeReportFiles, type ReportFileOptions } from '../engine/report/reportFiles';
import { resolutionRows } from '../engine/storage/ledgerViews';
import { openReviewStore } from '../engine/storage/reviewStore';
import { exportFolderResultSchema, exportReportParamsSchema, exportReportResultSchema, noReportToExportMessage, type ExportFolderResult, type ExportReportResult } from '../shared/protocol';
import type { ReviewReport } from '../shared/reportModel';
import type { FindingStore } from './findingStore';
import type { LedgerUpdates } from './ledgerUpdates';

/**
 * Serves deepReview/exportReport: writes the current report's Markdown, JSON and/or SARIF files to a folder,
 * as the editor shows it now: each finding's status (fix applied, dismissed with the reason, likely fixed) and
 * current lines, and the Resolution table from the branch's ledger with this session's changes in it.
 */
export async function exportReport(rawParams: unknown, store: FindingStore, ledger: LedgerUpdates): Promise<ExportReportResult> {
  const parsed = exportReportParamsSchema.safeParse(rawParams);
  if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, `Invalid deepReview/exportReport parameters: ${parsed.error.message}`);
  const { formats, outDir } = parsed.data;
  if (!path.isAbsolute(outDir)) throw new ResponseError(ErrorCodes.InvalidParams, `The export folder must be an absolute path, not "${outDir}".`);
  const current = store.current;
  if (!current) throw new ResponseError(ErrorCodes.InvalidRequest, noReportToExportMessage, { code: 'no-report' });
  const now: FindingsNow = { statuses: store.currentStatuses, locations: store.currentLocations };
  try {
    const report = await withCurrentResolution(current, ledger);
    const files = await writeReportFiles(report, outDir, formats, { markdown: { now }, ...sarifOptions(report, formats.includes('sarif'), now) });
    return exportReportResultSchema.parse({ files });
  } catch (error) {
    throw new ResponseError(ErrorCodes.InternalError, describeError(error), { code: 'export-failed' });
  }
}

/** Serves deepReview/exportFolder: where exports go by default, in the review's storage under the git directory (never the work tree, where `git add .` would take them). */
export async function exportFolder(report: ReviewReport | null): Promise<ExportFolderResult> {
  if (!report) throw new ResponseError(ErrorCodes.InvalidRequest, noReportToExportMessage, { code: 'no-report' });
  try {
    const reviews = await openReviewStore(report.branch.repoRoot);
    return exportFolderResultSchema.parse({ folder: path.join(reviews.branchDirectory(report.branch.branch), 'exports') });
  } catch (error) {
    throw new ResponseError(ErrorCodes.InternalError, describeError(error), { code: 'export-failed' });
  }
}

/** The Resolution table as the ledger stands once this session's dismissals and applied fixes are written (as stored when it cannot be read). */
async function withCurrentResolution(report: ReviewReport, ledger: LedgerUpdates): Promise<ReviewReport> {
  await ledger.settled();
  try {
    const reviews = await openReviewStore(report.branch.repoRoot);
    const loaded = await reviews.loadLedger(report.branch.branch);
    return { ...report, resolution: resolutionRows(loaded.ledger) };
  } catch {
    return report;
  }
}

function sarifOptions(report: ReviewReport, wanted: boolean, now: FindingsNow): ReportFileOptions {
  if (!wanted) return {};
  // The review worktree is gone: SARIF fixes are placed against HEAD as git stores it.
  return { sarif: { readFileAtHead: createCommitFileReader(report.branch.repoRoot, report.branch.head), toolVersion, statuses: now.statuses } };
}
