import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { composeCommentBody } from '../../../src/engine/github/prCommentBody';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import { agentMarkdown, singleLine, tableCell } from '../../../src/engine/report/markdownText';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';

// Agent, commit and pull-request text in the Markdown report (which is the PR comment body), rendered the way
// GitHub does: a real CommonMark parser with raw HTML ON. No HTML tag, comment or image from that text survives.

const hostileLines = [
  '<img src="https://x.test/?leak=tag">',
  '<!-- the rest of the report is hidden',
  '<details open><summary>Approved</summary>',
  '![](https://x.test/?leak=inline)',
  '![logo][beacon]',
  '[beacon]: https://x.test/?leak=reference',
  '`<img src="https://x.test/?leak=halfspan">``',
  '\\`<img src="https://x.test/?leak=escapedtick">`',
  '\\\\<img src="https://x.test/?leak=escapedslash">',
  '&lt;img src="https://x.test/?leak=entity"&gt;',
  '<https://x.test/?leak=autolink>',
  '<div>',
  '<img src="https://x.test/?leak=block">',
  '</div>',
];
const hostile = hostileLines.join('\n');
const hostileOneLine = hostileLines.join(' ');
/** Opens a code fence and never closes it: the rest of the report must not become code. */
const openFence = 'Look:\n\n```\n<img src="https://x.test/?leak=fence">';
const backtickRuns = 'const a = "```"; const b = "````";\n````\n<img src="https://x.test/?leak=snippet">';

function hostileReport(): ReviewReport {
  const report = sampleReport();
  report.summary = `${hostile}\n\n${openFence}`;
  for (const finding of report.findings) {
    finding.title = hostileOneLine;
    finding.body = `${hostile}\n\n${openFence}`;
    finding.tags = [hostileOneLine];
    finding.location.snippet = backtickRuns;
    if (finding.fix) {
      finding.fix.description = hostileOneLine;
      finding.fix.edits = finding.fix.edits.map((edit) => ({ ...edit, replacement: backtickRuns }));
    }
  }
  for (const observation of report.designObservations) {
    observation.title = hostileOneLine;
    observation.body = `${hostile}\n${openFence}`;
  }
  report.testing.consolidated = `${hostile}\n${openFence}`;
  report.testing.gaps = [{ risk: 'high', gap: hostile }];
  report.testing.byReviewer = report.testing.byReviewer.map((entry) => ({ ...entry, text: `${hostile}\n</details>\n${openFence}` }));
  report.documentation.consolidated = hostile;
  report.documentation.byReviewer = [{ reviewerId: 'claude', text: `${hostile}\n</details>` }];
  report.commitAssessment = `${hostile}\n${openFence}`;
  report.branch.commits = report.branch.commits.map((commit) => ({ ...commit, subject: hostileOneLine }));
  report.acknowledgedLimitations = [{ quote: hostileOneLine, source: hostileOneLine }];
  for (const run of report.reviewers) {
    run.narrative = `${hostile}\n${openFence}`;
    run.warnings = [hostile];
  }
  report.consolidation.rejected = report.consolidation.rejected.map((rejected) => ({ ...rejected, title: hostile, reason: hostile }));
  report.consolidation.severityChanges = report.consolidation.severityChanges.map((change) => ({ ...change, rationale: hostile }));
  if (report.pullRequest.available) {
    report.pullRequest.title = hostileOneLine;
    report.pullRequest.unresolvedThreads = report.pullRequest.unresolvedThreads.map((thread) => ({ ...thread, author: '<img src=x>', body: hostile }));
  }
  report.notes = [hostile];
  return report;
}

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

/** Every token, inline children included. */
function allTokens(markdown: string): Token[] {
  const flat: Token[] = [];
  const walk = (tokens: readonly Token[]): void => {
    for (const token of tokens) {
      flat.push(token);
      if (token.children) walk(token.children);
    }
  };
  walk(new MarkdownIt({ html: true, linkify: true }).parse(markdown, {}));
  return flat;
}

