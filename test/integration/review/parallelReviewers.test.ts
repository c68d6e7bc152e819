import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReviewError } from '../../../src/engine/errors';
import { answerWith, cartFinding, twoFindings } from '../../fixtures/discountBranch';
import { step } from '../../fixtures/modelServer/modelServer';
import type { ScriptedAgentScripts } from '../../fixtures/scriptedAgents';
import { scriptedReviewSession } from '../../fixtures/scriptedReview';
import { hasEnded, processesInReviewWorktrees, waitFor } from '../../fixtures/processes';

const diff = 'git diff --no-ext-diff main...HEAD';
const [divideBy10, negativePercent] = twoFindings.findings;

const session = scriptedReviewSession();
const review = (scripts: ScriptedAgentScripts, signal = new AbortController().signal) => session.review(scripts, { signal, recordRounds: false });

test('Claude Code, Codex and Gemini CLI review in parallel: wall-clock follows the slowest, not the sum', async () => {
  const report = await review({
    claude: [step.tool('Bash', { command: diff }), step.structured(answerWith([divideBy10!]), 2_000)],
    codex: [step.tool('exec_command', { cmd: diff }), step.structured(answerWith([negativePercent!]), 3_000)],
    gemini: [step.tool('run_shell_command', { command: diff }), step.structured(answerWith([cartFinding]), 5_000)],
  });

  assert.deepEqual(report.reviewers.map((run) => [run.reviewerId, run.status]), [['claude', 'succeeded'], ['codex', 'succeeded'], ['gemini', 'succeeded']]);
  assert.deepEqual(report.findings.map((finding) => [finding.id, finding.reporters[0]?.reviewerId]), [['C1', 'claude'], ['I1', 'gemini'], ['S1', 'codex']]);
  assert.deepEqual(report.reviewers.map((run) => Object.keys(run.stats.toolCalls)), [['Bash(git diff)'], ['shell(git diff)'], ['run_shell_command(git diff)']]);

  const durations = report.reviewers.map((run) => run.stats.durationMs);
  const slowest = Math.max(...durations);
  const sum = durations.reduce((total, duration) => total + duration, 0);
  assert.ok(slowest >= 5_000, `the slowest reviewer waited for its 5 s answer (${slowest} ms)`);
  assert.ok(report.wallClockMs >= slowest, `wall-clock ${report.wallClockMs} ms covers the slowest reviewer ${slowest} ms`);
  assert.ok(report.wallClockMs < sum - 3_000, `wall-clock ${report.wallClockMs} ms is well below the sum of reviewers ${sum} ms`);
  assert.ok(report.wallClockMs - slowest < 4_000, `orchestration adds ${report.wallClockMs - slowest} ms to the slowest reviewer`);
});

test('the review goes on when one reviewer fails; duplicate findings of the others merge into one', async () => {
  const report = await review({
    claude: [step.error(401)],
    codex: [step.structured(answerWith([negativePercent!]))],
    gemini: [step.structured(answerWith([cartFinding, { ...negativePercent!, severity: 'important', title: 'Negative percentage raises the price' }]))],
  });
  const claude = report.reviewers.find((run) => run.reviewerId === 'claude')!;
  assert.equal(claude.status, 'failed');
  assert.match(claude.error ?? '', /Authentication failed/);
  assert.deepEqual(report.findings.map((finding) => finding.title), [cartFinding.title, 'Negative percentage raises the price']);
  assert.ok(report.notes.some((note) => /Reviewer claude did not finish: Authentication failed/.test(note)));

  // Codex and Gemini reported the same problem: one finding, both reporters, the higher severity.
  const merged = report.findings[1]!;
  assert.deepEqual(merged.reporters, [{ reviewerId: 'codex', severity: 'suggestion' }, { reviewerId: 'gemini', severity: 'important' }]);
  assert.equal(report.consolidation.mode, 'deterministic');
  assert.match(report.consolidation.fallbackReason ?? '', /^No consolidator is configured \(it is disabled in deepReview\.consolidator, or with --consolidator off\)\. Findings are merged by file, lines and concern only/);
  assert.ok(report.notes.includes('I2 was reported by codex (suggestion), gemini (important); merged at the highest severity, important.'), report.notes.join('\n'));
});

test('cancel stops all three reviewers within 2 seconds and leaves no process behind', async () => {
  const abort = new AbortController();
  const running = review({ claude: [step.hang()], codex: [step.hang()], gemini: [step.hang()] }, abort.signal);
  await waitFor(() => session.agents() !== undefined && Object.values(session.agents()!.servers).every((server) => server.modelRequests.length > 0), 30_000);
  const worktreeProcesses = processesInReviewWorktrees();
  assert.ok(worktreeProcesses.length >= 3, 'the three agents run in the review worktree');

  const cancelledAt = Date.now();
  abort.abort();
  await assert.rejects(running, (error: unknown) => error instanceof ReviewError && error.code === 'cancelled');
  assert.ok(Date.now() - cancelledAt < 2_000, `stopped in ${Date.now() - cancelledAt} ms`);
  await waitFor(() => worktreeProcesses.every(hasEnded), 5_000);
  assert.equal(session.repo().git('worktree', 'list').split('\n').length, 1, 'the review worktree is removed');
});
