import '../shared/zodSetup';
import { CodeActionKind, ProposedFeatures, type CancellationToken, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  checkReviewersParamsSchema,
  checkReviewersRequestMethod,
  clearFindingsRequestMethod,
  currentReportRequestMethod,
  dismissRequestMethod,
  exportReportRequestMethod,
  fixAppliedNotificationMethod,
  fixParamsSchema,
  fixPreviewParamsSchema,
  fixPreviewRequestMethod,
  fixRequestMethod,
  historyParamsSchema,
  historyRequestMethod,
  initializationOptionsSchema,
  restoreParamsSchema,
  restoreRequestMethod,
  reviewRequestMethod,
  roundParamsSchema,
  roundRequestMethod,
  type CurrentReportResult,
  type FixPreviewResult,
  type FixResult,
} from '../shared/protocol';
import { killAllAgentProcesses } from '../engine/process/runAgentProcess';
import { checkReviewers } from '../engine/review/checkReviewers';
import { defaultRunners } from '../engine/review/runnerRegistry';
import { AppliedFixRecorder } from './appliedFixRecorder';
import { findingCodeActions } from './codeActions';
import { DocumentTexts } from './documentTexts';
import { EditorClient } from './editorClient';
import { EditorCommands, advertisedCommands } from './editorCommands';
import { FindingActions } from './findingActions';
import { FindingStore } from './findingStore';
import { planFindingFix } from './fixPlanner';
import { previewFindingFix } from './fixPreview';
import { FixTargetGate } from './fixTargetGate';
import { LedgerUpdates } from './ledgerUpdates';
import { exportReport } from './reportExport';
import { ReviewHandler } from './reviewHandler';
import { loadStoredRound, restoreLatestRound, reviewHistory } from './reviewHistory';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const texts = new DocumentTexts(documents);
const ledger = new LedgerUpdates(connection.console);
const store = new FindingStore(connection, texts, { onAnchorChange: (report, changes) => { actions.recordAnchorChanges(report, changes); } });
const actions = new FindingActions(store, ledger);
const reviews = new ReviewHandler(connection, store);
const fixTargets = new FixTargetGate();
const appliedFixes = new AppliedFixRecorder(store, ledger, connection.console);
const client = new EditorClient(connection);
const editorCommands = new EditorCommands(connection, client, store, reviews, actions, appliedFixes, (findingId) => fixPreview({ findingId }));

connection.onInitialize((params) => {
  const options = initializationOptionsSchema.safeParse(params.initializationOptions ?? {});
  if (options.success && options.data.findingLinkBase) store.useLinks({ handlerBase: options.data.findingLinkBase });
  client.initialize(params, options.success ? options.data.deepReview : undefined);
  if (!options.success) connection.console.error(`Ignored the initialization options: ${options.error.message}`);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: advertisedCommands },
    },
    serverInfo: { name: 'Deep Review' },
  };
});

connection.onRequest(reviewRequestMethod, (params: unknown, token: CancellationToken) => reviews.handle(params, token));

connection.onRequest<FixResult, never>(fixRequestMethod, async (params: unknown): Promise<FixResult> => {
  const { findingId } = fixParamsSchema.parse(params);
  const finding = store.finding(findingId);
  const report = store.current;
  if (!finding || !report) return { kind: 'refused', reason: `Finding ${findingId} is not part of the current review.` };
  const location = store.currentLocation(finding);
  return planFindingFix(finding, report.branch.repoRoot, texts, location?.startLine, await fixTargets.decide(finding, report));
});

connection.onRequest<FixPreviewResult, never>(fixPreviewRequestMethod, (params: unknown) => fixPreview(params));

async function fixPreview(params: unknown): Promise<FixPreviewResult> {
  const { findingId } = fixPreviewParamsSchema.parse(params);
  const finding = store.finding(findingId);
  const report = store.current;
  if (!finding || !report) return { kind: 'refused', reason: `Finding ${findingId} is not part of the current review.`, diff: '' };
  return previewFindingFix(finding, report.branch.repoRoot, texts, store.currentLocation(finding)?.startLine, await fixTargets.decide(finding, report));
}

connection.onRequest(dismissRequestMethod, (params: unknown) => actions.dismiss(params));

connection.onRequest(currentReportRequestMethod, (): CurrentReportResult => ({ report: store.current, statuses: store.currentStatuses }));

connection.onRequest(clearFindingsRequestMethod, () => store.clear());

connection.onRequest(restoreRequestMethod, (params: unknown) => restoreLatestRound(restoreParamsSchema.parse(params).cwd, store));

connection.onRequest(historyRequestMethod, (params: unknown) => reviewHistory(historyParamsSchema.parse(params).cwd));

connection.onRequest(roundRequestMethod, (params: unknown) => {
  const { repoRoot, branch, round } = roundParamsSchema.parse(params);
  return loadStoredRound(repoRoot, branch, round, store);
});

connection.onRequest(checkReviewersRequestMethod, async (params: unknown) => {
  const { reviewers, cwd, apiKeys } = checkReviewersParamsSchema.parse(params);
  return { checks: await checkReviewers(reviewers, process.env, defaultRunners(), { repoPath: cwd, apiKeys }) };
});

connection.onRequest(exportReportRequestMethod, (params: unknown) => exportReport(params, store.current));

connection.onNotification(fixAppliedNotificationMethod, (params: unknown) => void appliedFixes.handle(params));

connection.onCodeAction((params) => findingCodeActions(params, store, texts, fixTargets, client));

connection.onExecuteCommand((params, token) => editorCommands.execute(params, token));

// The window is closing (or the client stops the server): a running review is cancelled and waited for,
// so no agent process or review worktree outlives the editor; pending ledger writes are finished.
connection.onShutdown(async () => {
  await reviews.cancelRunning();
  await ledger.settled();
});

// The editor went away without a shutdown (its process died, the connection closed): the server exits at
// once, so the agents' process groups are killed on the way out rather than left running.
process.on('exit', killAllAgentProcesses);

documents.onDidChangeContent((change) => void store.refreshDocument(change.document.uri));
documents.onDidClose((change) => void store.refreshDocument(change.document.uri));

documents.listen(connection);
connection.listen();
