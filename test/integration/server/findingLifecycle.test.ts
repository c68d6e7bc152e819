import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { ErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { openReviewStore } from '../../../src/engine/storage/reviewStore';
import { findingStatusesSchema } from '../../../src/shared/findingStatus';
import { latestEvent, type Ledger } from '../../../src/shared/ledgerModel';
import {
  currentReportResultSchema,
  findingStatusesNotificationSchema,
  fixPreviewResultSchema,
  historyResultSchema,
  restoreResultSchema,
  reviewResultSchema,
  roundResultSchema,
  type ReviewResult,
} from '../../../src/shared/protocol';
import { branchFiles, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';
import { hasEnded, processesInReviewWorktrees, waitFor } from '../../fixtures/processes';
import { claudeReviewParams, claudeServerEnv } from './claudeReview';
import { LspClient } from './lspClient';

// A finding's life in the editor, against the real language server over stdio: restored from storage
// after a restart (no agent runs), shown as a fix diff, dismissed with a reason, guessed "likely fixed"
// when an edit removes its code, cleared — and a review cancelled when the editor shuts the server down.
// One review (the real `claude` against the scripted model server) makes round 1.

const branch = 'feature/discount';
const price = branchFiles['src/price.js']!;
const fixedPrice = price.replace('(100 - percent) / 10;', '(100 - percent) / 100;');

let scratch: string;
let repo: TempRepo;
let server: ModelServer;
let lsp: LspClient;
let review: ReviewResult;
let priceUri: string;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-lsp-lifecycle-'));
  repo = createDiscountRepo();
  server = await startModelServer({ protocol: 'anthropic', script: [step.structured(twoFindings)] });
  const first = await LspClient.start(claudeServerEnv(scratch, server.url));
  review = reviewResultSchema.parse(await first.connection.sendRequest('deepReview/review', claudeReviewParams(repo.root)));
  await first.stop();
  // Every test below talks to a server that has never seen the review: what a window reload or a crash leaves.
  lsp = await LspClient.start(claudeServerEnv(scratch, server.url));
  priceUri = pathToFileURL(path.join(repo.root, 'src', 'price.js')).toString();
});