// What Deep Review itself writes as HTML: the folded reviewer assessments, line breaks in table cells, the comment's markers.
const ownHtml = [/^<details><summary>Each reviewer's assessment<\/summary>\s*$/, /^<\/details>\s*$/, /^<br>$/, /^<!-- deep-review:(report|ledger) v1[^]*-->\s*$/];

function assertInert(markdown: string): void {
  const tokens = allTokens(markdown);
  const html = tokens.filter((token) => token.type === 'html_block' || token.type === 'html_inline').map((token) => token.content);
  assert.deepEqual(html.filter((content) => !ownHtml.some((own) => own.test(content))), [], 'no raw HTML from agent text');
  assert.deepEqual(tokens.filter((token) => token.type === 'image').map((token) => token.attrGet('src')), [], 'no image');
  const rendered = new MarkdownIt({ html: true, linkify: true }).render(markdown);
  assert.doesNotMatch(rendered, /<img[\s>]|<!--(?! deep-review:)|<details open/);
  const headings = tokens.filter((token) => token.type === 'inline' && /^(Executive Summary|Suggestions|Design Observations|Testing Assessment|Documentation Assessment|Commit Structure|Acknowledged Limitations|Unresolved Feedback|Agent Performance Retro|Review Process Notes|Resolution)$/.test(token.content));
  assert.equal(headings.length, 11, 'an open fence or comment in agent text hides no later section');
}

test('control: the hostile text is live — pasted as it is, GitHub-style rendering shows images, raw HTML and a comment that hides the rest', () => {
  const fired = (markdown: string, type: string, content = ''): boolean => allTokens(markdown).some((token) => token.type === type && token.content.includes(content));
  assert.ok(fired(hostileLines[0]!, 'html_block', '<img'));
  assert.ok(fired(`${hostileLines[1]!}\n\n## After`, 'html_block', '## After'), 'an unclosed comment hides what follows');
  assert.ok(fired(hostileLines[2]!, 'html_block', '<details open>'));
  assert.ok(fired(hostileLines[3]!, 'image'));
  assert.ok(fired(`${hostileLines[4]!}\n\n${hostileLines[5]!}`, 'image'));
  assert.ok(fired(`x ${hostileLines[6]!} y`, 'html_inline', '<img'), 'a backtick run that closes nothing is no code span');
  assert.ok(fired(`x ${hostileLines[8]!}`, 'html_inline', '<img'));
  assert.ok(fired(hostileLines.slice(11).join('\n'), 'html_block', '<div>'));
  assert.equal(allTokens(`${openFence}\n\n## After`).some((token) => token.type === 'heading_open'), false, 'an open fence swallows the next heading');
});

test('the Markdown report renders no raw HTML, comment or image from agent, commit or pull-request text', () => {
  assertInert(renderMarkdownReport(hostileReport()));
});

test('the PR comment body is as inert, its own markers aside', () => {
  const { body } = composeCommentBody({ markdown: renderMarkdownReport(hostileReport()), ledger: { findings: [] }, fullReportHint: 'the artifacts' });
  assertInert(body);
});

test('images become links, tags and comments text, and code keeps its text', () => {
  assert.equal(agentMarkdown('![x](https://x.test/a.png) and [doc](https://x.test/?q=1)'), '\\![x](https://x.test/a.png) and [doc](https://x.test/?q=1)');
  assert.equal(singleLine('Use `Map<K, V>` not <b>Object</b>'), 'Use `Map<K, V>` not &lt;b>Object&lt;/b>');
  assert.equal(agentMarkdown('```ts\nconst x: Array<number> = [];\n```\n<b>'), '```ts\nconst x: Array<number> = [];\n```\n&lt;b>');
  assert.equal(agentMarkdown('~~~\n<b>'), '~~~\n<b>\n~~~', 'an open fence is closed');
  assert.equal(tableCell('a ![i](u) `x|<y>` <z>'), 'a \\![i](u) `x\\|<y>` &lt;z>');
  const rendered = new MarkdownIt({ html: true }).renderInline(agentMarkdown('![x](https://x.test/a.png)'));
  assert.equal(rendered, '!<a href="https://x.test/a.png">x</a>');
});

test('an @mention in agent text notifies nobody on GitHub; e-mail addresses and code stay as written', () => {
  assert.equal(agentMarkdown('cc @octocat and @my-org/reviewers, mail a@b.test, `@decorator`'), 'cc @\u2060octocat and @\u2060my-org/reviewers, mail a@b.test, `@decorator`');
  assert.equal(singleLine('(@octocat)'), '(@\u2060octocat)');
  assert.equal(tableCell('@octocat'), '@\u2060octocat');
});
