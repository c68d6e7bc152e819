import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareReviewers, comparisonSentences } from '../../../src/shared/retroComparison';
import { formatFilesCovered, retroFacts } from '../../../src/shared/retroFacts';
import { sampleReport } from '../../fixtures/sampleReport';

test('unique findings, the noisiest reviewer and cost per kept finding come from the report alone', () => {
  const comparison = compareReviewers(sampleReport());
  assert.deepEqual(comparison.unique, [
    { reviewerId: 'claude', findingIds: ['I1'] },
    { reviewerId: 'codex-fast', findingIds: ['I2', 'S1'] },
    { reviewerId: 'gemini', findingIds: [] },
  ]);
  assert.deepEqual(comparison.noisiest, { reviewerIds: ['codex-fast'], rejected: 1 });
  assert.deepEqual(comparison.costPerKept, [
    { reviewerId: 'claude', costUsd: 1.8375, kept: 2, perKept: 1.8375 / 2 },
    { reviewerId: 'codex-fast', costUsd: null, kept: 3, perKept: null },
    { reviewerId: 'gemini', costUsd: null, kept: 0, perKept: null },
  ]);
});

test('findings carried over from an earlier round count for nobody; a tie for noisiest names every tied reviewer', () => {
  const report = sampleReport();
  const carried = report.findings.find((finding) => finding.id === 'I2');
  assert.ok(carried);
  carried.carriedFrom = { round: 1, findingId: 'I2' };
  const rejected = report.consolidation.rejected[0];
  assert.ok(rejected);
  report.consolidation.rejected.push({ ...rejected, reviewerIds: ['claude'] });
  const comparison = compareReviewers(report);
  assert.deepEqual(comparison.unique.find(({ reviewerId }) => reviewerId === 'codex-fast')?.findingIds, ['S1']);
  assert.deepEqual(comparison.noisiest, { reviewerIds: ['claude', 'codex-fast'], rejected: 1 });
  assert.equal(comparisonSentences(comparison)?.noisiest, 'Noisiest: claude and codex-fast, with 1 finding rejected as a false positive each.');
});

test('the sentences say when nobody was rejected, when a cost bought no kept finding, and nothing for a single reviewer', () => {
  const report = sampleReport();
  report.consolidation.rejected = [];
  const gemini = report.reviewers.find((run) => run.reviewerId === 'gemini');
  assert.ok(gemini);
  gemini.stats.costUsd = 0.3;
  const sentences = comparisonSentences(compareReviewers(report));
  assert.ok(sentences);
  assert.equal(sentences.noisiest, 'No reviewer had a finding rejected as a false positive.');
  assert.equal(sentences.cost, 'Cost per kept finding: claude $0.92 (2 kept for $1.84); codex-fast unknown (its CLI reported no cost); gemini $0.30 for no kept finding.');
  report.reviewers = report.reviewers.slice(0, 1);
  assert.equal(comparisonSentences(compareReviewers(report)), null);
});

test('files reviewed say which were given in the prompt and which were opened, each counted once', () => {
  const report = sampleReport();
  const [claude, codex, gemini] = retroFacts(report).columns;
  assert.ok(claude && codex && gemini);
  assert.deepEqual(claude.filesReviewed, { covered: 4, given: 4, opened: 3 });
  assert.equal(formatFilesCovered(claude.filesReviewed, 4), '4 of 4 (4 given in the prompt, 3 opened)');
  // A report written before what was given was recorded: only what it opened is known.
  assert.deepEqual(codex.filesReviewed, { covered: 1, given: null, opened: 1 });
  assert.equal(formatFilesCovered(codex.filesReviewed, 4), '1 of 4 (opened)');
  assert.equal(gemini.filesReviewed, null);
  assert.equal(formatFilesCovered(null, 4), '—');

  // A reviewer given one part's files that opened another file: both count, files outside the branch do not.
  const [run] = report.reviewers;
  assert.ok(run);
  run.filesGiven = ['src/refunds/types.ts', 'src/refunds/types.ts', 'not/changed.ts'];
  run.filesRead = ['docs/refunds.md', '/etc/passwd'];
  assert.deepEqual(retroFacts(report).columns[0]?.filesReviewed, { covered: 2, given: 1, opened: 1 });
  run.filesRead = null;
  assert.deepEqual(retroFacts(report).columns[0]?.filesReviewed, { covered: 1, given: 1, opened: 0 });
});