after(async () => {
  await lsp.stop();
  await server.close();
  repo.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function loadLedger(): Promise<Ledger> {
  return (await (await openReviewStore(repo.root)).loadLedger(branch)).ledger;
}

async function ledgerEvent(findingId: string) {
  const fingerprint = review.report.findings.find((finding) => finding.id === findingId)!.fingerprint;
  const entry = (await loadLedger()).entries.find((candidate) => candidate.fingerprint === fingerprint);
  assert.ok(entry, `the ledger knows ${findingId}`);
  return { latest: latestEvent(entry), history: entry.history };
}

async function ledgerAction(findingId: string, action: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await ledgerEvent(findingId)).latest.action !== action) {
    if (Date.now() > deadline) assert.fail(`the ledger never said ${action} for ${findingId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function lastStatuses() {
  const last = lsp.statusNotifications.at(-1);
  return last === undefined ? undefined : findingStatusesNotificationSchema.parse(last);
}

test('a restarted server restores the branch\'s latest round from storage, with its diagnostics, without any agent call', async () => {
  const calls = server.modelRequests.length;
  const restored = restoreResultSchema.parse(await lsp.connection.sendRequest('deepReview/restore', { cwd: path.join(repo.root, 'src') }));

  assert.equal(restored.report?.round, 1);
  assert.deepEqual(restored.report.findings.map((finding) => finding.id), ['C1', 'S1']);
  assert.deepEqual(restored.report.findings, review.report.findings);
  assert.equal(restored.headMoved, false);
  assert.deepEqual(restored.statuses, { C1: { status: 'open', action: 'reported', reason: null }, S1: { status: 'open', action: 'reported', reason: null } });
  const diagnostics = await lsp.waitForDiagnostics(priceUri, (list) => list.length === 2);
  assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]).sort(), [['C1', 6], ['S1', 5]]);
  assert.equal(server.modelRequests.length, calls, 'no agent ran');
  assert.equal(lastStatuses()?.reportKey, `${repo.root}#${branch}#1`);
});

test('restoring again is idempotent, and a commit on the branch is reported as HEAD having moved', async () => {
  const again = restoreResultSchema.parse(await lsp.connection.sendRequest('deepReview/restore', { cwd: repo.root }));
  assert.equal(again.headMoved, false);
  repo.write({ 'notes.txt': 'later work\n' });
  repo.commitAll('Later work');
  try {
    const moved = restoreResultSchema.parse(await lsp.connection.sendRequest('deepReview/restore', { cwd: repo.root }));
    assert.equal(moved.headMoved, true);
    assert.equal(moved.report?.round, 1);
  } finally {
    repo.git('reset', '-q', '--hard', 'HEAD~1');
  }
});

test('a file renamed in a later commit takes its findings along', async () => {
  repo.git('mv', 'src/price.js', 'src/pricing.js');
  repo.commitAll('Rename price.js to pricing.js');
  try {
    const moved = restoreResultSchema.parse(await lsp.connection.sendRequest('deepReview/restore', { cwd: repo.root }));
    assert.equal(moved.headMoved, true);
    assert.deepEqual(moved.report?.findings.map((finding) => finding.location.path), ['src/pricing.js', 'src/pricing.js']);
    assert.deepEqual(moved.report.findings[0]?.fix?.edits.map((edit) => edit.path), ['src/pricing.js']);
    const renamedUri = pathToFileURL(path.join(repo.root, 'src', 'pricing.js')).toString();
    const diagnostics = await lsp.waitForDiagnostics(renamedUri, (list) => list.length === 2);
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code).sort(), ['C1', 'S1']);
  } finally {
    repo.git('reset', '-q', '--hard', 'HEAD~1');
  }
  const back = restoreResultSchema.parse(await lsp.connection.sendRequest('deepReview/restore', { cwd: repo.root }));
  assert.deepEqual(back.report?.findings.map((finding) => finding.location.path), ['src/price.js', 'src/price.js']);
  await lsp.waitForDiagnostics(priceUri, (list) => list.length === 2);
});

test('history lists the branch and its rounds; the current round opens live, with its statuses', async () => {
  const history = historyResultSchema.parse(await lsp.connection.sendRequest('deepReview/history', { cwd: repo.root }));
  assert.equal(history.currentBranch, branch);
  assert.deepEqual(history.branches.map((entry) => [entry.branch, entry.rounds.map((round) => round.round)]), [[branch, [1]]]);
  assert.deepEqual(history.branches[0]?.rounds[0]?.counts, { critical: 1, important: 0, suggestion: 1 });

  const round = roundResultSchema.parse(await lsp.connection.sendRequest('deepReview/round', { repoRoot: repo.root, branch, round: 1 }));
  assert.equal(round.live, true);
  assert.deepEqual(round.report.findings.map((finding) => finding.id), ['C1', 'S1']);
  await assert.rejects(lsp.connection.sendRequest('deepReview/round', { repoRoot: repo.root, branch, round: 7 }), /round 7|Round 7|not found|cannot/i);
});

test('Show fix diff gives the current text and the text with the fix; nothing is written', async () => {
  const preview = fixPreviewResultSchema.parse(await lsp.connection.sendRequest('deepReview/fixPreview', { findingId: 'C1' }));
  assert.equal(preview.kind, 'ready');
  assert.deepEqual(preview.files.map((file) => [file.path, file.uri, file.current, file.fixed]), [['src/price.js', priceUri, price, fixedPrice]]);

  const noFix = fixPreviewResultSchema.parse(await lsp.connection.sendRequest('deepReview/fixPreview', { findingId: 'S1' }));
  assert.deepEqual(noFix, { kind: 'refused', reason: 'S1 has no suggested fix.', diff: '' });
  assert.equal(fs.readFileSync(path.join(repo.root, 'src', 'price.js'), 'utf8'), price);
});

