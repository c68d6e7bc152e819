import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import { renderSarifReport } from '../../../src/engine/report/sarifReport';
import type { FindingsNow } from '../../../src/engine/report/findingsMarkdown';
import { sampleHeadFiles, sampleReport } from '../../fixtures/sampleReport';

// An export from the editor is the report as the user sees it now: each finding's status and where it is now.

const now: FindingsNow = {
  statuses: {
    C1: { status: 'fixed', action: 'fix-applied', reason: null },
    I1: { status: 'declined', action: 'declined', reason: 'the fee is added by the caller' },
    S1: { status: 'fixed', action: 'likely-fixed', reason: null },
  },
  locations: { C1: null, I1: { startLine: 19, endLine: 19 } },
};

function section(markdown: string, id: string): string {
  const start = markdown.indexOf(`### ${id} — `);
  assert.ok(start >= 0, `${id} is in the report`);
  const end = markdown.indexOf('\n### ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

test('the Markdown export says each finding\'s status: fix applied, dismissed with the reason, likely fixed, open', () => {
  const markdown = renderMarkdownReport(sampleReport(), { now });
  assert.match(section(markdown, 'C1'), /\*\*Status:\*\* Fix applied/);
  assert.match(section(markdown, 'I1'), /\*\*Status:\*\* Declined: the fee is added by the caller/);
  assert.match(section(markdown, 'S1'), /\*\*Status:\*\* Likely fixed \(code edited\)/);
  assert.match(section(markdown, 'I2'), /\*\*Status:\*\* Open/);
});

test('the Markdown export gives the finding\'s line now when it moved, and says when its code is gone', () => {
  const report = sampleReport();
  const markdown = renderMarkdownReport(report, { now });
  const i1 = report.findings.find((finding) => finding.id === 'I1')!;
  assert.match(section(markdown, 'I1'), new RegExp(`\\*\\*Location:\\*\\* \`${i1.location.path}:19\` \\(line ${i1.anchor.startLine} at the reviewed commit\\)`));
  assert.match(section(markdown, 'C1'), /\(the code is no longer there\)/);
});

test('without the editor\'s view (the CLI) the Markdown has no status line', () => {
  assert.doesNotMatch(renderMarkdownReport(sampleReport()), /\*\*Status:\*\*/);
});

test('the SARIF export carries each status, and a dismissal as an accepted suppression with its reason', async () => {
  const log = await renderSarifReport(sampleReport(), { readFileAtHead: (path) => Promise.resolve(sampleHeadFiles[path] ?? null), toolVersion: '', statuses: now.statuses });
  const results = log.runs[0]?.results ?? [];
  const byId = (id: string) => results.find((result) => result.properties?.findingId === id);
  assert.equal(byId('C1')?.properties?.status, 'Fix applied');
  assert.deepEqual(byId('I1')?.suppressions, [{ kind: 'external', status: 'accepted', justification: 'the fee is added by the caller' }]);
  assert.equal(byId('I2')?.properties?.status, 'Open');
  assert.equal(byId('I2')?.suppressions, undefined);
});
