import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressiveFindingMarker } from '../../../src/engine/review/progressiveFindings';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import { twoFindings } from '../../fixtures/discountBranch';
import { firstUserMessageText, step } from '../../fixtures/modelServer/modelServer';
import { processesInReviewWorktrees } from '../../fixtures/processes';
import { scriptedReviewSession } from '../../fixtures/scriptedReview';

// Budgets through the whole review: the real Claude Code against a scripted server that announces a
// finding and then never finishes; the review's budget stops it and keeps what it announced.

const session = scriptedReviewSession();
const [divideBy10] = twoFindings.findings;
const announcement = `Reading the discount code.\n${progressiveFindingMarker} ${JSON.stringify(divideBy10)}\nNow checking the cart.`;

test('a reviewer stopped at its share of the time budget keeps the findings it announced, marked partial', async () => {
  const started = Date.now();
  const report = await session.review({ claude: [step.text(announcement), step.hang()] }, { budget: { minutes: 0.15, usd: null }, consolidator: null });
  const elapsed = Date.now() - started;

  assert.ok(elapsed < 40_000, `stopped by the 9 s budget, not the 30 min default (${elapsed} ms)`);
  assert.deepEqual(report.findings.map((finding) => [finding.title, finding.reporters]), [[divideBy10!.title, [{ reviewerId: 'claude', severity: 'critical', partial: true }]]]);
  const [run] = report.reviewers;
  assert.equal(run?.status, 'succeeded');
  assert.match(run.partial ?? '', /^its share of the time budget \(\d+ s\)$/);
  assert.ok(run.warnings.some((warning) => /the 1 finding\(s\) it had reported by then are kept, marked partial/.test(warning)), run.warnings.join('\n'));
  assert.deepEqual(report.budget, { minutes: 0.15, usd: null, spentUsd: report.budget?.spentUsd ?? null, partialReviewers: ['claude'] });
  assert.ok(report.notes.some((note) => note.startsWith('This review had a budget of 0.15 min: the reviewers had all of it;')), report.notes.join('\n'));
  assert.deepEqual(processesInReviewWorktrees(), []);

  // The reviewer was asked to announce its findings as it went.
  const prompt = firstUserMessageText(session.agents()!.servers.claude!.modelRequests[0]!);
  assert.match(prompt, /## This review has a budget/);
  assert.ok(prompt.includes(progressiveFindingMarker));

  const markdown = renderMarkdownReport(report);
  assert.match(markdown, /\*\*Reported by:\*\* claude \(partial run\)/);
  assert.match(markdown, /\| Budget \| 0\.15 min — used [^|]*; stopped at their share \(findings partial\): claude \|/);
  assert.match(markdown, /\| Status \| partial: stopped at its share of the time budget/);
});

test('without a budget the prompt does not ask for announcements; a reviewer that announced nothing fails with the reason', async () => {
  const report = await session.review({ claude: [step.structured(twoFindings)] }, { consolidator: null });
  assert.doesNotMatch(firstUserMessageText(session.agents()!.servers.claude!.modelRequests[0]!), /## This review has a budget/);
  assert.equal(report.budget, undefined);

  await assert.rejects(
    session.review({ claude: [step.text('Still reading.'), step.hang()] }, { budget: { minutes: 0.1, usd: null }, consolidator: null }),
    /No reviewer finished the review \(claude: Stopped at its share of the time budget \(\d+ s\), before it reported a finding\.\)/,
  );
});

test('Claude Code stops at its share of the spend budget, and its announced findings are kept', async () => {
  const agents = await session.startAgents({ claude: [step.text(announcement), step.text('More reading.'), step.hang()] });
  // A model Claude Code has a price for, so it counts the cost of each answer against --max-budget-usd.
  const reviewers = agents.reviewers.map((reviewer) => ({ ...reviewer, model: 'claude-sonnet-4-5' }));
  const report = await session.review({ claude: [step.text(announcement), step.text('More reading.'), step.hang()] }, { reviewers, budget: { minutes: null, usd: 0.000001 }, consolidator: null });
  const [run] = report.reviewers;
  assert.equal(run?.partial, 'its share of the spend budget');
  assert.deepEqual(report.findings.map((finding) => finding.title), [divideBy10!.title]);
  assert.ok((report.budget?.spentUsd ?? 0) > 0, 'Claude Code reported what it spent');
});
