import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { Log } from 'sarif';
import { createCommitFileReader } from '../../../src/engine/git/commitFileReader';
import { writeReportFiles } from '../../../src/engine/report/reportFiles';
import type { Finding } from '../../../src/shared/findingModel';
import { childProcesses, noChildProcessesLeft } from '../git/childProcesses';
import { tempDir, tempRepo } from '../git/gitTestSupport';
import { finding, sarifTestReport } from './sarifTestData';

// The Export command (src/server/reportExport.ts) and the CLI hand writeReportFiles a createCommitFileReader
// for the reviewed commit: every file the fixes edit is read through one git process, gone after the export.

const fileCount = 60;
const pathOf = (at: number): string => `src/module ${at % 6}/file-${at}.ts`;
const textOf = (at: number): string => `export const value${at} = compute(${at});\r\n`;

function fixFinding(at: number): Finding {
  return finding({
    id: `S${at + 1}`,
    severity: 'suggestion',
    title: `Name value ${at}`,
    location: { path: pathOf(at), startLine: 1, endLine: 1, snippet: `export const value${at} = compute(${at});` },
    fix: { description: 'Rename.', edits: [{ path: pathOf(at), original: `value${at} =`, replacement: `named${at} =` }] },
  });
}

test('an export reads every fixed file through one git process, places every fix, and leaves no process', async (t) => {
  const repo = tempRepo(t, Object.fromEntries(Array.from({ length: fileCount }, (_, at) => [pathOf(at), textOf(at)])));
  const findings = Array.from({ length: fileCount }, (_, at) => fixFinding(at));
  const sample = sarifTestReport();
  const report = { ...sarifTestReport(findings), branch: { ...sample.branch, repoRoot: repo.root, head: repo.git('rev-parse', 'HEAD') } };
  repo.write({ [pathOf(0)]: 'changed after the review\n' });
  const outDir = tempDir(t);
  assert.ok(await noChildProcessesLeft(), 'no git process of the set-up is left');

  // Watch the git processes while the export reads: every read is made with its own sighting of them.
  const reader = createCommitFileReader(repo.root, report.branch.head);
  const seen = new Set<number>();
  let reads = 0;
  const readFileAtHead = async (repoPath: string): Promise<string | null> => {
    const text = reader(repoPath);
    reads += 1;
    for (const pid of childProcesses()) seen.add(pid);
    return text;
  };
  const [sarifFile] = await writeReportFiles(report, outDir, ['sarif'], { sarif: { readFileAtHead, toolVersion: '0.1.0' } });

  assert.equal(reads, fileCount);
  assert.equal(seen.size, 1, `one git process for ${fileCount} files`);
  assert.ok(await noChildProcessesLeft(), 'the git process is gone after the export');
  const log = JSON.parse(fs.readFileSync(sarifFile!, 'utf8')) as Log;
  const results = log.runs[0]?.results ?? [];
  assert.equal(results.filter((result) => result.fixes?.length === 1).length, fileCount, 'every fix placed against the committed file');
  const first = results[0]?.fixes?.[0]?.artifactChanges[0]?.replacements[0];
  assert.deepEqual(first?.deletedRegion, { startLine: 1, startColumn: 14, endLine: 1, endColumn: 22, snippet: { text: 'value0 =' } });
});
