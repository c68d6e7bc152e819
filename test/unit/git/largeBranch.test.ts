import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { collectBranchContext, type BranchContext } from '../../../src/engine/git/branchContext';
import { readGitOutputUpTo } from '../../../src/engine/git/boundedGitOutput';
import { defaultMaxPatchBytes } from '../../../src/engine/git/branchChanges';
import { ReviewError } from '../../../src/engine/errors';
import { defaultMaxPromptBytes, planReviewerPrompt } from '../../../src/engine/prompts/reviewerPrompt';
import type { PriorFinding } from '../../../src/shared/ledgerModel';
import { TempRepo } from '../../fixtures/gitRepo';

const fileCount = 5_000;
// 100 000 lines of about 52 bytes: a 5 MB generated file.
const hugeText = Array.from({ length: 100_000 }, (_, index) => `generated row ${String(index).padStart(6, '0')} ${'x'.repeat(30)}`).join('\n') + '\n';

let repo: TempRepo;
let context: BranchContext;
let collectMs: number;

/** One repository for the whole file: a branch adding 5,000 small files and one 5 MB file in one commit. */
before(async () => {
  repo = TempRepo.create({ 'README.md': '# big\n' });
  repo.branch('feature');
  for (let index = 0; index < fileCount; index++) {
    const file = path.join(repo.root, 'pkg', `group${Math.floor(index / 100)}`, `module${index}.ts`);
    if (index % 100 === 0) fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `export const value${index} = ${index};\n`);
  }
  repo.write({ 'data/generated.csv': hugeText });
  repo.commitAll('vendor everything');
  const started = Date.now();
  context = await collectBranchContext({ cwd: repo.root });
  collectMs = Date.now() - started;
});

after(() => {
  repo.remove();
});

test('a 5,000-file branch with a 5 MB file is collected in seconds, every file in the stats', () => {
  assert.ok(collectMs < 10_000, `collectBranchContext took ${collectMs} ms`);
  assert.equal(context.files.length, fileCount + 1);
  assert.deepEqual(
    context.files.find((file) => file.path === 'data/generated.csv'),
    { path: 'data/generated.csv', additions: 100_000, deletions: 0, previousPath: null },
  );
  assert.equal(context.additions, fileCount + 100_000);
});

test('the patch of that branch leaves the 5 MB file out and is cut to its byte budget after a whole line, flagged', () => {
  assert.equal(context.patchTruncated, true);
  const bytes = Buffer.byteLength(context.patch, 'utf8');
  assert.ok(bytes <= defaultMaxPatchBytes && bytes > defaultMaxPatchBytes - 1_000, `patch is ${bytes} bytes`);
  assert.ok(context.patch.endsWith('\n'));
  assert.ok(!context.patch.includes('generated.csv'), 'a file over 5,000 changed lines does not use up the budget');
  assert.ok(context.patch.startsWith('diff --git a/pkg/group0/module0.ts b/pkg/group0/module0.ts\n'), context.patch.slice(0, 200));
});

test('its reviewer prompt stays within its byte budget and says which files’ diffs were left out', () => {
  const { prompt, filesWithoutDiff } = planReviewerPrompt(context);

  assert.ok(Buffer.byteLength(prompt, 'utf8') <= defaultMaxPromptBytes, `prompt is ${Buffer.byteLength(prompt, 'utf8')} bytes`);
  assert.match(prompt, /`data\/generated\.csv` \(\+100000 -0\) — diff not included below/);
  assert.ok(filesWithoutDiff.includes('data/generated.csv'));
  // The huge file does not crowd out the small ones: as many as fit are shown whole.
  const shownDiffs = [...prompt.matchAll(/^diff --git a\/(\S+) /gm)].map((match) => match[1]);
  assert.ok(shownDiffs.length > 100, `${shownDiffs.length} diffs in the prompt`);
  assert.ok(shownDiffs.every((file) => file !== undefined && !filesWithoutDiff.includes(file)));
  assert.equal(shownDiffs.length + filesWithoutDiff.length, context.files.length, 'every file is either shown or named as left out');
  const hidden = /^ {2}- … and (\d+) more files, (\d+) of them without their diff below \(list them with `git diff --no-ext-diff --stat [0-9a-f]{40} HEAD`\)$/m.exec(prompt);
  assert.ok(hidden, 'the files beyond the list are counted, with how to list them');
  assert.match(prompt, new RegExp(`${filesWithoutDiff.length} changed files are not in this prompt`));
  assert.match(prompt, /git diff --no-ext-diff [0-9a-f]{40} HEAD -- <path>/);
});

