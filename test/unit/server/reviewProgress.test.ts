import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReviewProgressText } from '../../../src/server/reviewProgress';

test('progress starts with the branch being collected', () => {
  assert.equal(new ReviewProgressText().text(), 'Collecting the branch…');
});

test('a running agent shows its tool calls, last tool and elapsed seconds', () => {
  let now = 1_000_000;
  const progress = new ReviewProgressText([], () => now);
  assert.equal(progress.apply({ type: 'agent-started', reviewerId: 'claude' }), 'claude: reading the diff… (0 s)');
  now += 12_400;
  const text = progress.apply({ type: 'agent-progress', reviewerId: 'claude', elapsedMs: 12_400, toolCalls: 3, lastTool: 'Read' });
  assert.equal(text, 'claude: reviewing… 3 tool calls, last Read (12 s)');
});

test('elapsed time keeps ticking between agent events', () => {
  let now = 0;
  const progress = new ReviewProgressText([], () => now);
  progress.apply({ type: 'agent-started', reviewerId: 'claude' });
  progress.apply({ type: 'agent-progress', reviewerId: 'claude', elapsedMs: 0, toolCalls: 1, lastTool: 'Grep' });
  now = 65_000;
  assert.equal(progress.text(), 'claude: reviewing… 1 tool call, last Grep (65 s)');
});

test('each reviewer gets its own part, finished and failed ones say so', () => {
  const progress = new ReviewProgressText();
  progress.apply({ type: 'agent-started', reviewerId: 'claude' });
  progress.apply({ type: 'agent-started', reviewerId: 'sonnet' });
  progress.apply({ type: 'agent-finished', reviewerId: 'claude', findings: 1, durationMs: 1000 });
  const text = progress.apply({ type: 'agent-failed', reviewerId: 'sonnet', error: 'API rate limit (HTTP 429)' });
  assert.equal(text, 'claude: done, 1 finding · sonnet: failed — API rate limit (HTTP 429)');
});

test('reviewers are listed as queued until their agent starts', () => {
  const progress = new ReviewProgressText(['claude', 'codex'], () => 0);
  assert.equal(progress.text(), 'Collecting the branch… · queued: claude, codex');
  assert.equal(progress.apply({ type: 'context-collected', branch: 'feature', base: 'main', commits: 2, files: 3 }), 'feature vs main: 2 commit(s), 3 file(s) · queued: claude, codex');
  assert.equal(progress.apply({ type: 'agent-started', reviewerId: 'claude' }), 'claude: reading the diff… (0 s) · codex: queued');
});

test('while fixes are verified the progress says which one, of how many, and for how long', () => {
  let now = 0;
  const progress = new ReviewProgressText(['claude'], () => now);
  progress.apply({ type: 'agent-started', reviewerId: 'claude' });
  progress.apply({ type: 'agent-finished', reviewerId: 'claude', findings: 3, durationMs: 1000 });
  assert.equal(progress.apply({ type: 'verifying-fixes', done: 0, total: 2, findingId: null }), 'Verifying fixes: running the check without any fix (2 to verify) (0 s)');
  now = 14_000;
  assert.equal(progress.apply({ type: 'verifying-fixes', done: 1, total: 2, findingId: 'I1' }), 'Verifying fixes: I1, 2 of 2 (14 s)');
  assert.equal(progress.apply({ type: 'report-ready', report: undefined as never }), 'claude: done, 3 findings');
});

test('with a budget the progress shows the time used and the spend reported against it; a reviewer stopped at its share says so', () => {
  let now = 0;
  const progress = new ReviewProgressText(['claude'], () => now, { minutes: 10, usd: 2 });
  progress.apply({ type: 'agent-started', reviewerId: 'claude' });
  now = 130_000;
  assert.equal(progress.text(), 'claude: reading the diff… (130 s) · budget 2:10 of 10 min, $0.00 of $2.00 spent');
  const text = progress.apply({ type: 'agent-finished', reviewerId: 'claude', findings: 2, durationMs: 130_000, costUsd: 0.42, partial: true });
  assert.equal(text, 'claude: stopped at its budget, 2 findings kept · budget 2:10 of 10 min, $0.42 of $2.00 spent');
});
