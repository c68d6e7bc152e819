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
  assert.ok(markdown.startsWith('# Deep Review: 20260309-140731-pr-41\n'));
  const metadata = new Map(parsedTables(markdown)[0]?.map(([key, value]) => [key, value]));
  assert.equal(metadata.get('Date'), '2026-03-09 14:07 UTC');
  assert.equal(metadata.get('Repo'), 'ledger-api');
  assert.equal(metadata.get('Round'), '2 (of PR #41)');
  assert.equal(metadata.get('Author'), '@rivka');
  assert.equal(metadata.get('PR'), '[#41](https://github.com/ledger/ledger-api/pull/41) — Settle refunds in batches');
  assert.equal(metadata.get('Consolidation'), 'Claude Code (opus, high)');
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
    '## Acknowledged Limitations',
    '## Unresolved Feedback',
    '## Agent Performance Retro',
    '## Reconciliation',
    '## Review Process Notes',
    '## Resolution',
  ]);
});

test('the executive summary gives the summary, the structure, the counts and the dropped false positives', () => {
  const summary = section(renderMarkdownReport(sampleReport()), 'Executive Summary');
  assert.match(summary, /\*\*claude:\*\* The branch moves refund settlement/);
  assert.match(summary, /\*\*Structure:\*\* 4 changed files, \+31 −1 lines; 1 critical, 2 important, 1 suggestion; 1 false positive dropped\./);
  assert.doesNotMatch(summary, /Not consolidated/);
});

