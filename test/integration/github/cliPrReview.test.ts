import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { applySuggestion } from '../../../src/engine/github/suggestionBlock';
import { answerWith, branchFiles, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import type { FakePullRequest } from '../../fixtures/githubServer/githubData';
import { startReviewsApiServer } from '../../fixtures/githubServer/reviewsApiServer';
import { startModelServer, step } from '../../fixtures/modelServer/modelServer';
import { bundleCli, claudeBin, claudeEnv, runCli, scratchDir } from '../cli/cliHarness';
import { owner, repoName, requireGh, token } from './ghTestSetup';

// `--pr-review` end to end: the real CLI, real Claude Code against a scripted model, the real gh against a
// fake GitHub that speaks reviews. Round 2 commits the suggestion GitHub shows, and its thread is resolved.

const reviewers = JSON.stringify([{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin }]);

let scratch: string;
let cli: string;
before(async () => {
  requireGh();
  scratch = scratchDir('deep-review-cli-prr-');
  cli = await bundleCli(scratch);
});
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });

test('round 1 posts a review with a suggestion on the critical line; round 2, with the suggestion committed, resolves its thread and posts nothing twice', async () => {
  const repo = createDiscountRepo();
  repo.git('remote', 'add', 'origin', `https://github.com/${owner}/${repoName}.git`);
  const pullRequest: FakePullRequest = { number: 17, title: 'Discounts', author: 'dana', body: '', baseRefName: 'main', headRefName: 'feature/discount', headRefOid: repo.git('rev-parse', 'HEAD').trim() };
  // src/price.js and src/cart.js are new on the branch: every line is in the diff.
  const github = await startReviewsApiServer({ repository: { owner, name: repoName, pullRequests: [pullRequest] }, token, viewer: 'github-actions[bot]', diff: { 'src/price.js': [[1, 8]], 'src/cart.js': [[1, 3]] } });
  const review = async (answer: object, out: string) => {
    const model = await startModelServer({ protocol: 'anthropic', script: [step.structured(answer)] });
    try {
      const env = { ...claudeEnv(scratch, model.url), GH_CONFIG_DIR: github.ghConfigDir, GH_TOKEN: token };
      return await runCli(cli, ['review', '--repo', repo.root, '--base', 'main', '--out', `${scratch}/${out}`, '--reviewers', reviewers, '--consolidator', 'off', '--format', 'json', '--pr-review'], env);
    } finally {
      await model.close();
    }
  };
  try {
    const round1 = await review(twoFindings, 'out-1');
    assert.equal(round1.code, 0, round1.stderr);
    assert.match(round1.stderr, /PR review: 2 inline comment\(s\), 1 with a suggested change: https:\/\/github\.com\/acme\/widgets\/pull\/17#pullrequestreview-5000/);
    assert.deepEqual(github.reviews[0]!.comments.map((comment) => [comment.path, comment.line]), [['src/price.js', 7], ['src/price.js', 6]]);
    const suggestion = /^```suggestion\n([\s\S]*?)\n```$/m.exec(github.reviews[0]!.comments[0]!.body)?.[1] ?? '';
    assert.equal(suggestion, '  return price(item) * (100 - percent) / 100;');

    // The author clicks "Commit suggestion".
    repo.write({ 'src/price.js': applySuggestion(branchFiles['src/price.js']!, 7, 7, suggestion) });
    pullRequest.headRefOid = repo.commitAll('Apply suggestion from code review');
    const round2 = await review(answerWith(twoFindings.findings.filter((finding) => finding.severity === 'suggestion')), 'out-2');

    assert.equal(round2.code, 0, round2.stderr);
    assert.match(round2.stderr, /PR review: no new inline comment; 1 of 1 fixed thread\(s\) resolved; 1 already commented/);
    assert.equal(github.reviews.length, 1, 'nothing posted twice');
    const threads = pullRequest.threads ?? [];
    assert.deepEqual(threads.map((thread) => [thread.line, thread.isResolved, thread.comments.length]), [[7, true, 2], [6, false, 1]]);
    assert.equal(threads[0]?.comments[1]?.body, `Fixed in ${pullRequest.headRefOid.slice(0, 12)} (Deep Review).`);
  } finally {
    await github.close();
    repo.remove();
  }
});
