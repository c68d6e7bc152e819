import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildConsolidatorInput, clustersOf } from '../../../src/engine/consolidation/consolidatorInput';
import { buildFindings } from '../../../src/engine/findings/buildFindings';
import { renderConsolidatorPrompt } from '../../../src/engine/prompts/consolidatorPrompt';
import { defaultMaxPromptBytes, planReviewerPrompt, renderReviewerPrompt, type IncrementalChanges, type ReviewerPromptInput } from '../../../src/engine/prompts/reviewerPrompt';
import type { PriorFinding } from '../../../src/shared/ledgerModel';
import { answerWith, branchFiles, twoFindings } from '../../fixtures/discountBranch';
import { sampleReport } from '../../fixtures/sampleReport';

// Round N of an incremental review: the reviewers get the commits since the last round as the change
// under review, the whole branch's files for orientation, and the findings still open.

const mergeBase = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const round1Head = 'b'.repeat(40);

function fileDiff(file: string, text: string): string {
  return `diff --git a/${file} b/${file}\nindex 1111111..2222222 100644\n--- a/${file}\n+++ b/${file}\n@@ -0,0 +1 @@\n+${text}\n`;
}

const branch: ReviewerPromptInput = {
  repoRoot: '/src/shop',
  repoName: 'shop',
  branch: 'feature/coupons',
  base: 'main',
  mergeBase,
  head: 'f'.repeat(40),
  commits: [
    { hash: 'bbbbbbb', subject: 'Add coupon codes', body: '' },
    { hash: 'ccccccc', subject: 'Validate coupon expiry', body: '' },
  ],
  files: [
    { path: 'src/coupon.ts', additions: 1, deletions: 0, previousPath: null },
    { path: 'src/expiry.ts', additions: 1, deletions: 0, previousPath: null },
  ],
  additions: 2,
  deletions: 0,
  patch: fileDiff('src/coupon.ts', 'first commit code') + fileDiff('src/expiry.ts', 'second commit code'),
  patchTruncated: false,
};

const incremental: IncrementalChanges = {
  sinceRound: 1,
  sinceHead: round1Head,
  changes: {
    commits: [{ hash: 'ccccccc', subject: 'Validate coupon expiry', body: '' }],
    files: [{ path: 'src/expiry.ts', additions: 1, deletions: 0, previousPath: null }],
    additions: 1,
    deletions: 0,
    patch: fileDiff('src/expiry.ts', 'second commit code'),
    patchTruncated: false,
  },
};

const openFinding: PriorFinding = { id: 'I1', round: 1, title: 'Coupon codes are case-sensitive', severity: 'important', path: 'src/coupon.ts', line: 1, status: 'open', reason: null, reportedInLatestRound: true };
const earlier = { previousRound: { round: 1, head: round1Head }, priorFindings: [openFinding] };

test('the change under review is the commits since the last round, with their diff; the branch’s files are listed for orientation', () => {
  const prompt = renderReviewerPrompt(branch, { earlier, incremental });

  assert.match(prompt, /This is an incremental review: round 1 reviewed the branch at `bbbbbbbbbbbb`, and you review the\n {2}1 commit added since then\./);
  assert.match(prompt, /- 1 commit since round 1, oldest first:\n {2}- ccccccc Validate coupon expiry\n- 1 file changed by them \(\+1 \/ -0 lines\):\n {2}- `src\/expiry\.ts` \(\+1 -0\)\n/);
  assert.match(prompt, /- For orientation, the 2 files the whole branch changes against `main` \(\+2 \/ -0 lines;\n {2}`git diff --no-ext-diff a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 HEAD -- <path>` shows one\):\n {2}- `src\/coupon\.ts` \(\+1 -0\)\n {2}- `src\/expiry\.ts` \(\+1 -0\)/);
  assert.ok(prompt.includes(`\`git diff ${round1Head} HEAD\`:`), 'the diff starts at the last reviewed commit');
  assert.ok(prompt.includes('+second commit code'));
  assert.ok(!prompt.includes('first commit code'), 'the first commit’s patch is not in the prompt');
  assert.ok(prompt.includes(`\`git diff --no-ext-diff ${round1Head} HEAD -- <path>\`.`), 'the tools line points at the same range');
  assert.match(prompt, /Review only what the commits since round 1 change \(and what those changes break elsewhere\)\. Earlier rounds reviewed the rest of the branch/);
  assert.doesNotMatch(prompt, /\{\{\w+\}\}/);
});

