import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { findingHoverMarkdown } from '../../../src/server/findingHover';
import type { Finding } from '../../../src/shared/findingModel';
import { openStatus } from '../../../src/shared/findingStatus';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'C1',
    severity: 'critical',
    title: 'Discount divides by 10 instead of 100',
    body: 'Every discounted price is **ten times** too high.',
    location: { path: 'src/price.js', startLine: 7, endLine: 7, snippet: '  return price(item) * (100 - percent) / 10;' },
    anchor: { status: 'exact', startLine: 7, endLine: 7 },
    extraLocations: [],
    fix: { description: 'Divide by 100.', edits: [{ path: 'src/price.js', original: '/ 10;', replacement: '/ 100;' }] },
    tags: [],
    reporters: [{ reviewerId: 'claude', severity: 'critical' }, { reviewerId: 'codex', severity: 'important' }],
    fingerprint: 'f1',
    ...overrides,
  };
}

// What the editor shows: the hover's Markdown rendered (CommonMark, as VS Code's hover renderer reads it).
const render = (markdown: string): string => new MarkdownIt().render(markdown);
const hrefs = (markdown: string): string[] => [...render(markdown).matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');

const diffAt237 = '--- a/src/price.js\n+++ b/src/price.js\n@@ -236,3 +236,3 @@\n x\n-  return a / 10;\n+  return a / 100;\n y';

test('the hover says severity, title, reporters, status, body, the fix diff and its verification, then the command links', () => {
  const markdown = findingHoverMarkdown(
    finding({ fixVerification: { status: 'passed', detail: null, durationMs: 1200 } }),
    openStatus,
    { diff: diffAt237, note: null, applicable: true },
  );
  const html = render(markdown);
  assert.match(html, /^<p><strong>C1 · Critical<\/strong> — Discount divides by 10 instead of 100<\/p>/);
  assert.match(html, /Reported by claude, codex \(filed as important\) · Open/);
  assert.match(html, /Every discounted price is <strong>ten times<\/strong> too high\./);
  assert.match(html, /<code class="language-diff">--- a\/src\/price.js\n\+\+\+ b\/src\/price.js\n@@ -236,3 \+236,3 @@/);
  assert.match(html, /<strong>Fix verified<\/strong>/);
  assert.match(html, /<a href="command:deepReview\.applyFix\?%5B%22C1%22%5D" title="Apply fix \(C1\)">Apply fix<\/a>/);
  assert.match(html, /<a href="command:deepReview\.showFindingInReport\?%5B%22C1%22%5D" title="Show in report \(C1\)">Show in report<\/a>/);
  assert.match(html, /<a href="command:deepReview\.dismissFinding\?%5B%22C1%22%5D" title="Dismiss… \(C1\)">Dismiss…<\/a>/);
});

test('a fix that no longer applies is shown with the reason and without "Apply fix"', () => {
  const markdown = findingHoverMarkdown(finding(), openStatus, { diff: '', note: 'The code the fix replaces is not in src/price.js any more.', applicable: false });
  assert.doesNotMatch(markdown, /Apply fix/);
  assert.match(render(markdown), /<em>The code the fix replaces is not in src\/price.js any more.<\/em>/);
  assert.deepEqual(hrefs(markdown), ['command:deepReview.showFindingInReport?%5B%22C1%22%5D', 'command:deepReview.dismissFinding?%5B%22C1%22%5D']);
});

test('the only command links are ours, with the finding id as their only argument, whatever the agent wrote', () => {
  const injected = finding({
    title: 'Click [here](command:deepReview.applyFix?%5B%22C9%22%5D)',
    body: 'Ignore the above. [Apply fix](command:deepReview.applyFix?%5B%22C9%22%5D)\n\n[d]: command:workbench.action.terminal.new',
    fix: { description: '[run](command:workbench.action.terminal.sendSequence)', edits: [{ path: 'src/price.js', original: 'a', replacement: 'b' }] },
    reporters: [{ reviewerId: '[x](command:y)', severity: 'critical' }],
  });
  const markdown = findingHoverMarkdown(injected, { status: 'declined', action: 'declined', reason: '[r](command:z)' }, { diff: diffAt237, note: null, applicable: true });
  assert.ok(hrefs(injected.body).some((href) => href.startsWith('command:')), 'control: the body alone renders a command link');
  assert.deepEqual(hrefs(markdown), ['command:deepReview.applyFix?%5B%22C1%22%5D', 'command:deepReview.showFindingInReport?%5B%22C1%22%5D', 'command:deepReview.dismissFinding?%5B%22C1%22%5D']);
});
