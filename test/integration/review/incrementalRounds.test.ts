import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openReviewStore } from '../../../src/engine/storage/reviewStore';
import { reviewReportSchema, type ReviewReport } from '../../../src/shared/reportModel';
import { bundleCli, runCli, scratchDir } from '../cli/cliHarness';
import { answerWith, branchFiles, cartFinding, taxFile, taxFinding, twoFindings } from '../../fixtures/discountBranch';
import { firstUserMessageText, step, type Step } from '../../fixtures/modelServer/modelServer';
import { envWithoutAgentVariables } from '../../fixtures/scriptedAgents';
import { scriptedReviewSession } from '../../fixtures/scriptedReview';

// Incremental rounds through the whole review: real Claude Code against a scripted server, real git, the
// rounds and ledger under .git, and the `deep-review` CLI bundled from the sources for --full.

const [divideBy10] = twoFindings.findings;
// The first commit's change, as its patch line: an incremental prompt must not hold it.
const firstCommitPatchLine = '+  return price(item) * (100 - percent) / 10;';


const session = scriptedReviewSession();
let scratch: string;
let cli: string;
before(async () => {
  scratch = scratchDir('deep-review-incremental-');
  cli = await bundleCli(scratch);
});
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });

async function reviewRound(script: Step[], scope?: 'auto' | 'full'): Promise<{ report: ReviewReport; prompt: string }> {
  const report = await session.review({ claude: script }, scope ? { scope } : {});
  return { report, prompt: promptOfLatestReview() };
}

function promptOfLatestReview(): string {
  return firstUserMessageText(session.agents()!.servers.claude!.modelRequests[0]!);
}

