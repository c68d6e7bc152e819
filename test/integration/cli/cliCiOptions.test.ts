import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { reviewReportSchema } from '../../../src/shared/reportModel';
import { reviewEventSchema } from '../../../src/shared/reviewEvents';
import { answerWith, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import { startModelServer, step } from '../../fixtures/modelServer/modelServer';
import type { Step } from '../../fixtures/modelServer/modelServer';
import { bundleCli, claudeBin, claudeEnv, runCli, scratchDir, type CliRun } from './cliHarness';
import { sarifSchemaErrors } from './sarifSchemaCheck';

// The CLI as CI runs it: real git repository, real Claude Code against a scripted model server, the
// report from the reviewer's findings (--consolidator off keeps each run to one agent).

const reviewers = JSON.stringify([{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin }]);
const suggestionOnly = answerWith(twoFindings.findings.filter((finding) => finding.severity === 'suggestion'));

let scratch: string;
let cli: string;
before(async () => {
  scratch = scratchDir('deep-review-cli-ci-');
  cli = await bundleCli(scratch);
});
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });

async function review(script: readonly Step[], args: string[]): Promise<CliRun & { out: string }> {
  const repo = createDiscountRepo();
  const server = await startModelServer({ protocol: 'anthropic', script });
  const out = fs.mkdtempSync(path.join(scratch, 'out-'));
  try {
    const run = await runCli(cli, ['review', '--repo', repo.root, '--base', 'main', '--out', out, '--reviewers', reviewers, '--consolidator', 'off', '--no-pr', ...args], claudeEnv(scratch, server.url));
    return { ...run, out };
  } finally {
    await server.close();
    repo.remove();
  }
}

test('--fail-on critical exits 3 on a critical finding, after writing valid md, json and SARIF, with JSON progress lines that are ReviewEvents', async () => {
  const run = await review([step.structured(twoFindings)], ['--fail-on', 'critical', '--format', 'md,json,sarif', '--progress', 'json', '--budget-minutes', '5']);

  assert.equal(run.code, 3, run.stderr);
  const files = run.stdout.trim().split('\n');
  assert.deepEqual(files.map((file) => path.dirname(file)), [run.out, run.out, run.out]);
  assert.deepEqual(files.map((file) => path.extname(file)).sort(), ['.json', '.md', '.sarif']);
  const sarifText = fs.readFileSync(files.find((file) => file.endsWith('.sarif'))!, 'utf8');
  assert.deepEqual(sarifSchemaErrors(sarifText), []);
  const report = reviewReportSchema.parse(JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.json'))!, 'utf8')));
  assert.deepEqual(report.findings.map((finding) => finding.severity), ['critical', 'suggestion']);
  assert.ok(report.notes.some((note) => note.startsWith('This review had a budget of 5 min: the reviewers had all of it;')), report.notes.join('\n'));
  assert.deepEqual({ ...report.budget, spentUsd: typeof report.budget?.spentUsd }, { minutes: 5, usd: null, spentUsd: 'number', partialReviewers: [] }, 'Claude Code reports what it spent');
  assert.match(fs.readFileSync(files.find((file) => file.endsWith('.md'))!, 'utf8'), /\| Budget \| 5 min — used [^|]+\|/);

  const lines = run.stderr.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
  const events = lines.filter((line) => line.type !== 'log').map((line) => reviewEventSchema.parse(line));
  assert.deepEqual(events.map((event) => event.type).filter((type) => type !== 'agent-progress'), ['context-collected', 'agent-started', 'agent-finished', 'consolidating', 'report-ready']);
  assert.ok(lines.some((line) => line.type === 'log' && /Failing: 1 finding\(s\) at or above critical \(--fail-on critical\) — C1/.test((line as { message?: string }).message ?? '')));
});

test('--fail-on critical exits 0 when the worst finding is a suggestion; --fail-on suggestion exits 3 on it', async () => {
  const belowThreshold = await review([step.structured(suggestionOnly)], ['--fail-on', 'critical']);
  assert.equal(belowThreshold.code, 0, belowThreshold.stderr);
  assert.match(belowThreshold.stderr, /findings: 1S in /);

  const atThreshold = await review([step.structured(suggestionOnly)], ['--fail-on', 'suggestion', '--quiet']);
  assert.equal(atThreshold.code, 3, atThreshold.stderr);
  assert.equal(atThreshold.stderr, '', '--quiet writes nothing when the review succeeds');
  assert.equal(atThreshold.stdout.trim().split('\n').length, 2, 'md and json by default');
});

test('--budget-minutes stops a reviewer whose model never answers; the review fails with exit 1', async () => {
  const started = Date.now();
  const run = await review([step.hang()], ['--budget-minutes', '0.05', '--progress', 'json']);

  assert.equal(run.code, 1, run.stderr);
  assert.ok(Date.now() - started < 60_000, 'stopped by the 3 s budget, not the 30 min default');
  const lines = run.stderr.trim().split('\n').map((line) => JSON.parse(line) as { type: string; error?: string; message?: string });
  const failed = lines.find((line) => line.type === 'agent-failed');
  assert.match(failed?.error ?? '', /time|3 s|0\.05/i, JSON.stringify(failed));
  assert.match(lines.at(-1)?.type === 'error' ? (lines.at(-1)?.message ?? '') : '', /No reviewer finished the review/);
  assert.equal(fs.readdirSync(run.out).length, 0, 'no report for a failed review');
});
