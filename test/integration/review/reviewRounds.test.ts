import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { recordDismissal } from '../../../src/engine/storage/ledgerActions';
import { openReviewStore } from '../../../src/engine/storage/reviewStore';
import { answerWith, branchFiles, cartFinding, twoFindings } from '../../fixtures/discountBranch';
import { firstUserMessageText, step, type Step } from '../../fixtures/modelServer/modelServer';
import { scriptedReviewSession } from '../../fixtures/scriptedReview';

// Rounds through the whole review: real Claude Code against a scripted server, real git, the ledger under .git.

const [divideBy10] = twoFindings.findings;

const session = scriptedReviewSession();

async function reviewRound(script: Step[]) {
  const report = await session.review({ claude: script });
  return { report, prompt: firstUserMessageText(session.agents()!.servers.claude!.modelRequests[0]!) };
}

test('round 2 knows round 1: a fixed finding is in the resolution table, a declined one stays out, reviewers are told', async () => {
  const repo = session.repo();
  const statusBefore = repo.git('status', '--porcelain');

  const first = await reviewRound([step.structured(answerWith([divideBy10!, cartFinding]))]);
  assert.equal(first.report.round, 1);
  assert.deepEqual(first.report.findings.map((finding) => finding.id), ['C1', 'I1']);
  assert.doesNotMatch(first.prompt, /## Earlier rounds/);
  assert.equal(repo.git('status', '--porcelain'), statusBefore, 'nothing is written to the working tree');
  const stored = path.join(repo.root, '.git', 'deep-review');
  assert.ok(fs.existsSync(stored), 'rounds are kept under the git directory');

  // The user declines the cart finding and fixes the division in a commit.
  const cart = first.report.findings.find((finding) => finding.title === cartFinding.title)!;
  const store = await openReviewStore(repo.root);
  await store.updateLedger('feature/discount', (ledger) => recordDismissal(ledger, cart.fingerprint, 'The 5% is the launch promotion', new Date()));
  repo.write({ 'src/price.js': branchFiles['src/price.js']!.replace('/ 10;', '/ 100;') });
  const fixCommit = repo.commitAll('Divide by 100');

  // Round 2: the reviewer reports the cart again (same code), and nothing else.
  const second = await reviewRound([step.structured(answerWith([cartFinding]))]);
  assert.equal(second.report.round, 2);
  assert.deepEqual(second.report.previousRound, { round: 1, head: first.report.branch.head });
  assert.deepEqual(second.report.findings, [], 'the declined finding is left out');
  assert.ok(second.report.notes.some((note) => note.includes(`"${cartFinding.title}" is left out: you declined it`)), second.report.notes.join('\n'));
  assert.deepEqual(
    second.report.resolution.map((row) => [row.findingId, row.action, row.commit?.slice(0, 7) ?? null]),
    [
      ['I1', 'declined', first.report.branch.head.slice(0, 7)],
      ['C1', 'fixed-in-code', fixCommit.slice(0, 7)],
    ],
  );

  // The reviewers of round 2 were told what round 1 found and what happened since.
  assert.match(second.prompt, /## Earlier rounds/);
  assert.match(second.prompt, /- 1 commit since round 1, oldest first:\n {2}- [0-9a-f]{7,} Divide by 100/);
  assert.match(second.prompt, /\[declined\] I1 \(round 1, important\) `src\/cart\.js:3` Cart applies a fixed 5% discount to every item — The 5% is the launch promotion/);
  assert.equal(repo.git('status', '--porcelain'), statusBefore);
});

test('a branch history that cannot be read does not stop the review', async () => {
  const repo = session.repo();
  fs.writeFileSync(path.join(repo.root, '.git', 'deep-review'), 'not a folder');
  const { report } = await reviewRound([step.structured(answerWith([divideBy10!]))]);
  assert.deepEqual(report.findings.map((finding) => finding.id), ['C1']);
  assert.ok(report.notes.some((note) => /could not be read|could not be recorded/.test(note)), report.notes.join('\n'));
});