test('when the fix no longer fits the edited text, Show fix diff refuses with the reason and the fix as written', async () => {
  await lsp.open(priceUri, price);
  await lsp.replaceText(priceUri, price.replace('(100 - percent) / 10;', '(100 - percent) / 10.0;'));
  const preview = fixPreviewResultSchema.parse(await lsp.connection.sendRequest('deepReview/fixPreview', { findingId: 'C1' }));
  assert.equal(preview.kind, 'refused');
  assert.match(preview.reason, /src\/price\.js/);
  assert.match(preview.diff, /^--- a\/src\/price\.js\n\+\+\+ b\/src\/price\.js\n@@/);
  assert.ok(preview.diff.includes('\n-  return price(item) * (100 - percent) / 10;\n+  return price(item) * (100 - percent) / 100;'), preview.diff);
  await lsp.replaceText(priceUri, price);
  await lsp.waitForDiagnostics(priceUri, (list) => list.length === 2);
});

test('an edit that removes a finding\'s code hides it and records "likely fixed"; undoing the edit brings it back', async () => {
  await lsp.replaceText(priceUri, price.replace('  return price(item) * (100 - percent) / 10;\n', '  return price(item) * (1 - percent / 100);\n'));
  await lsp.waitForDiagnostics(priceUri, (list) => list.length === 1 && list[0]?.code === 'S1');
  await waitFor(() => lastStatuses()?.statuses.C1?.action === 'likely-fixed', 5_000);
  await ledgerAction('C1', 'likely-fixed');

  await lsp.replaceText(priceUri, price);
  await lsp.waitForDiagnostics(priceUri, (list) => list.length === 2);
  await waitFor(() => lastStatuses()?.statuses.C1 === undefined, 5_000);
  await ledgerAction('C1', 'reported');
  assert.equal((await ledgerEvent('C1')).history.length, 1, 'the withdrawn guess leaves no trace');
});

test('an applied fix undone in the editor brings the finding back and withdraws "fix applied"', async () => {
  await lsp.replaceText(priceUri, fixedPrice);
  await lsp.waitForDiagnostics(priceUri, (list) => list.length === 1 && list[0]?.code === 'S1');
  await lsp.connection.sendNotification('deepReview/fixApplied', { findingId: 'C1' });
  await ledgerAction('C1', 'fix-applied');
  assert.equal(lastStatuses()?.statuses.C1?.action, 'fix-applied');

  await lsp.replaceText(priceUri, price);
  await lsp.waitForDiagnostics(priceUri, (list) => list.length === 2);
  await ledgerAction('C1', 'reported');
  assert.equal(lastStatuses()?.statuses.C1, undefined);
});

test('quick fixes at a finding: apply, show the fix diff and dismiss', async () => {
  const diagnostics = await lsp.waitForDiagnostics(priceUri, (list) => list.length === 2);
  const actions = await lsp.codeActions(priceUri, diagnostics.find((diagnostic) => diagnostic.code === 'C1')!);
  assert.deepEqual(actions.map((action) => [action.title, action.command?.command ?? null, action.command?.arguments ?? null]), [
    ['Apply Deep Review fix (C1)', 'deepReview.fixApplied', ['C1']],
    ['Show Deep Review fix diff (C1)', 'deepReview.showFixDiff', ['C1']],
    ['Dismiss Deep Review finding (C1)…', 'deepReview.dismissFinding', ['C1']],
  ]);
  const withoutFix = await lsp.codeActions(priceUri, diagnostics.find((diagnostic) => diagnostic.code === 'S1')!);
  assert.deepEqual(withoutFix.map((action) => action.title), ['Dismiss Deep Review finding (S1)…']);
});

