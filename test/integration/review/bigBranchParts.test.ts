import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retroFacts } from '../../../src/shared/retroFacts';
import type { ReviewerAnswer } from '../../../src/shared/reviewerAnswer';
import { answerWith, createDiscountRepo } from '../../fixtures/discountBranch';
import { step } from '../../fixtures/modelServer/modelServer';
import { stringsIn } from '../../fixtures/modelServer/requestText';
import { scriptedReviewSession } from '../../fixtures/scriptedReview';

// A branch whose diff is over one prompt's budget: its files are split into parts of related files, the real
// Claude Code reviews each part in its own run against a scripted server, and every changed file's diff
// reaches the reviewer. Before, the files past the budget were only named, for the agent to open if it chose.

const folders = ['api', 'billing', 'catalog'];
const filesPerFolder = 12;
const linesPerFile = 90;
const bigFiles: Record<string, string> = {};
for (const folder of folders) {
  for (let index = 0; index < filesPerFolder; index += 1) {
    const lines = Array.from({ length: linesPerFile }, (_, line) => `export const ${folder}${index}_${line} = configure("${folder}", ${index}, ${line}, { retries: ${line % 5} });`);
    bigFiles[`src/${folder}/module${index}.js`] = `${lines.join('\n')}\n`;
  }
}
const finding = (file: string): ReviewerAnswer['findings'][number] => ({
  severity: 'suggestion',
  title: `Retries are hard-coded in ${file}`,
  body: 'Take them from the settings.',
  file,
  startLine: 1,
  endLine: 1,
  snippet: bigFiles[file]!.split('\n')[0]!,
  fix: null,
  tags: ['design'],
});
// More answers than parts: each run takes the next one, whatever part it reviews.
const answers = Object.keys(bigFiles).slice(0, 12).map((file) => step.structured(answerWith([finding(file)])));

const session = scriptedReviewSession();

test('a branch over the prompt budget is reviewed in parts: every changed file’s diff reaches the reviewer, and the report says so', async () => {
  session.useRepo(createDiscountRepo(bigFiles));
  const report = await session.review({ claude: answers }, { recordRounds: false });

  const requests = session.agents()!.servers.claude!.modelRequests.map((request) => stringsIn(request).join('\n'));
  const partCount = requests.length;
  assert.ok(partCount > 1, `${partCount} runs`);
  for (const [at, request] of requests.entries()) assert.match(request, new RegExp(`You review part \\d+ of ${partCount}`), `request ${at}`);
  const changed = report.branch.files.map((file) => file.path);
  assert.equal(changed.length, folders.length * filesPerFolder + 2);
  const withoutDiff = changed.filter((file) => !requests.some((request) => request.includes(`diff --git a/${file} b/${file}`)));
  assert.deepEqual(withoutDiff, [], 'every changed file’s diff is in some prompt');

  assert.ok(report.notes.some((note) => note.includes(`reviewed in ${partCount} parts of related files`) && note.includes("every changed file's diff was in a reviewer's prompt")), report.notes.join('\n'));
  assert.ok(!report.notes.some((note) => /larger than the prompt budget/.test(note)));
  const coverage = retroFacts(report).columns[0]?.filesReviewed;
  assert.equal(coverage?.covered, changed.length, 'the coverage table counts every changed file as reviewed');
  assert.equal(coverage.given, changed.length, 'every changed file counts as given in the prompt, not as opened');
  assert.equal(report.reviewers[0]?.status, 'succeeded');
  assert.equal(report.findings.length, partCount, 'the findings of every part are in the report');
});
