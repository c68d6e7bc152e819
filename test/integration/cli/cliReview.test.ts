import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ConsolidatorAnswer } from '../../../src/shared/consolidatorAnswer';
import { reviewReportSchema } from '../../../src/shared/reportModel';
import { createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import { firstUserMessageText, startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';
import { bundleCli, claudeBin, claudeEnv, runCli as runBundledCli, scratchDir, type CliRun } from './cliHarness';

const reviewers = JSON.stringify([{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin }]);
const consolidator = JSON.stringify({ cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin });

let scratch: string;
let cli: string;
before(async () => {
  scratch = scratchDir('deep-review-cli-');
  cli = await bundleCli(scratch);
});
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });

function runCli(args: string[], server?: Pick<ModelServer, 'url'>): Promise<CliRun> {
  return runBundledCli(cli, args, claudeEnv(scratch, server?.url));
}

test('review writes Markdown, JSON and SARIF reports, consolidated by Claude Code, and leaves the working tree alone', async () => {
  const repo = createDiscountRepo();
  // The reviewer answers first; then Claude Code as the consolidator gets the clusters (K1 the division, K2 negative percentages).
  const consolidation: ConsolidatorAnswer = {
    verdict: { decision: 'needs-changes', reason: 'divide by 100 (C1)' },
    executiveSummary: 'Adds discounts; the division is wrong.',
    findings: [
      { clusters: ['K1'], severity: 'critical', severityRationale: null, title: 'Discount divides by 10 instead of 100', body: 'Ten times too high.', location: null },
      { clusters: ['K2'], severity: 'suggestion', severityRationale: null, title: 'Negative percentages are accepted', body: 'Reject them.', location: null },
    ],
    rejected: [],
    designObservations: [],
    testingAssessment: { summary: 'No tests.', gaps: [] },
    documentationAssessment: '',
    commitStructure: '',
    acknowledgedLimitations: [],
    processNotes: [],
    reviewerNotes: [{ reviewer: 'claude', narrative: 'Thorough.' }],
  };
  const server = await startModelServer({
    protocol: 'anthropic',
    script: [step.tool('Bash', { command: 'git diff --no-ext-diff main...HEAD' }), step.structured(twoFindings), step.structured(consolidation)],
  });
  const out = path.join(scratch, 'out-ok');
  const statusBefore = repo.git('status', '--porcelain');
  try {
    const run = await runCli(['review', '--repo', repo.root, '--base', 'main', '--out', out, '--reviewers', reviewers, '--consolidator', consolidator, '--format', 'md,json,sarif', '--fail-on', 'never'], server);
    assert.equal(run.code, 0, `--fail-on never: exit 0 even with a critical finding\n${run.stderr}`);

    const files = run.stdout.trim().split('\n');
    assert.deepEqual(files.map((file) => path.extname(file)).sort(), ['.json', '.md', '.sarif']);
    const report = reviewReportSchema.parse(JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.json'))!, 'utf8')));
    assert.equal(report.branch.branch, 'feature/discount');
    assert.equal(report.branch.base, 'main');
    assert.deepEqual(report.findings.map((finding) => [finding.id, finding.title, finding.anchor.status, finding.anchor.startLine]), [
      ['C1', 'Discount divides by 10 instead of 100', 'exact', 7],
      ['S1', 'Negative percentages are accepted', 'exact', 6],
    ]);
    assert.equal(report.reviewers[0]!.status, 'succeeded');
    assert.deepEqual(report.reviewers[0]!.stats.toolCalls, { 'Bash(git diff)': 1 });
    assert.equal(report.verdict, 'Needs changes — divide by 100 (C1)');
    assert.equal(report.consolidation.mode, 'agent');
    assert.equal(report.consolidation.consolidator?.cli, 'claude');
    assert.equal(report.reviewers[0]!.narrative, 'Thorough.');
    assert.equal(report.pullRequest.available, false, 'a repository without a GitHub remote has no pull request, and nothing fails');

    const sarif = JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.sarif'))!, 'utf8')) as { version: string; runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0]?.results.map((result) => result.level), ['error', 'note']);

    const markdown = fs.readFileSync(files.find((file) => file.endsWith('.md'))!, 'utf8');
    assert.match(markdown, /C1 — Discount divides by 10 instead of 100/);
    assert.match(markdown, /Agent Performance Retro/);

    assert.match(run.stderr, /Reviewing feature\/discount against main: 1 commit\(s\), 2 file\(s\)/);
    assert.match(run.stderr, /claude: 1 tool call\(s\), last Bash\(git diff\)/);
    assert.match(run.stderr, /claude: done — 2 finding\(s\)/);
    assert.match(run.stderr, /Consolidating findings…\nconsolidator: started/);
    assert.match(firstUserMessageText(server.modelRequests[0]!), /feature\/discount/);

    assert.equal(repo.git('status', '--porcelain'), statusBefore);
    assert.equal(repo.git('worktree', 'list').split('\n').length, 1, 'the review worktree is removed');
  } finally {
    await server.close();
    repo.remove();
  }
});

test('an agent that cannot authenticate fails the review with exit 1 and the next step', async () => {
  const repo = createDiscountRepo();
  const server = await startModelServer({ protocol: 'anthropic', script: [step.error(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } })] });
  try {
    const run = await runCli(['review', '--repo', repo.root, '--base', 'main', '--out', path.join(scratch, 'out-401'), '--reviewers', reviewers], server);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /No reviewer finished the review/);
    assert.match(run.stderr, /\/login|ANTHROPIC_API_KEY/);
    assert.equal(fs.existsSync(path.join(scratch, 'out-401')), false, 'no report is written for a failed review');
  } finally {
    await server.close();
    repo.remove();
  }
});

