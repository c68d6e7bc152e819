import '../../src/shared/zodSetup';
import fs from 'node:fs';
import { ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentTexts } from '../../src/server/documentTexts';
import { FindingStore } from '../../src/server/findingStore';
import { reviewReportSchema, type ReviewReport } from '../../src/shared/reportModel';
import { clearRequest, loadReportRequest, publishRequest } from './diagnosticsHostProtocol';

// The diagnostics half of the language server — the classes src/server/server.ts wires, wired the same way
// (TextDocuments with incremental sync → DocumentTexts → FindingStore → publishDiagnostics) — over stdio,
// with requests that hand it a report, so that the bench can time publishing without running a review.
// Run: node --import tsx bench/support/diagnosticsHost.ts --stdio

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const texts = new DocumentTexts(documents);
const store = new FindingStore(connection, texts);
let report: ReviewReport | null = null;

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

connection.onRequest(loadReportRequest, (params: { file: string }) => {
  report = reviewReportSchema.parse(JSON.parse(fs.readFileSync(params.file, 'utf8')));
  return report.findings.length;
});

// What ReviewHandler does with the report a review returns.
connection.onRequest(publishRequest, async () => {
  if (!report) throw new Error(`${loadReportRequest} first`);
  await store.replace(report);
  return null;
});

connection.onRequest(clearRequest, () => store.clear());

documents.onDidChangeContent((change) => void store.refreshDocument(change.document.uri));
documents.onDidClose((change) => void store.refreshDocument(change.document.uri));

documents.listen(connection);
connection.listen();
