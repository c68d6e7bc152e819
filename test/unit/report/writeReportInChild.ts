// Run by reportWriteFaults.test.ts in a child process, for faults the test process cannot cause in
// itself: a full disk (a small tmpfs in a private mount namespace, gone when this process ends) and a
// user who may not write the folder. Usage: <outDir> <formats,comma-separated> [earlier-file=content]...
// Prints what happened and what the folder holds afterwards as one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import { ReviewError } from '../../../src/engine/errors';
import { writeReportFiles, type ReportFormat } from '../../../src/engine/report/reportFiles';
import { sampleReport } from '../../fixtures/sampleReport';

async function main(): Promise<void> {
  const [outDir = '', formats = '', ...earlier] = process.argv.slice(2);
  for (const entry of earlier) {
    const [name = '', content = ''] = entry.split('=');
    fs.writeFileSync(path.join(outDir, name), content);
  }
  let error: { code: string | null; message: string } | null = null;
  try {
    await writeReportFiles(sampleReport(), outDir, formats.split(',') as ReportFormat[]);
  } catch (caught) {
    error = { code: caught instanceof ReviewError ? caught.code : null, message: caught instanceof Error ? caught.message : String(caught) };
  }
  const folder = Object.fromEntries(fs.readdirSync(outDir).map((name) => [name, fs.readFileSync(path.join(outDir, name), 'utf8')]));
  process.stdout.write(`${JSON.stringify({ error, folder })}\n`);
}

void main();