test('a report made without its consolidator says so at the top and in the reconciliation', () => {
  const report = sampleReport();
  report.consolidation = {
    ...report.consolidation,
    mode: 'deterministic',
    fallbackReason: 'The consolidator (Claude Code (opus, high)) did not finish: Rate limited by the model API (HTTP 429).',
    severityChanges: [],
    rejected: [],
  };
  const markdown = renderMarkdownReport(report);
  assert.match(section(markdown, 'Executive Summary'), /> \*\*Not consolidated:\*\* The consolidator \(Claude Code \(opus, high\)\) did not finish: Rate limited/);
  assert.match(section(markdown, 'Reconciliation'), /> The consolidator \(Claude Code/);
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
  report.documentation = { consolidated: null, byReviewer: [] };
  report.acknowledgedLimitations = [];
  report.notes = [];
  const markdown = renderMarkdownReport(report);
  assert.equal(section(markdown, 'Critical Issues').trim(), '## Critical Issues\n\nNone.');
  assert.match(section(markdown, 'Design Observations'), /### Concerns\n\nNone\.\n\n### Strengths\n\nNone\./);
  assert.equal(section(markdown, 'Documentation Assessment').trim(), '## Documentation Assessment\n\nNone.');
  assert.equal(section(markdown, 'Review Process Notes').trim(), '## Review Process Notes\n\nNone.');
  assert.equal(section(markdown, 'Acknowledged Limitations').trim(), '## Acknowledged Limitations\n\nNone stated in the commit messages or the pull request.');
});

test('design observations are split into concerns and strengths, with scope and reviewers', () => {
  const design = section(renderMarkdownReport(sampleReport()), 'Design Observations');
  assert.match(design, /### Concerns\n\n- \*\*Settlement and batching share one module\*\* \(in scope; claude, codex-fast\)\n {2}Splitting/);
  assert.match(design, /- \*\*No idempotency key on settlement\*\* \(future work; codex-fast\)/);
  assert.match(design, /### Strengths\n\n- \*\*Amounts are kept in integer cents\*\* \(in scope; claude\)/);
});

test('the testing assessment gives the consolidated view, the gaps ranked by risk, and each reviewer’s words folded away', () => {
  const testing = section(renderMarkdownReport(sampleReport()), 'Testing Assessment');
  assert.match(testing, /^Batch splitting has unit tests for small inputs/m);
  const [gaps] = parsedTables(testing);
  assert.deepEqual(gaps?.map((row) => row.slice(0, 2)), [['#', 'Risk'], ['1', 'high'], ['2', 'medium'], ['3', 'low']]);
  assert.match(testing, /<details><summary>Each reviewer's assessment<\/summary>\n\n\*\*From claude:\*\*\n\nNo test covers/);
  assert.match(testing, /\*\*From codex-fast:\*\*\n\n- Missing: cancellation/);
});

test('without a consolidated assessment, each reviewer’s is shown as is', () => {
  const report = sampleReport();
  report.testing = { ...report.testing, consolidated: null, gaps: [] };
  const testing = section(renderMarkdownReport(report), 'Testing Assessment');
  assert.doesNotMatch(testing, /<details>/);
  assert.match(testing, /^\*\*From claude:\*\*\n\nNo test covers/m);
});

test('acknowledged limitations quote the author with the source', () => {
  assert.match(section(renderMarkdownReport(sampleReport()), 'Acknowledged Limitations'), /- “Retries of a failed batch are not handled yet\.” — commit a1b2c3d/);
});

test('unresolved feedback lists the open review threads, or says why there are none', () => {
  const feedback = section(renderMarkdownReport(sampleReport()), 'Unresolved Feedback');
  const [threads] = parsedTables(feedback);
  assert.deepEqual(threads?.[1], ['`src/refunds/batchRefunds.ts:12`', '@osman', 'Should the batch size come from config instead of a constant?', '1']);

  const report = sampleReport();
  report.pullRequest = { available: false, reason: 'The GitHub CLI (`gh`) is not installed or not on PATH.' };
  const markdown = renderMarkdownReport(report);
  assert.match(section(markdown, 'Unresolved Feedback'), /_Not available: The GitHub CLI \(`gh`\) is not installed/);
  assert.equal(new Map(parsedTables(markdown)[0]?.map(([key, value]) => [key, value])).get('Round'), '2');
  assert.ok(markdown.startsWith('# Deep Review: 20260309-140731-feature-refund-batches\n'));
});

test('the reconciliation lists severity changes with their reason and the dropped false positives', () => {
  const reconciliation = section(renderMarkdownReport(sampleReport()), 'Reconciliation');
  const [changes, dropped] = parsedTables(reconciliation);
  assert.deepEqual(changes?.[1], ['I2', 'critical', 'important', 'Only reachable from the admin tool, which already requires a signed-in operator.']);
  assert.deepEqual(dropped?.[1], ['Refund ids may collide', '`src/refunds/types.ts:3`', 'codex-fast (important)', 'Ids are UUIDs generated by the database; the type alias does not change that.']);
});

test('the retro table has a column per reviewer, with the failed reviewer’s reason in one escaped cell', () => {
  const retro = section(renderMarkdownReport(sampleReport()), 'Agent Performance Retro');
  assert.match(retro, /^- \*\*claude\*\* — Found the injected settlement query/m);
  assert.match(retro, /^- \*\*gemini\*\* — Did not finish: gemini exited with code 1/m);
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
  assert.deepEqual(rows.get('Findings'), ['1C 1I', '1C 1I 1S', 'none']);
  assert.deepEqual(rows.get('Tool calls'), ['12 (Read 7, Grep 3, Bash(git diff) 2)', '20 (shell 19, update_plan 1)', '0']);
  assert.deepEqual(rows.get('Design observations'), ['2', '2', '0']);
  assert.deepEqual(rows.get('False positives'), ['0', '1', '0']);
  assert.deepEqual(rows.get('Files reviewed'), ['4 of 4 (4 given in the prompt, 3 opened)', '1 of 4 (opened)', '—']);
  assert.match(retro, /\n\n_Files reviewed counts the changed files a reviewer covered: "given in the prompt" when/);
  assert.match(retro, /Coverage misses counts the critical and important findings other reviewers reported/);
  assert.deepEqual(rows.get('Coverage misses'), ['1', '1', '—']);
  assert.deepEqual(rows.get('Turns'), ['14', '22', '1']);
  assert.deepEqual(rows.get('Tokens'), ['182,340 in / 9,112 out', '240,015 in / 12,480 out', '—']);
  assert.deepEqual(rows.get('Cost'), ['$1.84', '—', '—']);
  assert.match(retro, /\*\*Answer warnings\*\*\n\n- `codex-fast`: Finding "Batch size constant": dropped/);
  assert.match(retro, /### How the reviewers compare\n\n- Found what no other reviewer did: claude I1; codex-fast I2, S1; gemini nothing\.\n- Noisiest: codex-fast, with 1 finding rejected as a false positive\.\n- Cost per kept finding: claude \$0\.92 \(2 kept for \$1\.84\); codex-fast unknown \(its CLI reported no cost\); gemini unknown \(its CLI reported no cost\)\.\n$/);
});

test('agent text cannot break a table or inject HTML into it', () => {
  const report = sampleReport();
  report.verdict = 'Merge | but <script>alert(1)</script>\nafter `Map<K>` is fixed';
  report.branch.commits.push({ hash: 'c3d4e5f60718293a4b5c6d7e8f90123456789012', subject: 'fix `a|b` parsing \\| edge', body: '' });
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

test('process notes are listed', () => {
  assert.match(section(renderMarkdownReport(sampleReport()), 'Review Process Notes'), /- I2 could not be located at HEAD; it has no diagnostic\./);
});

test('the report ends with the resolution table from the ledger', () => {
  const resolution = section(renderMarkdownReport(sampleReport()), 'Resolution');
  const [table] = parsedTables(resolution);
  assert.deepEqual(table?.[1], ['2026-03-09', '2', '`9e8d7c6`', 'I1: Refund total ignores the fee', 'Fixed — its code is gone at 9e8d7c6']);
  const first = sampleReport();
  first.resolution = [];
  assert.match(section(renderMarkdownReport(first), 'Resolution'), /No finding of this branch has been fixed, declined or reopened yet\./);
});
