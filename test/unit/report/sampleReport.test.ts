import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorSnippet } from '../../../src/engine/findings/anchorSnippet';
import { planFix } from '../../../src/engine/fixes/planFix';
import { decideVerdict } from '../../../src/engine/report/verdict';
import { sampleHeadFiles, sampleReport } from '../../fixtures/sampleReport';

// Other suites (webview, CLI) build on the sample report; these checks keep it truthful.

const headText = (path: string): string | null => sampleHeadFiles[path] ?? null;

test('every finding of the sample report is anchored where its snippet really is at HEAD', () => {
  for (const finding of sampleReport().findings) {
    const text = headText(finding.location.path);
    const anchor = text === null ? null : anchorSnippet(text, finding.location.snippet, finding.location.startLine, finding.location.endLine);
    assert.deepEqual(anchor ?? { status: 'unanchored', startLine: finding.location.startLine, endLine: finding.location.endLine }, finding.anchor, finding.id);
  }
});

test('every fix of the sample report applies cleanly to the HEAD files', () => {
  for (const finding of sampleReport().findings) {
    if (!finding.fix) continue;
    assert.equal(planFix(finding.fix, headText, finding.anchor.startLine).kind, 'ready', finding.id);
  }
});

test('the sample verdict is the one the findings give', () => {
  const report = sampleReport();
  assert.equal(report.verdict, decideVerdict(report.findings));
});