test('git output is read only up to its budget: git is stopped, and a failing command is git-failed with git’s words', async () => {
  const started = Date.now();
  const { output, complete } = await readGitOutputUpTo(repo.root, ['cat-file', 'blob', 'HEAD:data/generated.csv'], 10_000);

  assert.equal(complete, false);
  assert.ok(output.length > 10_000 && output.length < 1_000_000, `${output.length} bytes read`);
  assert.ok(output.toString('utf8').startsWith('generated row 000000 '));
  assert.ok(Date.now() - started < 5_000);
  await assert.rejects(readGitOutputUpTo(repo.root, ['cat-file', 'blob', 'HEAD:missing.txt'], 10_000), (error: unknown) => {
    assert.ok(error instanceof ReviewError);
    assert.equal(error.code, 'git-failed');
    assert.match(error.message, /^`git cat-file` failed: fatal: path 'missing\.txt' does not exist/);
    return true;
  });
});

/** Commits on a new branch `feature` of `target` in one git fast-import run: each with `subject` and one file. */
function importCommits(target: TempRepo, commits: ReadonlyArray<{ subject: string; file: string }>): void {
  const mainHead = target.git('rev-parse', 'main');
  const parts: string[] = [];
  commits.forEach((commit, index) => {
    const message = Buffer.from(commit.subject, 'utf8');
    parts.push(
      'commit refs/heads/feature',
      `committer Test <test@example.com> ${1_700_000_000 + index} +0000`,
      `data ${message.length}`,
      commit.subject,
      ...(index === 0 ? [`from ${mainHead}`] : []),
      `M 100644 inline ${commit.file}`,
      'data 2',
      'x',
      '',
    );
  });
  execFileSync('git', ['fast-import', '--quiet'], { cwd: target.root, input: parts.join('\n') + '\n', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  target.git('checkout', '-q', 'feature');
}

test('subjects, paths and earlier findings the author controls cannot push the prompt over its budget', async (t) => {
  const hostile = TempRepo.create();
  t.after(() => {
    hostile.remove();
  });
  const longName = (index: number): string => `src/${'deeply-nested-folder/'.repeat(11)}file-${index}.ts`;
  importCommits(
    hostile,
    Array.from({ length: 400 }, (_, index) => ({ subject: `Change ${index} ${'very long subject '.repeat(1_000)}`, file: longName(index) })),
  );
  const hostileContext = await collectBranchContext({ cwd: hostile.root });
  const priorFindings: PriorFinding[] = Array.from({ length: 80 }, (_, index) => ({
    id: `I${index + 1}`,
    round: 1,
    title: `Finding ${index} ${'long title '.repeat(500)}`,
    severity: 'important',
    path: longName(index),
    line: 1,
    status: 'declined',
    reason: 'because '.repeat(1_000),
    reportedInLatestRound: true,
  }));

  const { prompt, filesWithoutDiff } = planReviewerPrompt(hostileContext, { earlier: { previousRound: { round: 1, head: hostileContext.commits[0]!.hash }, priorFindings } });

  const bytes = Buffer.byteLength(prompt, 'utf8');
  assert.ok(bytes <= defaultMaxPromptBytes, `prompt is ${bytes} bytes`);
  assert.ok(hostileContext.commits[0]!.subject.length > 10_000, 'the subjects really are huge');
  assert.match(prompt, /older commits not listed/);
  assert.match(prompt, /… and \d+ more files/);
  assert.match(prompt, /… and \d+ earlier ones/);
  assert.ok(filesWithoutDiff.length < hostileContext.files.length, 'some diffs still fit');
});

test('a renamed file over the line limit is left out under both names; the other files keep their diff', async (t) => {
  const renamed = TempRepo.create({ 'old name.txt': Array.from({ length: 40 }, (_, index) => `line ${index}`).join('\n') + '\n' });
  t.after(() => {
    renamed.remove();
  });
  renamed.branch('feature');
  fs.rmSync(path.join(renamed.root, 'old name.txt'));
  renamed.write({ 'new name.txt': Array.from({ length: 40 }, (_, index) => (index < 5 ? `changed ${index}` : `line ${index}`)).join('\n') + '\n', 'small.txt': 'small\n' });
  renamed.commitAll('rename and change');

  const limited = await collectBranchContext({ cwd: renamed.root, maxPatchLinesPerFile: 5 });

  assert.deepEqual(limited.files, [
    { path: 'new name.txt', additions: 5, deletions: 5, previousPath: 'old name.txt' },
    { path: 'small.txt', additions: 1, deletions: 0, previousPath: null },
  ]);
  assert.equal(limited.patchTruncated, false);
  assert.ok(!limited.patch.includes('name.txt'), limited.patch);
  assert.match(limited.patch, /^diff --git a\/small\.txt b\/small\.txt\n[\s\S]*^\+small$/m);
  assert.ok(planReviewerPrompt(limited).prompt.includes('`old name.txt` → `new name.txt` (+5 -5) — diff not included below'));
});
