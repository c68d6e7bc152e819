import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { redactLedger, redactReport } from '../../../src/engine/redaction/redactReport';
import { SecretRedactor } from '../../../src/engine/redaction/secretRedactor';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import { writeReportFiles } from '../../../src/engine/report/reportFiles';
import { renderSarifReport } from '../../../src/engine/report/sarifReport';
import { emptyLedger, ledgerSchema } from '../../../src/shared/ledgerModel';
import { reviewReportSchema, type ReviewReport } from '../../../src/shared/reportModel';
import { sampleHeadFiles, sampleReport } from '../../fixtures/sampleReport';
import { findingIn, reconcile } from '../storage/ledgerFixtures';

const apiKey = 'Zx81-OpenAiKeyOfTheUser-Qw42Lm';
const ghToken = ['gh', 'p_', 'PlantedHostsToken7Qx2Lm9Vb4Nc8Rt1Yz5Kp3'].join('');
const redactor = new SecretRedactor([{ value: apiKey, source: 'OPENAI_API_KEY' }]);

/** The sample report with a prompt-injected reviewer's quotes of the key and a token in many of its texts. */
function leakyReport(): ReviewReport {
  const report = sampleReport();
  const [c1, i1, i2] = report.findings;
  c1!.title = `Key in environment: OPENAI_API_KEY=${apiKey}`;
  c1!.body = `The gh config holds ${ghToken}.`;
  i2!.location.snippet = `const key = "${apiKey}";`;
  i1!.fix!.edits[0]!.replacement = `  const token = "${ghToken}";\n`;
  report.reviewers[0]!.narrative = `Quoted ${apiKey} from env.`;
  report.branch.commits[0]!.body = `Token: ${ghToken}`;
  report.notes.push(`Reviewer printed ${Buffer.from(apiKey).toString('base64')}`);
  return reviewReportSchema.parse(report);
}

test('every text of the report is redacted, with a note that says where and what, never the value', () => {
  const redacted = redactReport(leakyReport(), redactor);
  const json = JSON.stringify(redacted);

  assert.ok(!json.includes(apiKey) && !json.includes(ghToken) && !json.includes(Buffer.from(apiKey).toString('base64')));
  assert.equal(redacted.findings[0]!.title, 'Key in environment: OPENAI_API_KEY=[REDACTED OPENAI_API_KEY]');
  assert.equal(redacted.findings[0]!.body, 'The gh config holds [REDACTED GitHub token].');
  assert.equal(redacted.findings[2]!.location.snippet, 'const key = "[REDACTED OPENAI_API_KEY]";');
  assert.deepEqual(redacted.redactions, [
    { where: 'C1 title', found: ['OPENAI_API_KEY'] },
    { where: 'C1 body', found: ['GitHub token'] },
    { where: 'I1 fix', found: ['GitHub token'], fixDropped: true },
    { where: 'I2 snippet', found: ['OPENAI_API_KEY'] },
    { where: 'commit messages', found: ['GitHub token'] },
    { where: 'reviewer claude narrative', found: ['OPENAI_API_KEY'] },
    { where: 'notes', found: ['OPENAI_API_KEY'] },
  ]);
  assert.match(redacted.notes.at(-1)!, /^Secrets were redacted from this report \(GitHub token, OPENAI_API_KEY\) in: C1 title; C1 body; I1 fix \(the fix is left out\); I2 snippet; commit messages; reviewer claude narrative; notes\./);
  reviewReportSchema.parse(redacted);
});

test('a fix holding a secret is left out, not altered (an altered fix would not apply); other fixes stay as they were', () => {
  const original = leakyReport();
  const redacted = redactReport(original, redactor);
  assert.equal(redacted.findings[1]!.fix, null);
  assert.deepEqual(redacted.findings[0]!.fix, original.findings[0]!.fix);
  assert.deepEqual(redacted.findings[3]!.fix, original.findings[3]!.fix);
});

test('ids, fingerprints, the branch and commits are never rewritten, so the round is stored and matched as before', () => {
  const original = leakyReport();
  const redacted = redactReport(original, redactor);
  assert.deepEqual(redacted.findings.map((finding) => [finding.id, finding.fingerprint]), original.findings.map((finding) => [finding.id, finding.fingerprint]));
  assert.equal(redacted.branch.branch, original.branch.branch);
  assert.equal(redacted.branch.head, original.branch.head);
});

test('a report without secrets comes back as it is, and redacting twice adds nothing', () => {
  const clean = sampleReport();
  assert.equal(redactReport(clean, redactor), clean);
  const once = redactReport(leakyReport(), redactor);
  assert.equal(redactReport(once, redactor), once);
});

test('the Markdown report and the SARIF run say what was redacted where', async () => {
  const redacted = redactReport(leakyReport(), redactor);
  assert.match(renderMarkdownReport(redacted), /Secrets were redacted from this report \(GitHub token, OPENAI_API_KEY\) in: C1 title; C1 body; I1 fix \(the fix is left out\)/);
  const sarif = await renderSarifReport(redacted, { readFileAtHead: (file) => Promise.resolve(sampleHeadFiles[file] ?? null), toolVersion: '0.1.0' });
  assert.deepEqual(sarif.runs[0]!.properties?.redactions, redacted.redactions);
});

test('report files written from an unredacted report (not from a review) are redacted by the writer too', async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-redact-'));
  try {
    const report = sampleReport();
    report.findings[0]!.body = `Leaked ${ghToken}`;
    const files = await writeReportFiles(report, outDir, ['md', 'json']);
    for (const file of files) assert.ok(!fs.readFileSync(file, 'utf8').includes(ghToken), file);
    const json = reviewReportSchema.parse(JSON.parse(fs.readFileSync(files[1]!, 'utf8')));
    assert.deepEqual(json.redactions, [{ where: 'C1 body', found: ['GitHub token'] }]);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});

test("the ledger's titles and snippets are redacted (it is stored and embedded in the PR comment); its fingerprints and branch are not", async () => {
  const files = { 'src/config.ts': `export const key = "${apiKey}";\n` };
  const finding = findingIn(files, { id: 'C1', title: `Hard-coded ${apiKey}`, path: 'src/config.ts', snippet: `export const key = "${apiKey}";` });
  const { ledger } = await reconcile(emptyLedger('feature/keys'), 1, files, [finding]);

  const redacted = ledgerSchema.parse(redactLedger(ledger, redactor));

  assert.ok(!JSON.stringify(redacted).includes(apiKey));
  assert.equal(redacted.entries[0]!.title, 'Hard-coded [REDACTED OPENAI_API_KEY]');
  assert.equal(redacted.entries[0]!.fingerprint, ledger.entries[0]!.fingerprint);
  assert.equal(redacted.branch, 'feature/keys');
});
