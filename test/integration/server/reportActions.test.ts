import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { openReviewStore } from '../../../src/engine/storage/reviewStore';
import { latestEvent, type Ledger } from '../../../src/shared/ledgerModel';
import { exportReportResultSchema, reviewResultSchema, type ExportReportParams, type ReviewResult } from '../../../src/shared/protocol';
import { createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';
import { claudeReviewParams, claudeServerEnv } from './claudeReview';
import { LspClient } from './lspClient';

// What the editor does with a finished review, against the real language server over stdio: export the
// report (deepReview/exportReport) and record applied fixes in the branch's ledger (deepReview/fixApplied).
// One review (the real `claude` against the scripted model server) serves every test that needs a report.

const branch = 'feature/discount';

let scratch: string;
let repo: TempRepo;
let server: ModelServer;
let lsp: LspClient;
let review: ReviewResult;
let priceUri: string;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-lsp-actions-'));
  repo = createDiscountRepo();
  server = await startModelServer({ protocol: 'anthropic', script: [step.structured(twoFindings)] });
  lsp = await LspClient.start(claudeServerEnv(scratch, server.url));
  const params = claudeReviewParams(repo.root);
  review = reviewResultSchema.parse(await lsp.connection.sendRequest('deepReview/review', params));
  priceUri = pathToFileURL(path.join(repo.root, 'src', 'price.js')).toString();
});

