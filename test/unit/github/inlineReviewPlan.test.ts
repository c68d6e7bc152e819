import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planInlineReview, type OwnThread } from '../../../src/engine/github/inlineReviewPlan';
import type { Finding, Severity } from '../../../src/shared/findingModel';
import { emptyLedger, type Ledger } from '../../../src/shared/ledgerModel';

const file = 'const a = 1;\nconst b = 2;\nconst c = 3;\n'.repeat(4);

function finding(id: string, severity: Severity, line: number, fingerprint: string): Finding {
  return {
    id,
    severity,
    title: `Finding ${id}`,
    body: 'Text'.repeat(3000),
    location: { path: 'a.ts', startLine: line, endLine: line, snippet: '' },
    anchor: { status: 'exact', startLine: line, endLine: line },
    extraLocations: [],
    fix: null,
    tags: [],
    reporters: [{ reviewerId: 'claude', severity }],
    fingerprint,
  };
}

function fixedLedger(fingerprint: string): Ledger {
  const event = { status: 'fixed' as const, action: 'fixed-in-code' as const, round: 2, date: '2026-01-02T00:00:00.000Z', commit: 'c'.repeat(40), findingId: 'C1' as const, reason: null, codeHash: null };
  const entry = { fingerprint, findingId: 'C1', severity: 'critical' as const, title: 't', path: 'a.ts', startLine: 1, snippet: '', reporterIds: ['claude'], firstSeenRound: 1, lastSeenRound: 1, lastCheckedRound: 2, codeHash: null, history: [{ ...event, status: 'open' as const, action: 'reported' as const, round: 1 }, event] };
  return { ...emptyLedger('b'), entries: [entry] };
}

const input = (findings: Finding[], threads: OwnThread[], budget: number, ledger = emptyLedger('b')) =>
  planInlineReview({ findings, ledger, diff: new Map([['a.ts', [[1, 6]]]]), fileAtHead: () => file, threads, budget, head: 'h'.repeat(40), round: 2 });

test('open threads of ours count against the budget; a thread resolved this round frees its room', () => {
  const open: OwnThread = { id: 'T1', isResolved: false, firstCommentId: 1, fingerprint: 'aa' };
  const findings = [finding('S1', 'suggestion', 2, 'bb'), finding('I1', 'important', 3, 'cc')];

  const full = input(findings, [open], 1);
  assert.deepEqual([full.post.length, full.overBudget, full.resolve.length], [0, 2, 0]);

  const freed = input(findings, [open], 1, fixedLedger('aa'));
  assert.deepEqual(freed.post.map((comment) => comment.findingId), ['I1'], 'the most severe takes the room');
  assert.deepEqual(freed.resolve.map((entry) => [entry.thread.id, entry.commit]), [['T1', 'c'.repeat(40)]]);
});

test('findings off the diff or not located get no comment; a long agent text is cut', () => {
  const unanchored = { ...finding('I2', 'important', 2, 'dd'), anchor: { status: 'unanchored' as const, startLine: 2, endLine: 2 } };
  const plan = input([finding('I1', 'important', 9, 'cc'), unanchored, finding('S1', 'suggestion', 4, 'ee')], [], 20);
  assert.deepEqual([plan.outsideDiff, plan.post.map((comment) => comment.line)], [2, [4]]);
  assert.ok(plan.post[0]!.body.length < 7_000);
  assert.match(plan.post[0]!.body, /cut here: the whole text is in the report/);
});
