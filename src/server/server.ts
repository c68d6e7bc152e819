import '../shared/zodSetup';
import { CodeActionKind, ProposedFeatures, type CancellationToken, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  checkReviewersParamsSchema,
  checkReviewersRequestMethod,
  exportReportRequestMethod,
  fixAppliedNotificationMethod,
  fixParamsSchema,
  fixRequestMethod,
  reviewRequestMethod,
  type FixResult,
} from '../shared/protocol';
import { checkReviewers } from '../engine/review/checkReviewers';
import { AppliedFixRecorder } from './appliedFixRecorder';
import { findingCodeActions } from './codeActions';
import { DocumentTexts } from './documentTexts';
import { FindingStore } from './findingStore';
import { planFindingFix } from './fixPlanner';
import { exportReport } from './reportExport';
import { ReviewHandler } from './reviewHandler';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const texts = new DocumentTexts(documents);
const store = new FindingStore(connection, texts);
const reviews = new ReviewHandler(connection, store);
const appliedFixes = new AppliedFixRecorder(store, connection.console);

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  },
  serverInfo: { name: 'Deep Review' },
}));

connection.onRequest(reviewRequestMethod, (params: unknown, token: CancellationToken) => reviews.handle(params, token));

connection.onRequest<FixResult, never>(fixRequestMethod, (params: unknown): FixResult => {
  const { findingId } = fixParamsSchema.parse(params);
  const finding = store.finding(findingId);
  const report = store.current;
  if (!finding || !report) return { kind: 'refused', reason: `Finding ${findingId} is not part of the current review.` };
  const location = store.currentLocation(finding);
  return planFindingFix(finding, report.branch.repoRoot, texts, location?.startLine);
});

connection.onRequest(checkReviewersRequestMethod, async (params: unknown) => {
  const { reviewers } = checkReviewersParamsSchema.parse(params);
  return { checks: await checkReviewers(reviewers) };
});

connection.onRequest(exportReportRequestMethod, (params: unknown) => exportReport(params, store.current));

connection.onNotification(fixAppliedNotificationMethod, (params: unknown) => void appliedFixes.handle(params));

connection.onCodeAction((params) => findingCodeActions(params, store, texts));

documents.onDidChangeContent((change) => void store.refreshDocument(change.document.uri));
documents.onDidClose((change) => void store.refreshDocument(change.document.uri));

documents.listen(connection);
connection.listen();