after(async () => {
  await lsp.stop();
  await server.close();
  repo.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function exportReport(params: ExportReportParams | Record<string, unknown>): Promise<unknown> {
  return lsp.connection.sendRequest('deepReview/exportReport', params);
}

function outDir(name: string): string {
  return path.join(scratch, name);
}

function finding(id: string) {
  const found = review.report.findings.find((candidate) => candidate.id === id);
  assert.ok(found, `the review reported ${id}`);
  return found;
}

async function loadLedger(): Promise<Ledger> {
  return (await (await openReviewStore(repo.root)).loadLedger(branch)).ledger;
}

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('export writes the Markdown, JSON and SARIF files of the current report', async () => {
  const folder = outDir('export-all');
  const { files } = exportReportResultSchema.parse(await exportReport({ formats: ['md', 'json', 'sarif'], outDir: folder }));

  const base = path.join(folder, 'deep-review-feature-discount-round1');
  assert.deepEqual(files, [`${base}.md`, `${base}.json`, `${base}.sarif`]);
  assert.match(fs.readFileSync(`${base}.md`, 'utf8'), /^# Deep Review: \d{8}-\d{6}-feature-discount\n/);
  assert.deepEqual(JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')), review.report);
});

test('the exported SARIF is valid SARIF 2.1.0, with the fix placed at the reviewed commit', async () => {
  const folder = outDir('export-sarif');
  const { files } = exportReportResultSchema.parse(await exportReport({ formats: ['sarif'], outDir: folder }));
  assert.deepEqual(files.map((file) => path.extname(file)), ['.sarif']);

  const log = JSON.parse(fs.readFileSync(files[0]!, 'utf8')) as SarifLog;
  const schemaErrors = validateSarif(log) ? [] : (validateSarif.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
  assert.deepEqual(schemaErrors, []);
  assert.equal(log.version, '2.1.0');
  const critical = log.runs[0]?.results.find((result) => result.partialFingerprints?.['deepReview/v1'] === finding('C1').fingerprint);
  assert.ok(critical, 'the critical finding is a result');
  assert.equal(critical.level, 'error');
  // Placing the fix needs the file at HEAD from git (the review worktree is gone): the server read it.
  assert.equal(critical.fixes?.[0]?.artifactChanges[0]?.replacements[0]?.deletedRegion.startLine, 7);
});

test('export without a report is refused with a message to run a review first', async () => {
  const fresh = await LspClient.start(claudeServerEnv(scratch, server.url));
  try {
    const folder = outDir('export-nothing');
    await assert.rejects(
      fresh.connection.sendRequest('deepReview/exportReport', { formats: ['md'], outDir: folder }),
      (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.InvalidRequest && /no Deep Review report to export yet\. Run "Deep Review: Review Branch" first\./.test(error.message),
    );
    assert.equal(fs.existsSync(folder), false, 'nothing is written');
  } finally {
    await fresh.stop();
  }
});

test('export to a folder that cannot be created fails with the engine\'s message, and writes nothing', async () => {
  const file = path.join(scratch, 'a-file');
  fs.writeFileSync(file, 'not a folder\n');
  await assert.rejects(
    exportReport({ formats: ['md', 'json'], outDir: path.join(file, 'reports') }),
    (error: unknown) => error instanceof ResponseError && /^Could not write the review report to .*a-file\/reports: .*Check that the folder is writable, or choose another output folder\./.test(error.message),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), 'not a folder\n');
});

test('export parameters are validated: known formats, at least one, an absolute folder', async () => {
  const invalid: Array<Record<string, unknown>> = [
    { formats: ['pdf'], outDir: outDir('bad') },
    { formats: [], outDir: outDir('bad') },
    { formats: ['md'], outDir: 'relative/folder' },
    { formats: ['md'] },
    { formats: ['md'], outDir: outDir('bad'), extra: true },
  ];
  for (const params of invalid) {
    await assert.rejects(exportReport(params), (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.InvalidParams, JSON.stringify(params));
  }
  assert.equal(fs.existsSync(outDir('bad')), false);
});

test('the quick fix runs deepReview.fixApplied with its finding id after its edit', async () => {
  await lsp.open(priceUri, fs.readFileSync(path.join(repo.root, 'src', 'price.js'), 'utf8'));
  const diagnostics = await lsp.waitForDiagnostics(priceUri, (list) => list.some((diagnostic) => diagnostic.code === 'C1'));
  const [fix] = await lsp.codeActions(priceUri, diagnostics.find((diagnostic) => diagnostic.code === 'C1')!);
  assert.equal(fix?.title, 'Apply Deep Review fix (C1)');
  assert.ok(fix.edit, 'the action carries the edit');
  assert.deepEqual(fix.command, { title: 'Apply Deep Review fix (C1)', command: 'deepReview.fixApplied', arguments: ['C1'] });
});

test('deepReview/fixApplied records "fix applied" for the finding in the branch\'s ledger under .git/deep-review', async () => {
  const critical = finding('C1');
  const before = await loadLedger();
  assert.equal(latestEvent(before.entries.find((entry) => entry.fingerprint === critical.fingerprint)!).action, 'reported');

  await lsp.connection.sendNotification('deepReview/fixApplied', { findingId: 'C1' });

  const ledger = await eventually(loadLedger, (current) => current.entries.some((entry) => entry.fingerprint === critical.fingerprint && latestEvent(entry).action === 'fix-applied'), 'the ledger never recorded the applied fix');
  const entry = ledger.entries.find((candidate) => candidate.fingerprint === critical.fingerprint)!;
  assert.deepEqual({ ...latestEvent(entry), date: 'date' }, { status: 'fixed', action: 'fix-applied', round: 1, date: 'date', commit: null, findingId: 'C1', reason: null, codeHash: entry.codeHash });
  const suggestion = ledger.entries.find((candidate) => candidate.fingerprint === finding('S1').fingerprint)!;
  assert.equal(latestEvent(suggestion).status, 'open', 'the other finding is untouched');
  assert.ok(fs.existsSync(path.join(repo.root, '.git', 'deep-review', 'branches')), 'the ledger lives in the git directory');
  assert.equal(repo.git('status', '--porcelain'), '', 'nothing is written to the working tree');
});

test('an applied fix the server cannot record is logged, and the ledger is left as it was', async () => {
  const before = await loadLedger();
  await lsp.connection.sendNotification('deepReview/fixApplied', { findingId: 'I9' });
  await lsp.connection.sendNotification('deepReview/fixApplied', { findingId: '../C1' });
  await eventually(
    () => Promise.resolve(lsp.logMessages.filter((message) => message.startsWith('[ledger]'))),
    (messages) => messages.some((message) => message.includes('I9 is not recorded: the finding is not part of the current review')) && messages.some((message) => message.includes('invalid deepReview/fixApplied')),
    'the server did not log both refusals',
  );
  assert.deepEqual(await loadLedger(), before);
});

interface SarifLog {
  version: string;
  runs: Array<{
    results: Array<{
      level: string;
      partialFingerprints?: Record<string, string>;
      fixes?: Array<{ artifactChanges: Array<{ replacements: Array<{ deletedRegion: { startLine: number } }> }> }>;
    }>;
  }>;
}

// The official SARIF 2.1.0 schema, as the SARIF SDK's Multitool package ships it (see test/unit/report/sarifSchema.test.ts).
const schemaFile = path.join(path.dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`)), 'sarif-2.1.0.json');
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>);
