import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import { renderSarifReport } from '../../../src/engine/report/sarifReport';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { reviewReportSchema } from '../../../src/shared/reportModel';
import { sampleHeadFiles, sampleReport } from '../../fixtures/sampleReport';

// The report says whether the round reviewed the whole branch or only the commits since the last round,
// and which findings were carried over from earlier rounds.

function incrementalReport(): ReviewReport {
  const sample = sampleReport();
  const [first, ...rest] = sample.findings;
  return reviewReportSchema.parse({
    ...sample,
    round: 3,
    previousRound: { round: 2, head: '1234567890abcdef1234567890abcdef12345678' },
    scope: { kind: 'incremental', sinceRound: 2, sinceHead: '1234567890abcdef1234567890abcdef12345678', commits: 2, files: 3 },
    findings: [{ ...first!, carriedFrom: { round: 1, findingId: 'I4' } }, ...rest],
  });
}

test('the Markdown metadata has a Scope row, and a carried finding says since when it is open', () => {
  const report = incrementalReport();
  const markdown = renderMarkdownReport(report);

  assert.match(markdown, /\| Round \| 3 [^|]*\|\n\| Scope \| Incremental: 2 commits changing 3 files since round 2 \(1234567\) \|\n/);
  const carried = report.findings[0]!;
  assert.match(markdown, new RegExp(`### ${carried.id} — [^\\n]*\\n\\n[^\\n]*\\*\\*Open since:\\*\\* round 1 \\(I4\\), carried over: not re-reviewed in this incremental round`));
  assert.equal(markdown.match(/\*\*Open since:\*\*/g)?.length, 1, 'only the carried finding says so');
  // The retro counts what this round's reviewers reported: the carried C1 is not theirs.
  assert.match(markdown, /\| Findings \| 1I \| 1I 1S \| none \|/);
});

test('a full review says why; a report stored before scopes existed has no Scope row', () => {
  const full = renderMarkdownReport({ ...sampleReport(), scope: { kind: 'full', reason: 'requested' } });
  assert.match(full, /\| Scope \| Full review — asked for \|/);
  assert.doesNotMatch(renderMarkdownReport(sampleReport()), /\| Scope \|/);
});

test('SARIF carries the scope in the run’s properties and the carried finding’s origin in its result', async () => {
  const report = incrementalReport();
  const sarif = await renderSarifReport(report, { readFileAtHead: (path) => Promise.resolve(sampleHeadFiles[path] ?? null), toolVersion: '0.0.0-test' });
  const run = sarif.runs[0]!;
  assert.deepEqual(run.properties?.scope, report.scope);
  const carried = run.results?.find((result) => result.properties?.findingId === report.findings[0]!.id);
  assert.deepEqual(carried?.properties?.carriedFrom, { round: 1, findingId: 'I4' });
  assert.equal(run.results?.filter((result) => result.properties?.carriedFrom !== undefined).length, 1);
});
