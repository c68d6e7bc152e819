import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { reportBaseName, writeReportFiles } from '../../../src/engine/report/reportFiles';
import { reviewReportSchema, type ReviewReport } from '../../../src/shared/reportModel';
import type { Log } from 'sarif';
import { sampleHeadFiles, sampleReport } from '../../fixtures/sampleReport';

let outDir: string;

beforeEach(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-report-'));
});

afterEach(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
});

test('writes Markdown and JSON named after the branch and round', async () => {
  const written = await writeReportFiles(sampleReport(), outDir, ['md', 'json']);
  assert.deepEqual(written, [
    path.join(outDir, 'deep-review-feature-refund-batches-round2.md'),
    path.join(outDir, 'deep-review-feature-refund-batches-round2.json'),
  ]);
  assert.deepEqual(fs.readdirSync(outDir).sort(), ['deep-review-feature-refund-batches-round2.json', 'deep-review-feature-refund-batches-round2.md']);
  assert.match(fs.readFileSync(written[0]!, 'utf8'), /^# Deep Review: 20260309-140731-pr-41\n/);
});

test('the JSON file reads back as the same, valid report', async () => {
  const [jsonFile] = await writeReportFiles(sampleReport(), outDir, ['json']);
  const parsed = reviewReportSchema.parse(JSON.parse(fs.readFileSync(jsonFile!, 'utf8')));
  assert.deepEqual(parsed, sampleReport());
});

test('writes SARIF as <base>.sarif, with fixes placed against the files at HEAD', async () => {
  const readFileAtHead = (repoPath: string): Promise<string | null> => Promise.resolve(sampleHeadFiles[repoPath] ?? null);
  const written = await writeReportFiles(sampleReport(), outDir, ['md', 'sarif'], { sarif: { readFileAtHead, toolVersion: '0.1.0' } });
  assert.deepEqual(written, [
    path.join(outDir, 'deep-review-feature-refund-batches-round2.md'),
    path.join(outDir, 'deep-review-feature-refund-batches-round2.sarif'),
  ]);
  const log = JSON.parse(fs.readFileSync(written[1]!, 'utf8')) as Log;
  assert.equal(log.version, '2.1.0');
  const results = log.runs[0]?.results ?? [];
  assert.deepEqual(results.map((result) => String(result.properties?.findingId)), sampleReport().findings.map((finding) => finding.id));
  assert.equal(results[0]?.fixes?.[0]?.artifactChanges[0]?.replacements[0]?.deletedRegion.startLine, 9);
});

test('asking for SARIF without a way to read files at HEAD writes no file at all', async () => {
  await assert.rejects(writeReportFiles(sampleReport(), outDir, ['md', 'sarif']), /SARIF report needs the files at the reviewed commit/);
  assert.deepEqual(fs.readdirSync(outDir), []);
});

test('creates the output folder and writes only the formats asked for', async () => {
  const nested = path.join(outDir, 'reports', 'deep-review');
  const written = await writeReportFiles(sampleReport(), nested, ['md', 'md']);
  assert.deepEqual(written, [path.join(nested, 'deep-review-feature-refund-batches-round2.md')]);
  assert.deepEqual(fs.readdirSync(nested), ['deep-review-feature-refund-batches-round2.md']);
});

test('replaces an earlier report of the same round', async () => {
  const target = path.join(outDir, 'deep-review-feature-refund-batches-round2.md');
  fs.writeFileSync(target, 'stale');
  await writeReportFiles(sampleReport(), outDir, ['md']);
  assert.match(fs.readFileSync(target, 'utf8'), /^# Deep Review/);
});

test('refuses an invalid report without writing anything', async () => {
  const invalid = { ...sampleReport(), round: 0 } as ReviewReport;
  await assert.rejects(writeReportFiles(invalid, outDir, ['md', 'json']), /report is invalid.*round/);
  assert.deepEqual(fs.readdirSync(outDir), []);
});

test('a write failure names the file and leaves no partial or temporary file behind', async () => {
  // A folder where the report file should go makes the final rename fail after the temp file is written.
  const blocked = path.join(outDir, 'deep-review-feature-refund-batches-round2.json');
  fs.mkdirSync(blocked);
  fs.writeFileSync(path.join(blocked, 'keep'), 'x');
  await assert.rejects(writeReportFiles(sampleReport(), outDir, ['json']), (error: Error) => {
    assert.match(error.message, /Could not write the review report to .*round2\.json: .*Check that the folder is writable/);
    return true;
  });
  assert.deepEqual(fs.readdirSync(outDir), ['deep-review-feature-refund-batches-round2.json']);
});

test('an output path that is a file gives a clear error', async () => {
  const file = path.join(outDir, 'not-a-folder');
  fs.writeFileSync(file, '');
  await assert.rejects(writeReportFiles(sampleReport(), file, ['md']), /Could not write the review report to .*not-a-folder/);
});

test('branch names become safe file names', () => {
  const name = (branch: string, round = 1): string => reportBaseName({ round, branch: { branch } });
  assert.equal(name('feature/refund-batches', 3), 'deep-review-feature-refund-batches-round3');
  assert.equal(name('../../etc/passwd'), 'deep-review-etc-passwd-round1');
  assert.equal(name('user/ümlaut fix:1'), 'deep-review-user-mlaut-fix-1-round1');
  assert.equal(name('///'), 'deep-review-branch-round1');
});
