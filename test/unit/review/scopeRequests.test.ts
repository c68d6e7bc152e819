import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCliArguments, usage } from '../../../src/cli/cliArguments';
import { reviewParamsSchema } from '../../../src/shared/protocol';

// A full review is asked for with --full on the command line and with scope "full" in deepReview/review.

test('--full asks for a full review; without it the scope is chosen from the branch’s history', () => {
  const review = (args: string[]) => {
    const command = parseCliArguments(['review', ...args], '/repo');
    assert.ok(command !== 'help' && command.command === 'review');
    return command;
  };
  assert.equal(review([]).scope, 'auto');
  assert.equal(review(['--full']).scope, 'full');
  assert.match(usage, /--full {13}review the whole branch; without it, a branch reviewed before that has only gained\n/);
});

test('deepReview/review takes an optional scope of auto or full', () => {
  const params = { cwd: '/repo', baseBranch: null, reviewers: [], consolidator: null, outDir: null };
  assert.equal(reviewParamsSchema.parse(params).scope, undefined);
  assert.equal(reviewParamsSchema.parse({ ...params, scope: 'full' }).scope, 'full');
  assert.equal(reviewParamsSchema.safeParse({ ...params, scope: 'partial' }).success, false);
});
