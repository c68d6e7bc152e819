import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectBranchContext } from '../../../src/engine/git/branchContext';
import { decideReviewScope, planReviewScope, type ScopeFacts } from '../../../src/engine/review/reviewScope';
import { describeReviewScope } from '../../../src/shared/reviewScope';
import { TempRepo } from '../../fixtures/gitRepo';

const previousRound = { round: 2, head: 'abc1234def5678abc1234def5678abc1234def56' };

test('the scope is incremental only when the branch moved forward from its last round and that round’s report is here', () => {
  const facts: ScopeFacts = { requested: 'auto', previousRound, relation: 'descendant', previousReportStored: true };
  assert.deepEqual(decideReviewScope(facts), { kind: 'incremental' });
  assert.deepEqual(decideReviewScope({ ...facts, requested: 'full' }), { kind: 'full', reason: 'requested' });
  assert.deepEqual(decideReviewScope({ ...facts, previousRound: null, relation: null }), { kind: 'full', reason: 'no-history' });
  assert.deepEqual(decideReviewScope({ ...facts, relation: 'same' }), { kind: 'full', reason: 'unchanged' });
  assert.deepEqual(decideReviewScope({ ...facts, relation: 'rewritten' }), { kind: 'full', reason: 'rewritten' });
  assert.deepEqual(decideReviewScope({ ...facts, relation: 'base-merged' }), { kind: 'full', reason: 'base-merged' });
  assert.deepEqual(decideReviewScope({ ...facts, previousReportStored: false }), { kind: 'full', reason: 'report-missing' });
});

test('the report says which scope, and why a review was full', () => {
  assert.equal(describeReviewScope({ kind: 'incremental', sinceRound: 2, sinceHead: previousRound.head, commits: 2, files: 1 }, previousRound), 'Incremental: 2 commits changing 1 file since round 2 (abc1234)');
  assert.equal(describeReviewScope({ kind: 'full', reason: 'no-history' }, null), 'Full review — no earlier round of this branch is recorded');
  assert.equal(describeReviewScope({ kind: 'full', reason: 'requested' }, previousRound), 'Full review — asked for');
  assert.equal(describeReviewScope({ kind: 'full', reason: 'unchanged' }, previousRound), 'Full review — nothing was committed since round 2 (abc1234)');
  assert.equal(describeReviewScope({ kind: 'full', reason: 'rewritten' }, previousRound), 'Full review — the branch was rewritten since round 2: abc1234 is no longer in its history');
  assert.equal(describeReviewScope({ kind: 'full', reason: 'base-merged' }, previousRound), 'Full review — the base branch was merged in since round 2 (abc1234)');
  assert.equal(describeReviewScope({ kind: 'full', reason: 'report-missing' }, previousRound), 'Full review — the report of round 2 is not stored in this repository');
});

/** main with one file; feature/x with a first commit (the one "round 1" reviewed). */
function repoWithRound1(t: { after: (fn: () => void) => void }): { repo: TempRepo; round1: string } {
  const repo = TempRepo.create({ 'README.md': '# app\n', 'src/a.js': 'export const a = 1;\n' });
  t.after(() => { repo.remove(); });
  repo.branch('feature/x');
  repo.write({ 'src/a.js': 'export const a = 2;\n', 'src/old.js': 'export const old = true;\n' });
  const round1 = repo.commitAll('First change');
  return { repo, round1 };
}

async function plan(repo: TempRepo, round1: string, requested: 'auto' | 'full' = 'auto', previousReportStored = true) {
  const context = await collectBranchContext({ cwd: repo.root, baseBranch: 'main' });
  return planReviewScope({ requested, branch: context, previousRound: { round: 1, head: round1 }, previousReportStored });
}

test('commits after the last round: incremental, with only their commits, files and patch, and the renames since', async (t) => {
  const { repo, round1 } = repoWithRound1(t);
  repo.git('mv', 'src/old.js', 'src/renamed.js');
  repo.write({ 'src/b.js': 'export const b = 3;\n' });
  repo.commitAll('Second change');

  const { scope, incremental, renamesSincePrevious } = await plan(repo, round1);

  assert.deepEqual(scope, { kind: 'incremental', sinceRound: 1, sinceHead: round1, commits: 1, files: 2 });
  assert.ok(incremental);
  const { changes } = incremental;
  assert.deepEqual(changes.commits.map((commit) => commit.subject), ['Second change']);
  assert.deepEqual(changes.files.map((file) => [file.previousPath, file.path]), [[null, 'src/b.js'], ['src/old.js', 'src/renamed.js']]);
  assert.match(changes.patch, /\+export const b = 3;/);
  assert.doesNotMatch(changes.patch, /export const a = 2/, 'the first commit’s change is not in it');
  assert.deepEqual([...renamesSincePrevious], [['src/old.js', 'src/renamed.js']]);
});

test('asked for, unchanged, rewritten, merged with its base, or without the previous report: a full review, with the reason', async (t) => {
  const { repo, round1 } = repoWithRound1(t);
  assert.deepEqual((await plan(repo, round1)).scope, { kind: 'full', reason: 'unchanged' });

  repo.write({ 'src/b.js': 'export const b = 3;\n' });
  repo.commitAll('Second change');
  assert.deepEqual((await plan(repo, round1, 'full')).scope, { kind: 'full', reason: 'requested' });
  assert.equal((await plan(repo, round1, 'full')).incremental, null);
  assert.deepEqual((await plan(repo, round1, 'auto', false)).scope, { kind: 'full', reason: 'report-missing' });

  repo.git('checkout', '-q', 'main');
  repo.write({ 'NEWS.md': 'news\n' });
  repo.commitAll('News on main');
  repo.git('checkout', '-q', 'feature/x');
  repo.git('merge', '-q', '--no-edit', 'main');
  assert.deepEqual((await plan(repo, round1)).scope, { kind: 'full', reason: 'base-merged' });

  repo.git('reset', '-q', '--hard', round1);
  repo.git('commit', '-q', '--amend', '-m', 'First change, reworded');
  assert.deepEqual((await plan(repo, round1)).scope, { kind: 'full', reason: 'rewritten' });
  assert.deepEqual((await plan(repo, '0'.repeat(40))).scope, { kind: 'full', reason: 'rewritten' }, 'a commit this repository does not have');
  assert.deepEqual((await plan(repo, '--output=/tmp/x')).scope, { kind: 'full', reason: 'rewritten' }, 'a stored head that is not a hash is never passed to git');
});
