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

/** Markdown with each payload in a paragraph of its own, in a code block and in the link forms markdown has. */
export function hostileMarkdown(beaconOrigin: string): string {
  return [
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
    `\`\`\`html\n${scriptTag}\n${longLine}\n\`\`\``,
    longLine,
  ].join('\n\n');
}

export function hostileReport(beaconOrigin: string): ReviewReport {
  const line = hostileLine(beaconOrigin);
  const markdown = hostileMarkdown(beaconOrigin);
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
  report.branch.commits[0] = { hash: scriptTag, subject: line };
  report.verdict = line;
  report.summary = markdown;
  report.testingAssessments = [{ reviewerId: scriptTag, text: markdown }];
  report.documentationAssessments = [{ reviewerId: imgOnError, text: markdown }];
  report.designObservations = [{ kind: 'concern', scope: 'in-scope', title: line, body: markdown, reviewerIds: [scriptTag] }];
  report.notes = [line, longLine];
  const failed = report.reviewers[2];
  if (failed) Object.assign(failed, { error: `${line}\n${longLine}`, warnings: [line, longLine] });
  return reviewReportSchema.parse(report);
}
