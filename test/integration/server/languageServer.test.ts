import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, before, test } from 'node:test';
import { CancellationTokenSource, DiagnosticSeverity, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { reviewResultSchema, type ReviewParams } from '../../../src/shared/protocol';
import { branchFiles, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step, type ModelServer, type Step } from '../../fixtures/modelServer/modelServer';
import { hasEnded, processesInReviewWorktrees, waitFor } from '../../fixtures/processes';
import { claudeReviewParams, claudeServerEnv } from './claudeReview';
import { LspClient } from './lspClient';

const price = branchFiles['src/price.js']!;

let scratch: string;
let repo: TempRepo;
let server: ModelServer | undefined;
let client: LspClient | undefined;

before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-lsp-'));
});
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });
afterEach(async () => {
  await client?.stop();
  await server?.close();
  repo.remove();
  client = undefined;
  server = undefined;
});

async function setUp(script: Step[]): Promise<{ lsp: LspClient; priceUri: string }> {
  repo = createDiscountRepo();
  server = await startModelServer({ protocol: 'anthropic', script });
  client = await LspClient.start(claudeServerEnv(scratch, server.url));
  return { lsp: client, priceUri: pathToFileURL(path.join(repo.root, 'src', 'price.js')).toString() };
}

function reviewParams(token: string): ReviewParams {
  return claudeReviewParams(repo.root, token);
}

test('a review publishes diagnostics that follow edits, with quick fixes planned against the current text', async () => {
  const { lsp, priceUri } = await setUp([step.tool('Bash', { command: 'git diff --no-ext-diff main...HEAD' }), step.structured(twoFindings)]);
  lsp.trackProgress('review-1');

  const result = reviewResultSchema.parse(await lsp.connection.sendRequest('deepReview/review', reviewParams('review-1')));
  assert.deepEqual(result.report.findings.map((finding) => finding.id), ['C1', 'S1']);
  assert.ok(lsp.progressMessages.some((message) => /claude: reviewing… 1 tool call, last Bash\(git diff\)/.test(message)), lsp.progressMessages.join('\n'));

  const published = await lsp.waitForDiagnostics(priceUri, (diagnostics) => diagnostics.length === 2);
  const critical = published.find((diagnostic) => diagnostic.code === 'C1')!;
  assert.equal(critical.severity, DiagnosticSeverity.Error);
  assert.equal(critical.source, 'Deep Review');
  assert.deepEqual(critical.range, { start: { line: 6, character: 2 }, end: { line: 6, character: price.split('\n')[6]!.length } });
  assert.equal(published.find((diagnostic) => diagnostic.code === 'S1')?.severity, DiagnosticSeverity.Information);

  // Two lines added above: the diagnostics move with the code.
  await lsp.open(priceUri, price);
  const moved = `// pricing\n// helpers\n${price}`;
  const version = await lsp.replaceText(priceUri, moved);
  const [shifted] = (await lsp.waitForDiagnostics(priceUri, (diagnostics) => diagnostics.some((d) => d.code === 'C1' && d.range.start.line === 8))).filter((d) => d.code === 'C1');

  const [fix] = await lsp.codeActions(priceUri, shifted!);
  assert.equal(fix?.title, 'Apply Deep Review fix (C1)');
  assert.equal(fix.disabled, undefined);
  const change = fix.edit?.documentChanges?.[0];
  assert.ok(change && 'textDocument' in change);
  assert.deepEqual(change.textDocument, { uri: priceUri, version });
  assert.deepEqual(change.edits.map((edit) => ('newText' in edit ? [edit.range.start.line, edit.newText] : null)), [[8, '  return price(item) * (100 - percent) / 100;\n']]);

  // The user changes the line the fix targets: the finding's diagnostic goes, and its fix is refused with the reason.
  await lsp.replaceText(priceUri, moved.replace('(100 - percent) / 10;', '(100 - percent) / 10.0;'));
  await lsp.waitForDiagnostics(priceUri, (diagnostics) => diagnostics.length === 1 && diagnostics[0]?.code === 'S1');
  const [refused] = await lsp.codeActions(priceUri, shifted!);
  assert.equal(refused?.edit, undefined);
  assert.match(refused?.disabled?.reason ?? '', /src\/price\.js/);
  assert.equal(fs.readFileSync(path.join(repo.root, 'src', 'price.js'), 'utf8'), price, 'the server never writes files');
});

test('a second review while one runs is refused, and cancelling stops the agent and its processes', async () => {
  const { lsp } = await setUp([step.hang()]);
  const cancel = new CancellationTokenSource();
  const first = lsp.connection.sendRequest('deepReview/review', reviewParams('review-a'), cancel.token);
  await waitFor(() => (server?.modelRequests.length ?? 0) > 0, 20_000);

  await assert.rejects(lsp.connection.sendRequest('deepReview/review', reviewParams('review-b')), /A review is already running/);

  const agents = processesInReviewWorktrees();
  assert.ok(agents.length > 0, 'the agent runs in the review worktree');
  cancel.cancel();
  await assert.rejects(first, (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled);
  await waitFor(() => agents.every(hasEnded), 10_000);
  assert.equal(repo.git('worktree', 'list').split('\n').length, 1, 'the review worktree is removed');
});
