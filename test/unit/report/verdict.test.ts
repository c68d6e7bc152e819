import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeSummary, decideVerdict } from '../../../src/engine/report/verdict';
import { sampleReport } from '../../fixtures/sampleReport';

const findings = sampleReport().findings;

test('any critical finding means "Needs changes", naming the critical ids', () => {
  assert.equal(decideVerdict(findings), 'Needs changes — 1 critical issue (C1) and 2 important issues to resolve before merging');
});

test('important findings without critical ones mean "Merge with fixes"', () => {
  const important = findings.filter((finding) => finding.severity !== 'critical');
  assert.equal(decideVerdict(important), 'Merge with fixes — 2 important issues (I1, I2) to fix first');
});

test('only suggestions, or nothing at all, means "Merge"', () => {
  assert.equal(decideVerdict(findings.filter((finding) => finding.severity === 'suggestion')), 'Merge');
  assert.equal(decideVerdict([]), 'Merge');
});

test('the summary attributes each reviewer’s own summary and skips empty ones', () => {
  const summary = composeSummary([
    { reviewerId: 'claude', answer: { summary: '  Adds batching.  ' } },
    { reviewerId: 'codex', answer: { summary: '' } },
    { reviewerId: 'gemini', answer: { summary: 'Tests are thin.' } },
  ]);
  assert.equal(summary, '**claude:** Adds batching.\n\n**gemini:** Tests are thin.');
});

test('the summary says so when no reviewer wrote one', () => {
  assert.equal(composeSummary([{ reviewerId: 'claude', answer: { summary: ' ' } }]), 'No reviewer wrote a summary.');
});
