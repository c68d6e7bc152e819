import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { reviewResultSchema } from '../../../src/shared/protocol';
import { createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';
import { claudeReviewParams, claudeServerEnv } from './claudeReview';
import { LspClient } from './lspClient';

// A review with deepReview.verifyCommand through the real language server: the progress names the
// verification, and the quick fix of a fix that broke the check says so and is not the preferred one.

let scratch: string;
let repo: TempRepo;
let server: ModelServer;
let lsp: LspClient;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-lsp-verify-'));
  repo = createDiscountRepo();
  server = await startModelServer({ protocol: 'anthropic', script: [step.structured(twoFindings)] });
  lsp = await LspClient.start(claudeServerEnv(scratch, server.url));
});
after(async () => {
  await lsp.stop();
  await server.close();
  repo.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
});

test('a fix that breaks the check is offered under a title that says so, never as the preferred fix', async () => {
  lsp.trackProgress('verify-1');
  // Passes without a fix; with one, fails the way a test runner does.
  const verifyCommand = { command: 'test -z "$DEEP_REVIEW_FINDING" || { echo "not ok 1 - discounted keeps cents" >&2; exit 1; }', timeoutSeconds: 60 };
  const result = reviewResultSchema.parse(await lsp.connection.sendRequest('deepReview/review', { ...claudeReviewParams(repo.root, 'verify-1'), verifyCommand }));

  const critical = result.report.findings.find((finding) => finding.id === 'C1');
  assert.deepEqual(critical?.fixVerification?.status, 'failed');
  assert.equal(critical.fixVerification.detail, 'not ok 1 - discounted keeps cents');
  assert.equal(result.report.fixVerification?.baseline.status, 'passed');
  assert.ok(lsp.progressMessages.some((message) => /^Verifying fixes: C1, 1 of 1 \(\d+ s\)$/.test(message)), lsp.progressMessages.join('\n'));

  const priceUri = pathToFileURL(path.join(repo.root, 'src', 'price.js')).toString();
  await lsp.open(priceUri, fs.readFileSync(path.join(repo.root, 'src', 'price.js'), 'utf8'));
  const diagnostics = await lsp.waitForDiagnostics(priceUri, (list) => list.some((diagnostic) => diagnostic.code === 'C1'));
  const [fix] = await lsp.codeActions(priceUri, diagnostics.find((diagnostic) => diagnostic.code === 'C1')!);
  assert.equal(fix?.title, 'Apply Deep Review fix (C1) — fix breaks the check');
  assert.equal(fix.isPreferred, false);
  assert.ok(fix.edit, 'still applicable: the user decides');
});

test('invalid verify parameters are refused before anything runs', async () => {
  await assert.rejects(
    lsp.connection.sendRequest('deepReview/review', { ...claudeReviewParams(repo.root), verifyCommand: { command: ' ', timeoutSeconds: 0 } }),
    /Invalid deepReview\/review parameters/,
  );
});
