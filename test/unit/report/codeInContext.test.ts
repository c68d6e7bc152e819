import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withFixStatusAtHead } from '../../../src/engine/fixes/fixAtHead';
import { withCodeInContext } from '../../../src/engine/report/codeInContext';
import { renderFinding } from '../../../src/engine/report/findingsMarkdown';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import { sampleReport } from '../../fixtures/sampleReport';

// Code in context and fix diffs at the reviewed commit's real lines, as every format shows them.

const file = Array.from({ length: 40 }, (_, index) => `line ${index + 1}`);
file[14] = '  for (let start = 0; start <= refunds.length; start += size) {';
file[15] = '    batches.push(refunds.slice(start, start + size));';
const text = `${file.join('\n')}\n`;
const read = (path: string): Promise<string | null> => Promise.resolve(path === 'src/refunds/batchRefunds.ts' ? text : null);

async function i1() {
  const finding = sampleReport().findings.find((candidate) => candidate.id === 'I1');
  assert.ok(finding);
  const [placed] = await withCodeInContext(await withFixStatusAtHead([finding], read), read, 3);
  assert.ok(placed);
  return placed;
}

test('a finding carries its lines with N lines of context either side, read from the reviewed commit', async () => {
  const finding = await i1();
  assert.deepEqual(finding.codeContext, { startLine: 12, lines: file.slice(11, 19) });
});

test('the Markdown shows the context numbered, the named lines marked, and the fix diff at the real lines', async () => {
  const markdown = renderFinding(await i1());
  assert.match(markdown, /^ 12 {2}line 12$/m);
  assert.match(markdown, /^▶15 {4}for \(let start = 0; start <= refunds.length; start \+= size\) \{$/m);
  assert.match(markdown, /^▶16 {6}batches.push/m);
  assert.match(markdown, /^@@ -12,7 \+12,7 @@$/m, 'not @@ -1,3 +1,7 @@');
});

test('a finding that could not be located has no context, and a fix that does not apply at HEAD no diff of its own', async () => {
  const finding = sampleReport().findings.find((candidate) => candidate.anchor.status === 'unanchored');
  assert.ok(finding);
  const [placed] = await withCodeInContext([finding], read, 3);
  assert.equal(placed?.codeContext, undefined);
  assert.equal(placed?.fixDiff, undefined);
});

test('without a pull request the header names the authors from the commits', () => {
  const report = sampleReport();
  const withoutPr = { ...report, pullRequest: { available: false as const, reason: 'gh is not installed' }, branch: { ...report.branch, commits: report.branch.commits.map((commit, index) => ({ ...commit, author: index === 0 ? 'Ana Díaz' : 'Bo Li' })) } };
  assert.match(renderMarkdownReport(withoutPr), /^\| Author \| Ana Díaz(, Bo Li)? \(from the commits\) \|$/m);
});