test('the open findings are listed with what to do about them, and the commits are not listed twice', () => {
  const prompt = renderReviewerPrompt(branch, { earlier, incremental });

  assert.match(prompt, /## Earlier rounds\n\nThis is round 2 of the review of this branch\. Round 1 reviewed commit `bbbbbbbbbbbb`\.\n\nFindings of earlier rounds and where they stand\. An open one stays open in this round's report without you/);
  assert.match(prompt, / {2}- \[open\] I1 \(round 1, important\) `src\/coupon\.ts:1` Coupon codes are case-sensitive/);
  assert.doesNotMatch(prompt, /Commits since then/);
});

test('a full review keeps the branch’s commits, files and diff from the merge-base', () => {
  const prompt = renderReviewerPrompt(branch, { earlier });

  assert.match(prompt, /- 2 commits on the branch, oldest first:\n {2}- bbbbbbb Add coupon codes\n {2}- ccccccc Validate coupon expiry\n- 2 files changed \(\+2 \/ -0 lines\):/);
  assert.ok(prompt.includes(`\`git diff ${mergeBase} HEAD\`:`));
  assert.ok(prompt.includes('+first commit code') && prompt.includes('+second commit code'));
  assert.match(prompt, /Review only what the branch changes \(and what those changes break elsewhere\)\.\nDo not report style/);
  assert.doesNotMatch(prompt, /incremental/);
});

test('a huge branch behind a small increment still leaves the increment’s diff room within the prompt budget', () => {
  const files = Array.from({ length: 3_000 }, (_, index) => ({ path: `src/${'module/'.repeat(8)}file-${index}.ts`, additions: 1, deletions: 0, previousPath: null }));
  const { prompt, filesWithoutDiff } = planReviewerPrompt({ ...branch, files, additions: files.length }, { earlier, incremental });

  assert.ok(Buffer.byteLength(prompt, 'utf8') <= defaultMaxPromptBytes);
  assert.deepEqual(filesWithoutDiff, []);
  assert.ok(prompt.includes('+second commit code'));
  assert.match(prompt, /… and \d+ more files \(list them with `git diff --no-ext-diff --stat a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 HEAD`\)/);
});

test('the consolidator is told the review was incremental, and which earlier findings are still open', async () => {
  const answers = [{ reviewerId: 'claude', answer: answerWith(twoFindings.findings) }];
  const built = await buildFindings({ answers, readFileAtHead: (path) => Promise.resolve(branchFiles[path] ?? null) });
  const scope = { sinceRound: 1, sinceHead: round1Head, newCommits: ['ccccccc'], openEarlierFindings: [{ round: 1, severity: 'important', title: openFinding.title, path: openFinding.path, line: 1 }] };
  const sources = { branch: sampleReport().branch, clusters: clustersOf(built), answers, failedReviewers: [] };

  const json = buildConsolidatorInput({ ...sources, incremental: scope }, 90_000);
  const input = JSON.parse(json) as Record<string, unknown>;
  assert.deepEqual(input.scope, { kind: 'incremental', sinceRound: 1, sinceHead: round1Head, newCommits: ['ccccccc'] });
  assert.deepEqual(input.openEarlierFindings, scope.openEarlierFindings);
  const prompt = renderConsolidatorPrompt(sampleReport().branch, json, { cli: 'claude', incremental: scope });
  assert.match(prompt, /This is an incremental review: the reviewers reviewed only the commits since round 1/);
  assert.match(prompt, /Do not rule on them \(they are not clusters\), but let them count\n {2}in the verdict/);

  const full = buildConsolidatorInput(sources, 90_000);
  assert.doesNotMatch(full, /openEarlierFindings|"scope"/);
  assert.doesNotMatch(renderConsolidatorPrompt(sampleReport().branch, full, { cli: 'claude' }), /incremental/);
});
