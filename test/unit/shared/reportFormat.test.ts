import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, formatReviewer, formatReviewerFindingCounts, formatSeverityCounts, formatTokens, formatToolCalls } from '../../../src/shared/reportFormat';

test('durations read like the reference reports', () => {
  assert.equal(formatDuration(4_855_000), '1 h 20 min 55 s');
  assert.equal(formatDuration(184_000), '3 min 4 s');
  assert.equal(formatDuration(120_000), '2 min');
  assert.equal(formatDuration(3_600_000), '1 h');
  assert.equal(formatDuration(42_400), '42 s');
  assert.equal(formatDuration(850), '850 ms');
});

test('severity counts use C/I/S in severity order', () => {
  assert.equal(formatSeverityCounts([{ severity: 'suggestion' }, { severity: 'important' }, { severity: 'suggestion' }]), '1I 2S');
  assert.equal(formatSeverityCounts([]), 'none');
});

test('tool calls list the most used first with the total', () => {
  const stats = { durationMs: 0, turns: 3, toolCalls: { Grep: 2, Read: 5, 'Bash(git diff)': 2 }, inputTokens: null, outputTokens: null, costUsd: null };
  assert.equal(formatToolCalls(stats), '9 (Read 5, Bash(git diff) 2, Grep 2)');
});

test('token counts are grouped in thousands', () => {
  const stats = { durationMs: 0, turns: 3, toolCalls: {}, costUsd: null };
  assert.equal(formatTokens({ ...stats, inputTokens: 1_234_567, outputTokens: 999 }), '1,234,567 in / 999 out');
  assert.equal(formatTokens({ ...stats, inputTokens: 0, outputTokens: 1000 }), '0 in / 1,000 out');
  assert.equal(formatTokens({ ...stats, inputTokens: null, outputTokens: 12_000 }), '— in / 12,000 out');
  assert.equal(formatTokens({ ...stats, inputTokens: null, outputTokens: null }), '—');
});

test('a reviewer is named with its CLI, model and effort', () => {
  assert.equal(formatReviewer({ cli: 'claude', model: 'opus', effort: 'high' }), 'Claude Code (opus, high)');
});

test('a reviewer’s findings are counted by the severity it filed them with', () => {
  const findings = [
    { reporters: [{ reviewerId: 'a', severity: 'critical' as const }, { reviewerId: 'b', severity: 'important' as const }] },
    { reporters: [{ reviewerId: 'b', severity: 'suggestion' as const }] },
  ];
  assert.equal(formatReviewerFindingCounts('b', findings), '1I 1S');
  assert.equal(formatReviewerFindingCounts('c', findings), 'none');
});