test('round 2 after a new commit reviews only that commit, tells the open findings, and carries them into its report', async () => {
  const repo = session.repo();
  const first = await reviewRound([step.structured(answerWith([divideBy10!, cartFinding]))]);
  assert.deepEqual(first.report.scope, { kind: 'full', reason: 'no-history' });
  assert.ok(first.prompt.includes(firstCommitPatchLine), 'round 1 reviews the whole branch');

  // A commit that leaves the discount code alone and adds a tax helper (and a line above the cart's total).
  repo.write({ 'src/tax.js': taxFile, 'src/cart.js': `// Cart totals.\n${branchFiles['src/cart.js']!}` });
  const taxCommit = repo.commitAll('Add tax helper');

  const second = await reviewRound([step.structured(answerWith([taxFinding]))]);

  // What the reviewer received: the new commit's diff, the branch's files for orientation, the open findings.
  assert.match(second.prompt, /This is an incremental review: round 1 reviewed the branch at `[0-9a-f]{12}`, and you review the\n {2}1 commit added since then\./);
  assert.ok(second.prompt.includes(`\`git diff ${first.report.branch.head} HEAD\`:`), 'the diff starts at round 1’s commit');
  assert.match(second.prompt, /^\+ {2}return amount \* 1\.2;$/m);
  assert.ok(!second.prompt.includes(firstCommitPatchLine), 'the first commit’s patch is not in the prompt');
  assert.match(second.prompt, /For orientation, the 3 files the whole branch changes/);
  assert.match(second.prompt, / {2}- \[open\] C1 \(round 1, critical\) `src\/price\.js:7` Discount divides by 10 instead of 100/);
  assert.match(second.prompt, / {2}- \[open\] I1 \(round 1, important\) `src\/cart\.js:3` Cart applies a fixed 5% discount to every item/);

  // The report: incremental, its own finding, and both open findings carried over (the cart's one line lower now).
  const { report } = second;
  assert.deepEqual(report.scope, { kind: 'incremental', sinceRound: 1, sinceHead: first.report.branch.head, commits: 1, files: 2 });
  assert.deepEqual(report.findings.map((finding) => [finding.id, finding.title, finding.anchor.startLine, finding.carriedFrom ?? null]), [
    ['C1', 'Discount divides by 10 instead of 100', 7, { round: 1, findingId: 'C1' }],
    ['I1', 'Tax rate is hard-coded', 2, null],
    ['I2', 'Cart applies a fixed 5% discount to every item', 4, { round: 1, findingId: 'I1' }],
  ]);
  assert.match(report.verdict, /^Needs changes — 1 critical issue \(C1\)/, 'the verdict counts the carried critical finding');
  assert.ok(report.notes.some((note) => note.startsWith('C1, I2 are still open from earlier rounds')), report.notes.join('\n'));
  assert.deepEqual(report.resolution, [], 'nothing was fixed or declined');

  // Stored: the round's report as returned, and the ledger with the carried findings under this report's ids.
  const store = await openReviewStore(repo.root);
  assert.deepEqual(await store.loadRound('feature/discount', 2), reviewReportSchema.parse(report));
  const { ledger } = await store.loadLedger('feature/discount');
  const cartEntry = ledger.entries.find((entry) => entry.title === cartFinding.title)!;
  assert.deepEqual([cartEntry.findingId, cartEntry.startLine, cartEntry.lastSeenRound], ['I2', 4, 2]);
  assert.deepEqual(cartEntry.history.map((event) => event.action), ['reported'], 'carried, not reported again');
  assert.equal(repo.git('rev-parse', 'HEAD'), taxCommit);

  // Round 3, one more commit, from the command line with --full: the whole branch again, nothing carried.
  repo.write({ 'README.md': '# shop\n\nPrices, discounts and tax.\n' });
  repo.commitAll('Document tax');
  const agents = await session.startAgents({ claude: [step.structured(answerWith([divideBy10!]))] });
  const out = path.join(scratch, 'round-3');
  const run = await runCli(
    cli,
    ['review', '--repo', repo.root, '--base', 'main', '--out', out, '--format', 'json,md', '--reviewers', JSON.stringify(agents.reviewers), '--consolidator', 'off', '--no-pr', '--full'],
    { ...envWithoutAgentVariables(), ...agents.env },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Full review — asked for/);
  const third = reviewReportSchema.parse(JSON.parse(fs.readFileSync(run.stdout.trim().split('\n').find((file) => file.endsWith('.json'))!, 'utf8')));
  assert.deepEqual(third.scope, { kind: 'full', reason: 'requested' });
  assert.equal(third.round, 3);
  assert.deepEqual(third.findings.map((finding) => [finding.id, finding.carriedFrom ?? null]), [['C1', null]]);
  const fullPrompt = promptOfLatestReview();
  assert.ok(fullPrompt.includes(firstCommitPatchLine), 'a full review’s prompt holds the whole branch’s patch');
  assert.match(fullPrompt, /- 3 commits on the branch, oldest first:/);
  assert.match(fullPrompt, /Commits since then[^\n]*\n {2}- [0-9a-f]{7,} Document tax/);
  const markdown = fs.readFileSync(run.stdout.trim().split('\n').find((file) => file.endsWith('.md'))!, 'utf8');
  assert.match(markdown, /\| Scope \| Full review — asked for \|/);
});

test('a branch rewritten since the last round is reviewed in full, and the report says why', async () => {
  const repo = session.repo();
  const first = await reviewRound([step.structured(answerWith([divideBy10!]))]);

  // Rebased: the reviewed commit is amended away.
  repo.write({ 'src/tax.js': taxFile });
  repo.git('add', '-A');
  repo.git('commit', '-q', '--amend', '--no-edit');

  const second = await reviewRound([step.structured(answerWith([divideBy10!]))]);

  assert.deepEqual(second.report.scope, { kind: 'full', reason: 'rewritten' });
  assert.ok(second.prompt.includes(firstCommitPatchLine), 'the whole branch is in the prompt');
  assert.doesNotMatch(second.prompt, /incremental review/);
  assert.match(second.prompt, /That commit is no longer on the branch \(it was rewritten\)/);
  assert.ok(second.report.findings.every((finding) => finding.carriedFrom === undefined));
  assert.notEqual(second.report.branch.head, first.report.branch.head);
});
