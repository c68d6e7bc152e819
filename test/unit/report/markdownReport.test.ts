import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import { sampleHeadFiles, sampleReport } from '../../fixtures/sampleReport';

const headText = (path: string): string | null => sampleHeadFiles[path] ?? null;

/** The report's text between one "## " heading and the next. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  assert.notEqual(start, -1, `missing section ${title}`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** Table rows as markdown-it parses them (cells as text), so escaping is checked by a real parser. */
function parsedTables(markdown: string): string[][][] {
  const tokens = new MarkdownIt({ html: false }).parse(markdown, {});
  const tables: string[][][] = [];
  let row: string[] | undefined;
  for (const token of tokens) {
    if (token.type === 'table_open') tables.push([]);
    if (token.type === 'tr_open') row = [];
    if (token.type === 'inline' && row) row.push(token.content);
    if (token.type === 'tr_close' && row) {
      tables[tables.length - 1]?.push(row);
      row = undefined;
    }
  }
  return tables;
}

test('starts with the title and the metadata table', () => {
  const markdown = renderMarkdownReport(sampleReport());
  assert.ok(markdown.startsWith('# Deep Review: ledger-api feature/refund-batches round 2\n'));
  const metadata = new Map(parsedTables(markdown)[0]?.map(([key, value]) => [key, value]));
  assert.equal(metadata.get('Date'), '2026-03-09 14:07 UTC');
  assert.equal(metadata.get('Repo'), 'ledger-api');
  assert.equal(metadata.get('Round'), '2');
  assert.equal(metadata.get('Branch'), '`feature/refund-batches` (HEAD `9e8d7c6`)');
  assert.equal(metadata.get('Base'), '`main` (merge-base `4b1c9e0`)');
  assert.equal(metadata.get('Commits'), 'a1b2c3d refunds: settle refunds in batches<br>b2c3d4e docs: describe refund batches | limits');
  assert.equal(
    metadata.get('Reviewers'),
    'Claude Code (opus, high), codex-fast: Codex (gpt-5-codex, medium), Gemini CLI (gemini-2.5-pro, default) — failed',
  );
  assert.equal(metadata.get('Verdict'), 'Needs changes — 1 critical issue (C1) and 2 important issues to resolve before merging');
  assert.equal(metadata.get('Wall-clock time'), '1 h 2 min 5 s');
});