test('a folder that is not a git repository is a clear error', async () => {
  const plain = fs.mkdtempSync(path.join(scratch, 'plain-'));
  const run = await runCli(['review', '--repo', plain, '--reviewers', reviewers]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /not (inside )?a git repository/i);
});

test('bad arguments exit 2 with the usage', async () => {
  const run = await runCli(['review', '--format', 'pdf']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--format takes md and\/or json/);
  assert.match(run.stderr, /Usage: deep-review review/);
});

test('check reports the CLI path, version and login state, with the next step when not ready', async () => {
  const withKey = await runCli(['check', '--reviewers', reviewers, '--consolidator', 'off'], { url: 'http://127.0.0.1:9' });
  assert.equal(withKey.code, 0, withKey.stdout + withKey.stderr);
  assert.match(withKey.stdout, /^ok {3}claude — Claude Code, model claude-test-model/m);
  assert.match(withKey.stdout, /binary: .*claude \(2\.1\.\d+ \(Claude Code\)\)/);
  assert.match(withKey.stdout, /auth: ok — Authenticated \(ANTHROPIC_API_KEY\)/);

  const loggedOut = await runCli(['check', '--reviewers', reviewers, '--consolidator', 'off']);
  assert.equal(loggedOut.code, 1);
  assert.match(loggedOut.stdout, /^FAIL claude/m);
  assert.match(loggedOut.stdout, /auth: missing — Claude Code is not logged in/);
  assert.match(loggedOut.stdout, /next step: Run `claude` in a terminal and sign in with \/login/);

  const missing = JSON.stringify([{ id: 'nowhere', cli: 'claude', model: 'opus', effort: 'high', command: '/opt/nowhere/claude' }]);
  const notInstalled = await runCli(['check', '--reviewers', missing, '--consolidator', 'off']);
  assert.equal(notInstalled.code, 1);
  assert.match(notInstalled.stdout, /problem: `\/opt\/nowhere\/claude` was not found on PATH\. Install Claude Code/);
});