test('a dismissal needs a reason, is recorded as declined in the ledger, and removes the diagnostic', async () => {
  await assert.rejects(
    lsp.connection.sendRequest('deepReview/dismiss', { findingId: 'S1', reason: '   ' }),
    (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.InvalidParams,
  );
  await assert.rejects(lsp.connection.sendRequest('deepReview/dismiss', { findingId: 'I9', reason: 'no' }), /I9 is not part of the current review/);

  const statuses = findingStatusesSchema.parse(await lsp.connection.sendRequest('deepReview/dismiss', { findingId: 'S1', reason: ' validated by the caller ' }));
  assert.deepEqual(statuses.S1, { status: 'declined', action: 'declined', reason: 'validated by the caller' });
  await lsp.waitForDiagnostics(priceUri, (list) => list.length === 1 && list[0]?.code === 'C1');
  const { latest } = await ledgerEvent('S1');
  assert.deepEqual([latest.status, latest.action, latest.reason, latest.round], ['declined', 'declined', 'validated by the caller', 1]);
  assert.equal(lastStatuses()?.statuses.S1?.status, 'declined');
  assert.equal(repo.git('status', '--porcelain'), '', 'nothing is written to the working tree');
});

test('after another restart the dismissed finding stays out of the Problems panel', async () => {
  await lsp.stop();
  lsp = await LspClient.start(claudeServerEnv(scratch, server.url));
  const restored = restoreResultSchema.parse(await lsp.connection.sendRequest('deepReview/restore', { cwd: repo.root }));
  assert.equal(restored.statuses.S1?.status, 'declined');
  const diagnostics = await lsp.waitForDiagnostics(priceUri, (list) => list.length === 1);
  assert.equal(diagnostics[0]?.code, 'C1');
});

test('Clear Findings empties the Problems panel and announces that there is no current report; the rounds stay stored', async () => {
  await lsp.connection.sendRequest('deepReview/clearFindings');
  await lsp.waitForDiagnostics(priceUri, (list) => list.length === 0);
  assert.deepEqual(lastStatuses(), { reportKey: null, statuses: {} });
  const current = currentReportResultSchema.parse(await lsp.connection.sendRequest('deepReview/currentReport'));
  assert.equal(current.report, null);
  const history = historyResultSchema.parse(await lsp.connection.sendRequest('deepReview/history', { cwd: repo.root }));
  assert.equal(history.branches[0]?.rounds.length, 1);
});

test('restore on a detached HEAD or outside a repository says why, and changes nothing', async () => {
  const outside = fs.mkdtempSync(path.join(scratch, 'not-a-repo-'));
  await assert.rejects(lsp.connection.sendRequest('deepReview/restore', { cwd: outside }), /not inside a git repository/);
  repo.git('checkout', '-q', '--detach');
  try {
    const detached = restoreResultSchema.parse(await lsp.connection.sendRequest('deepReview/restore', { cwd: repo.root }));
    assert.equal(detached.report, null);
    assert.match(detached.warnings.join('\n'), /detached/);
  } finally {
    repo.git('checkout', '-q', branch);
  }
});

test('shutting the server down mid-review (the window closes) stops the agent and removes the review worktree', async () => {
  const hanging = await startModelServer({ protocol: 'anthropic', script: [step.hang()] });
  const doomed = await LspClient.start(claudeServerEnv(scratch, hanging.url));
  try {
    const review = doomed.connection.sendRequest('deepReview/review', claudeReviewParams(repo.root));
    review.catch(() => undefined);
    await waitFor(() => hanging.modelRequests.length > 0, 30_000);
    const agents = processesInReviewWorktrees();
    assert.ok(agents.length > 0, 'the agent runs in the review worktree');

    await doomed.stop();
    assert.equal(doomed.process.exitCode, 0, 'the server exits cleanly after shutdown');
    assert.ok(agents.every(hasEnded), 'no agent process outlives the server');
    assert.equal(repo.git('worktree', 'list').split('\n').length, 1, 'the review worktree is removed');
  } finally {
    await hanging.close();
  }
});

test('when the editor disappears without a shutdown (the connection closes), the server exits and kills the agent', async () => {
  const hanging = await startModelServer({ protocol: 'anthropic', script: [step.hang()] });
  const orphaned = await LspClient.start(claudeServerEnv(scratch, hanging.url));
  try {
    orphaned.connection.sendRequest('deepReview/review', claudeReviewParams(repo.root)).catch(() => undefined);
    await waitFor(() => hanging.modelRequests.length > 0, 30_000);
    const agents = processesInReviewWorktrees();
    assert.ok(agents.length > 0, 'the agent runs in the review worktree');

    orphaned.connection.dispose();
    orphaned.process.stdin?.end();
    await waitFor(() => orphaned.process.exitCode !== null, 10_000);
    await waitFor(() => agents.every(hasEnded), 10_000);
  } finally {
    await hanging.close();
    repo.git('worktree', 'prune');
  }
});