test('has every section, in the order of a Deep Review report', () => {
  const headings = renderMarkdownReport(sampleReport()).match(/^## .*$/gm);
  assert.deepEqual(headings, [
    '## Executive Summary',
    '## Critical Issues',
    '## Important Issues',
    '## Suggestions',
    '## Design Observations',
    '## Testing Assessment',
    '## Documentation Assessment',
    '## Commit Structure',
    '## Agent Performance Retro',
    '## Notes',
  ]);
});

test('the executive summary gives the reviewers’ summaries, the structure and the counts', () => {
  const summary = section(renderMarkdownReport(sampleReport()), 'Executive Summary');
  assert.match(summary, /\*\*claude:\*\* The branch moves refund settlement/);
  assert.match(summary, /Structure: 4 changed files, \+31 −1 lines\. Findings: 1 critical, 2 important, 1 suggestion\./);
});

test('renders a finding with its id, location, attribution, code, body and fix diff at HEAD line numbers', () => {
  const critical = section(renderMarkdownReport(sampleReport(), { headText }), 'Critical Issues');
  assert.match(critical, /^### C1 — Batch id is interpolated into SQL$/m);
  assert.match(critical, /\*\*Location:\*\* `src\/refunds\/batchRefunds\.ts:9` · \*\*Reported by:\*\* claude, codex-fast \(filed as important\)/);
  assert.match(critical, /```ts\n {2}await db\.query\(`UPDATE batches/);
  assert.match(critical, /Use a parameterised query\./);
  assert.match(critical, /\*\*Fix:\*\* Pass the total and the id as query parameters\.\n\n```diff\n--- a\/src\/refunds\/batchRefunds\.ts\n\+\+\+ b\/src\/refunds\/batchRefunds\.ts\n@@ -6,7 \+6,7 @@/);
});

test('without HEAD text the fix diff still renders, with lines relative to the edit', () => {
  const critical = section(renderMarkdownReport(sampleReport()), 'Critical Issues');
  assert.match(critical, /```diff\n--- a\/src\/refunds\/batchRefunds\.ts\n\+\+\+ b\/src\/refunds\/batchRefunds\.ts\n@@ -1,1 \+1,1 @@\n-/);
});

test('flags a finding that could not be located at HEAD', () => {
  const important = section(renderMarkdownReport(sampleReport()), 'Important Issues');
  const i2 = important.slice(important.indexOf('### I2'));
  assert.match(i2, /\*\*Could not be located at HEAD:\*\* the quoted code was not found in `src\/refunds\/retry\.ts`/);
  const i1 = important.slice(important.indexOf('### I1'), important.indexOf('### I2'));
  assert.doesNotMatch(i1, /Could not be located/);
});

test('code blocks use a fence longer than any backtick run inside them', () => {
  const suggestions = section(renderMarkdownReport(sampleReport(), { headText }), 'Suggestions');
  assert.match(suggestions, /^````markdown\n```ts\nconst total = await settle\(batch\);\n```\n````$/m);
  assert.match(suggestions, /^````diff\n/m);
  const tokens = new MarkdownIt().parse(suggestions, {});
  const fences = tokens.filter((token) => token.type === 'fence').map((token) => token.info);
  assert.deepEqual(fences, ['markdown', 'diff']);
});

test('empty sections say "None."', () => {
  const report = sampleReport();
  report.findings = report.findings.filter((finding) => finding.severity !== 'critical');
  report.designObservations = [];
  report.documentationAssessments = [];
  report.notes = [];
  const markdown = renderMarkdownReport(report);
  assert.equal(section(markdown, 'Critical Issues').trim(), '## Critical Issues\n\nNone.');
  assert.match(section(markdown, 'Design Observations'), /### Concerns\n\nNone\.\n\n### Strengths\n\nNone\./);
  assert.equal(section(markdown, 'Documentation Assessment').trim(), '## Documentation Assessment\n\nNone.');
  assert.equal(section(markdown, 'Notes').trim(), '## Notes\n\nNone.');
});

test('design observations are split into concerns and strengths, with scope and reviewers', () => {
  const design = section(renderMarkdownReport(sampleReport()), 'Design Observations');
  assert.match(design, /### Concerns\n\n- \*\*Settlement and batching share one module\*\* \(in scope; claude, codex-fast\)\n {2}Splitting/);
  assert.match(design, /- \*\*No idempotency key on settlement\*\* \(future work; codex-fast\)/);
  assert.match(design, /### Strengths\n\n- \*\*Amounts are kept in integer cents\*\* \(in scope; claude\)/);
});

test('assessments are attributed to each reviewer', () => {
  const testing = section(renderMarkdownReport(sampleReport()), 'Testing Assessment');
  assert.match(testing, /### From claude\n\nNo test covers/);
  assert.match(testing, /### From codex-fast\n\n- Missing: cancellation/);
});

test('the retro table has a column per reviewer, with the failed reviewer’s reason in one escaped cell', () => {
  const retro = section(renderMarkdownReport(sampleReport()), 'Agent Performance Retro');
  const [table] = parsedTables(retro);
  assert.ok(table);
  for (const row of table) assert.equal(row.length, 4, `row ${row[0] ?? ''} has ${row.length} cells`);
  const rows = new Map(table.map((row) => [row[0], row.slice(1)]));
  assert.deepEqual(rows.get('Status'), [
    'succeeded',
    'succeeded',
    'failed: gemini exited with code 1 | quota exceeded<br>Try again after the daily reset or disable this reviewer.',
  ]);
  assert.deepEqual(rows.get('Duration'), ['7 min 58 s', '9 min 51 s', '12 s']);
  assert.deepEqual(rows.get('Findings'), ['1C 1I', '2I 1S', 'none']);
  assert.deepEqual(rows.get('Tool calls'), ['12 (Read 7, Grep 3, Bash(git diff) 2)', '20 (shell 19, update_plan 1)', '0']);
  assert.deepEqual(rows.get('Turns'), ['14', '22', '1']);
  assert.deepEqual(rows.get('Tokens'), ['182,340 in / 9,112 out', '240,015 in / 12,480 out', '—']);
  assert.deepEqual(rows.get('Cost'), ['$1.84', '—', '—']);
  assert.match(retro, /\*\*Answer warnings\*\*\n\n- `codex-fast`: Finding "Batch size constant": dropped/);
});

test('agent text cannot break a table or inject HTML into it', () => {
  const report = sampleReport();
  report.verdict = 'Merge | but <script>alert(1)</script>\nafter `Map<K>` is fixed';
  report.branch.commits.push({ hash: 'c3d4e5f60718293a4b5c6d7e8f90123456789012', subject: 'fix `a|b` parsing \\| edge' });
  const markdown = renderMarkdownReport(report);
  const metadata = parsedTables(markdown)[0] ?? [];
  for (const row of metadata) assert.equal(row.length, 2);
  const html = new MarkdownIt({ html: true }).render(markdown);
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /Merge \| but &lt;script&gt;alert\(1\)&lt;\/script&gt;<br>after <code>Map&lt;K&gt;<\/code> is fixed/);
  assert.match(html, /fix <code>a\|b<\/code> parsing \\\| edge/);
});

test('the commit structure lists commits and changed files, binary and renamed ones included', () => {
  const commits = section(renderMarkdownReport(sampleReport()), 'Commit Structure');
  assert.match(commits, /2 commits on `feature\/refund-batches` since `main`:\n\n- `a1b2c3d` refunds: settle refunds in batches\n- `b2c3d4e` docs/);
  const [files] = parsedTables(commits);
  assert.deepEqual(files?.slice(1), [
    ['`src/refunds/batchRefunds.ts`', '18', '0'],
    ['`src/refunds/types.ts` (renamed from `src/refund.ts`)', '4', '1'],
    ['`docs/refunds.md`', '9', '0'],
    ['`docs/batch-flow.png`', 'binary', ''],
  ]);
});

test('notes are listed', () => {
  assert.match(section(renderMarkdownReport(sampleReport()), 'Notes'), /- I2 could not be located at HEAD; it has no diagnostic\./);
});
