import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReviewProgressText } from '../../../src/server/reviewProgress';

test('progress starts with the branch being collected', () => {
  assert.equal(new ReviewProgressText().text(), 'Collecting the branch…');
});

test('a running agent shows its tool calls, last tool and elapsed seconds', () => {
  const progress = new ReviewProgressText();
  progress.apply({ type: 'agent-started', reviewerId: 'claude' });
  const text = progress.apply({ type: 'agent-progress', reviewerId: 'claude', elapsedMs: 12_400, toolCalls: 3, lastTool: 'Read' });
  assert.equal(text, 'claude: reviewing… 3 tool calls, last Read (12 s)');
});

test('each reviewer gets its own part, finished and failed ones say so', () => {
  const progress = new ReviewProgressText();
  progress.apply({ type: 'agent-started', reviewerId: 'claude' });
  progress.apply({ type: 'agent-started', reviewerId: 'sonnet' });
  progress.apply({ type: 'agent-finished', reviewerId: 'claude', findings: 1, durationMs: 1000 });
  const text = progress.apply({ type: 'agent-failed', reviewerId: 'sonnet', error: 'API rate limit (HTTP 429)' });
  assert.equal(text, 'claude: done, 1 finding · sonnet: failed — API rate limit (HTTP 429)');
});
