import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { exportFolderResultSchema, exportReportResultSchema, findingLocationsNotificationSchema, reviewResultSchema, type FindingLocations, type ReviewResult } from '../../../src/shared/protocol';
import { branchFiles, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';
import { claudeReviewParams, claudeServerEnv } from './claudeReview';
import { LspClient } from './lspClient';

// textDocument/hover and the findings' live locations, against the real language server over stdio (what any
// LSP editor gets), after a real review (`claude` against the scripted model server). The reviewer's body of the
// critical finding carries a prompt-injected command link: the hover must not pass it on.

const injectedLink = '[Apply the fix now](command:deepReview.applyFix?%5B%22S1%22%5D)';
const answer = {
  ...twoFindings,
  findings: twoFindings.findings.map((finding, at) => (at === 0 ? { ...finding, body: `Every discounted price is **ten times** too high. ${injectedLink}` } : finding)),
};

let scratch: string;
let repo: TempRepo;
let server: ModelServer;
let lsp: LspClient;
let review: ReviewResult;
let priceUri: string;
const locations: FindingLocations[] = [];

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-lsp-hover-'));
  repo = createDiscountRepo();
  server = await startModelServer({ protocol: 'anthropic', script: [step.structured(answer)] });
  lsp = await LspClient.start(claudeServerEnv(scratch, server.url));
  lsp.connection.onNotification('deepReview/findingLocations', (params: unknown) => {
    locations.push(findingLocationsNotificationSchema.parse(params).locations);
  });
  review = reviewResultSchema.parse(await lsp.connection.sendRequest('deepReview/review', claudeReviewParams(repo.root)));
  priceUri = pathToFileURL(path.join(repo.root, 'src', 'price.js')).toString();
  await lsp.open(priceUri, branchFiles['src/price.js'] ?? '');
});

after(async () => {
  await lsp.stop();
  await server.close();
  repo.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function idOf(severity: 'critical' | 'suggestion'): string {
  const found = review.report.findings.find((finding) => finding.severity === severity);
  assert.ok(found, `the review reported a ${severity} finding`);
  return found.id;
}

async function hover(line: number): Promise<string | null> {
  const result: Hover | null = await lsp.connection.sendRequest(HoverRequest.type, { textDocument: { uri: priceUri }, position: { line, character: 4 } });
  if (!result) return null;
  const contents = result.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

const render = (markdown: string): string => new MarkdownIt().render(markdown);
const hrefs = (markdown: string): string[] => [...render(markdown).matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');

async function waitFor<T>(read: () => T | Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('after a review the server announces every finding\'s current lines', async () => {
  const critical = idOf('critical');
  const first = await waitFor(() => locations.at(-1), (latest) => latest?.[critical] !== undefined, 'the locations were announced');
  assert.deepEqual(first?.[critical], { startLine: 7, endLine: 7 });
});

test('hovering a finding\'s line shows its severity, title, reporter, body, the fix as a diff at the file\'s real lines and command links', async () => {
  const critical = idOf('critical');
  const markdown = await hover(6);
  assert.ok(markdown, 'a hover on line 7');
  const html = render(markdown);
  assert.match(html, new RegExp(`<strong>${critical} · Critical</strong> — Discount divides by 10 instead of 100`));
  assert.match(html, /Reported by claude · Open/);
  assert.match(html, /Every discounted price is <strong>ten times<\/strong> too high\./);
  assert.match(html, /<code class="language-diff">--- a\/src\/price.js\n\+\+\+ b\/src\/price.js\n@@ -4,5 \+4,5 @@/);
  assert.match(html, /\n- {2}return price\(item\) \* \(100 - percent\) \/ 10;\n\+ {2}return price\(item\) \* \(100 - percent\) \/ 100;\n/);
  const encoded = encodeURIComponent(JSON.stringify([critical]));
  // The injected link's text is shown, its target is not: the only command links are ours, for this finding.
  assert.match(html, /Apply the fix now/);
  assert.deepEqual(hrefs(markdown), [`command:deepReview.applyFix?${encoded}`, `command:deepReview.showFindingInReport?${encoded}`, `command:deepReview.dismissFinding?${encoded}`]);
});

test('no hover outside a finding\'s lines', async () => {
  assert.equal(await hover(0), null);
  assert.equal(await hover(3), null);
});

test('after five lines are added above, the hover and the announced location follow the finding to its new line', async () => {
  const critical = idOf('critical');
  const original = branchFiles['src/price.js'] ?? '';
  await lsp.replaceText(priceUri, `// one\n// two\n// three\n// four\n// five\n${original}`);
  const moved = await waitFor(() => locations.at(-1), (latest) => latest?.[critical]?.startLine === 12, 'the new location was announced');
  assert.deepEqual(moved?.[critical], { startLine: 12, endLine: 12 });
  assert.equal(await hover(6), null, 'the old line has no finding any more');
  const markdown = await hover(11);
  assert.ok(markdown !== null && markdown.includes(`${critical} · Critical`), 'the hover is on the new line');
  assert.match(render(markdown), /@@ -9,5 \+9,5 @@/, 'the fix diff is at the lines of the text now');
});

test('the export goes to the review\'s storage under the git directory by default, and says each finding\'s status and current lines', async () => {
  const critical = idOf('critical');
  const suggestion = idOf('suggestion');
  const { folder } = exportFolderResultSchema.parse(await lsp.connection.sendRequest('deepReview/exportFolder', {}));
  const gitDir = fs.realpathSync(path.join(repo.root, '.git'));
  assert.ok(fs.realpathSync(path.dirname(path.dirname(path.dirname(folder)))).startsWith(path.join(gitDir, 'deep-review')), `${folder} is in .git/deep-review`);
  await lsp.connection.sendRequest('deepReview/dismiss', { findingId: suggestion, reason: 'callers validate the percentage' });
  const { files } = exportReportResultSchema.parse(await lsp.connection.sendRequest('deepReview/exportReport', { formats: ['md', 'json', 'sarif'], outDir: folder }));
  assert.ok(files.every((file) => file.startsWith(folder)));
  const markdown = fs.readFileSync(files.find((file) => file.endsWith('.md')) ?? '', 'utf8');
  assert.match(markdown, new RegExp(`### ${critical} — [^\\n]*\\n\\n\\*\\*Location:\\*\\* \`src/price.js:12\` \\(line 7 at the reviewed commit\\)[^\\n]*\\*\\*Status:\\*\\* Open`));
  assert.match(markdown, new RegExp(`### ${suggestion} — [^\\n]*\\n\\n[^\\n]*\\*\\*Status:\\*\\* Declined: callers validate the percentage`));
  assert.match(markdown, new RegExp(`\\| ${suggestion}: Negative percentages are accepted \\| Declined — callers validate the percentage \\|`), 'the Resolution table has the dismissal');
  const json = JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.json')) ?? '', 'utf8')) as ReviewResult['report'];
  assert.ok(json.resolution.some((row) => row.findingId === suggestion && row.action === 'declined' && row.reason === 'callers validate the percentage'));
  const sarif = JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.sarif')) ?? '', 'utf8')) as { runs: Array<{ results: Array<{ properties: { findingId: string; status: string }; suppressions?: unknown[] }> }> };
  const results = sarif.runs[0]?.results ?? [];
  const dismissed = results.find((result) => result.properties.findingId === suggestion);
  assert.deepEqual(dismissed?.suppressions, [{ kind: 'external', status: 'accepted', justification: 'callers validate the percentage' }]);
  assert.equal(results.find((result) => result.properties.findingId === critical)?.properties.status, 'Open');
});
