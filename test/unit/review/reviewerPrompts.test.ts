import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BranchContext } from '../../../src/engine/git/branchContext';
import { planReviewerPrompts } from '../../../src/engine/review/reviewerPrompts';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';

// What each reviewer was given in its prompt is what the retro reports as "given in the prompt":
// the files whose diff the prompt holds, not the files it only names.

const reviewer: ReviewerConfig = { id: 'claude', cli: 'claude', model: 'opus', effort: 'high', enabled: true };
const mergeBase = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

function fileDiff(file: string, lines: number): string {
  const added = Array.from({ length: lines }, (_, index) => `+line ${index} of ${file}`).join('\n');
  return `diff --git a/${file} b/${file}\nindex 1111111..2222222 100644\n--- a/${file}\n+++ b/${file}\n@@ -0,0 +1,${lines} @@\n${added}\n`;
}

function context(files: Array<[string, number]>): BranchContext {
  return {
    repoRoot: '/src/shop',
    repoName: 'shop',
    branch: 'feature/coupons',
    base: 'main',
    mergeBase,
    head: 'f'.repeat(40),
    commits: [{ hash: 'abc1234', subject: 'Add coupon codes', body: '' }],
    files: files.map(([path, lines]) => ({ path, additions: lines, deletions: 0, previousPath: null })),
    additions: files.reduce((sum, [, lines]) => sum + lines, 0),
    deletions: 0,
    patch: files.map(([path, lines]) => fileDiff(path, lines)).join(''),
    patchTruncated: false,
    gitDir: '/src/shop/.git',
    commonDir: '/src/shop/.git',
  };
}

test('a branch whose whole diff fits one prompt: every changed file was given to the reviewer', async () => {
  const plan = await planReviewerPrompts(context([['src/coupon.ts', 3], ['src/checkout.ts', 5]]), { announceFindings: false });
  assert.equal(plan.partCount, 1);
  assert.deepEqual(plan.filesWithoutDiff, []);
  const [whole] = plan.promptsFor(reviewer);
  assert.deepEqual(whole?.files, ['src/coupon.ts', 'src/checkout.ts']);
});

test('an incremental round gives the files changed since the last round, without those whose diff did not fit', async () => {
  const branch = context([['src/coupon.ts', 3], ['src/checkout.ts', 5], ['src/huge.ts', 9_000]]);
  const since = context([['src/checkout.ts', 5], ['src/huge.ts', 9_000]]);
  const plan = await planReviewerPrompts(branch, {
    announceFindings: false,
    incremental: { sinceRound: 1, sinceHead: 'b'.repeat(40), changes: { commits: since.commits, files: since.files, additions: since.additions, deletions: 0, patch: since.patch, patchTruncated: false } },
  });
  assert.deepEqual(plan.filesWithoutDiff, ['src/huge.ts']);
  const [whole] = plan.promptsFor(reviewer);
  assert.ok(whole);
  assert.ok(whole.prompt.includes('+line 4 of src/checkout.ts'));
  assert.deepEqual(whole.files, ['src/checkout.ts']);
});
