import { reviewReportSchema, type ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';

// A report whose every agent-written field tries to run script, load something or restyle the page.
// Any of these that works sets window.__pwned, hits the beacon server or hides the page.

export const scriptTag = '<script>window.__pwned=1</script>';
export const imgOnError = '<img src=x onerror="window.__pwned=2">';
export const javascriptLink = '[click](javascript:window.__pwned=3)';
const dataLink = '[data](data:text/html,<script>alert(1)</script>)';
const styleTag = '<style>body{display:none}</style>';
const rawAnchor = '<a href="http://evil">evil</a>';
/** One line with no break opportunity, as agents quote minified code. */
export const longLine = 'x'.repeat(200_000);

/** Every payload in one plain line: what a title or other text-only field could carry. */
export function hostileLine(beaconOrigin: string): string {
  return [scriptTag, imgOnError, javascriptLink, dataLink, styleTag, `![beacon](${beaconOrigin}/beacon.png)`, rawAnchor].join(' ');
}

/**
 * Markdown with each payload in a paragraph of its own, in a code block and in the link forms markdown has;
 * with `longLines`, also a 200 000-character line in the code block and in a paragraph.
 */
export function hostileMarkdown(beaconOrigin: string, longLines = true): string {
  const payloads = [
    scriptTag,
    imgOnError,
    javascriptLink,
    dataLink,
    styleTag,
    `![beacon](${beaconOrigin}/beacon.png)`,
    `![ref beacon][pixel]\n\n[pixel]: ${beaconOrigin}/ref-beacon.png`,
    rawAnchor,
    '<javascript:window.__pwned=4>',
    '[ref][js]\n\n[js]: javascript:window.__pwned=5',
    '[tab](java\tscript:window.__pwned=6) [entity](jav&#x61;script:window.__pwned=7)',
    `<iframe src="${beaconOrigin}/frame"></iframe>`,
    '[docs](https://example.invalid/docs) and [top](#summary)',
  ];
  const tail = longLines ? [`\`\`\`html\n${scriptTag}\n${longLine}\n\`\`\``, longLine] : [`\`\`\`html\n${scriptTag}\n\`\`\``];
  return [...payloads, ...tail].join('\n\n');
}

export function hostileReport(beaconOrigin: string): ReviewReport {
  const line = hostileLine(beaconOrigin);
  const markdown = hostileMarkdown(beaconOrigin);
  // Most fields get the payloads without the 200 000-character lines, to keep the page quick to lay out.
  const shortMarkdown = hostileMarkdown(beaconOrigin, false);
  const report = sampleReport();
  const hostilePath = `src/${scriptTag}/${imgOnError}.ts`;
  const [first, second] = report.findings;
  if (!first?.fix || !second) throw new Error('the sample report changed: it needs two findings, the first with a fix');
  Object.assign(first, {
    title: line,
    body: markdown,
    location: { ...first.location, path: hostilePath, snippet: `${line}\n${longLine}\n` },
    fix: {
      description: line,
      edits: [{ path: hostilePath, original: `${line}\n`, replacement: `${longLine} ${line}\n` }],
    },
    tags: [scriptTag, imgOnError],
    reporters: [{ reviewerId: scriptTag, severity: 'critical' }],
  });
  Object.assign(second, { title: `${longLine} ${scriptTag}`, body: longLine, location: { ...second.location, snippet: longLine }, tags: [longLine] });
  report.branch.branch = line;
  report.branch.repoName = imgOnError;
  report.branch.commits[0] = { hash: scriptTag, subject: line, body: line };
  report.branch.files[0] = { path: hostilePath, additions: 1, deletions: 0, previousPath: line };
  report.pullRequest = {
    available: true,
    number: 41,
    title: line,
    author: scriptTag,
    // Not plain https URLs: each must show as text, never as a link.
    url: 'https://example.invalid/pr" onmouseover="window.__pwned=12',
    body: shortMarkdown,
    baseRefName: line,
    headRefName: line,
    state: 'OPEN',
    isDraft: true,
    headRefOid: scriptTag,
    headMatchesReview: false,
    unresolvedThreads: [
      { path: hostilePath, line: 3, author: imgOnError, body: `${line}\n\n${longLine}`, url: 'javascript:window.__pwned=13', isOutdated: true, replies: 2 },
      { path: null, line: null, author: scriptTag, body: shortMarkdown, url: `${beaconOrigin}/thread`, isOutdated: false, replies: 0 },
    ],
    threadsRead: 2,
    threadsTotal: 9,
    threadsProblem: line,
  };
  report.verdict = line;
  report.summary = markdown;
  report.testing = {
    consolidated: shortMarkdown,
    gaps: [
      { risk: 'low', gap: longLine },
      { risk: 'high', gap: shortMarkdown },
    ],
    byReviewer: [{ reviewerId: scriptTag, text: shortMarkdown }],
  };
  report.documentation = { consolidated: shortMarkdown, byReviewer: [{ reviewerId: imgOnError, text: shortMarkdown }] };
  report.commitAssessment = shortMarkdown;
  report.acknowledgedLimitations = [{ quote: line, source: imgOnError }];
  report.designObservations = [{ kind: 'concern', scope: 'in-scope', title: line, body: shortMarkdown, reviewerIds: [scriptTag] }];
  report.notes = [line, longLine, shortMarkdown];
  report.resolution = [{ ...report.resolution[0]!, title: line, reason: imgOnError, commit: scriptTag }];
  const [claude, codex, failed] = report.reviewers;
  if (!claude || !codex || !failed) throw new Error('the sample report changed: it needs three reviewers');
  Object.assign(claude, { narrative: markdown, filesRead: [hostilePath, line] });
  Object.assign(codex, { narrative: line, reviewerId: scriptTag });
  Object.assign(failed, { error: `${line}\n${longLine}`, warnings: [line, longLine] });
  report.consolidation = {
    mode: 'deterministic',
    consolidator: {
      reviewerId: imgOnError,
      cli: 'claude',
      model: scriptTag,
      effort: line,
      status: 'failed',
      error: `${line}\n${longLine}`,
      stats: { durationMs: 1_000, turns: 1, toolCalls: { [scriptTag]: 1 }, inputTokens: null, outputTokens: null, costUsd: null },
      warnings: [line],
      retry: { reason: 'invalid-answer', detail: line, rerunSucceeded: false },
    },
    fallbackReason: line,
    severityChanges: [{ findingId: 'I2', from: 'critical', to: 'important', rationale: `${line} ${longLine}` }],
    rejected: [{ title: line, path: hostilePath, startLine: 3, severity: 'important', reviewerIds: [scriptTag, imgOnError], reason: `${line}\n${longLine}` }],
  };
  return reviewReportSchema.parse(report);
}
