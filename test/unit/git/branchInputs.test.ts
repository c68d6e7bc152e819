import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { buildFindings } from '../../../src/engine/findings/buildFindings';
import { applyPlannedEdits, planFix } from '../../../src/engine/fixes/planFix';
import { collectBranchContext } from '../../../src/engine/git/branchContext';
import { createCommitFileReader } from '../../../src/engine/git/commitFileReader';
import { createReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import { createHeadFileReader } from '../../../src/engine/review/headFileReader';
import type { ReviewerAnswer, ReviewerFinding } from '../../../src/shared/reviewerAnswer';
import { snapshotWorkingTree, type TempRepo } from '../../fixtures/gitRepo';
import { expectReviewError, runGit, tempDir, tempRepo } from './gitTestSupport';

function answerWith(findings: ReviewerFinding[]): ReviewerAnswer {
  return { summary: '', findings, designObservations: [], testingAssessment: '', documentationAssessment: '' };
}

function finding(overrides: Partial<ReviewerFinding> & Pick<ReviewerFinding, 'file' | 'snippet'>): ReviewerFinding {
  return { severity: 'important', title: 'A problem', body: '', startLine: 1, endLine: 1, fix: null, tags: [], ...overrides };
}

/** A repository whose origin (a bare clone, default branch main) has a feature branch started three commits back on main. */
function originWithFeature(t: TestContext): TempRepo {
  const repo = tempRepo(t, { 'app.txt': 'v0\n' });
  for (let version = 1; version <= 3; version++) {
    repo.write({ 'app.txt': `v${version}\n` });
    repo.commitAll(`main ${version}`);
  }
  repo.git('checkout', '-q', '-b', 'feature', 'HEAD~2');
  repo.write({ 'feature.txt': 'one\n' });
  repo.commitAll('feature 1');
  repo.write({ 'feature.txt': 'one\ntwo\n' });
  repo.commitAll('feature 2');
  repo.git('checkout', '-q', 'main');
  return repo;
}

test('a shallow clone without the merge-base is no-merge-base, saying it is shallow and how to fetch the history', async (t) => {
  const origin = originWithFeature(t);
  const clone = path.join(tempDir(t), 'clone');
  runGit(origin.root, 'clone', '-q', '--depth', '1', '--no-single-branch', `file://${origin.root}`, clone);
  runGit(clone, 'checkout', '-q', 'feature');
  const before = snapshotWorkingTree(clone);

  const error = await expectReviewError(collectBranchContext({ cwd: clone }), 'no-merge-base');

  assert.match(error.message, /shallow clone/);
  assert.match(error.message, /'feature' and 'origin\/main'/);
  assert.match(error.hint ?? '', /git fetch --unshallow/);
  assert.equal(runGit(clone, 'rev-parse', '--is-shallow-repository'), 'true', 'nothing was fetched');
  assert.deepEqual(snapshotWorkingTree(clone), before);
});

test('a shallow clone deep enough to hold the merge-base is reviewed normally', async (t) => {
  const origin = originWithFeature(t);
  const clone = path.join(tempDir(t), 'clone');
  runGit(origin.root, 'clone', '-q', '--depth', '3', '--no-single-branch', `file://${origin.root}`, clone);
  runGit(clone, 'checkout', '-q', 'feature');

  const context = await collectBranchContext({ cwd: clone });

  assert.equal(context.base, 'origin/main');
  assert.deepEqual(context.commits.map((commit) => commit.subject), ['feature 1', 'feature 2']);
  assert.deepEqual(context.files, [{ path: 'feature.txt', additions: 2, deletions: 0, previousPath: null }]);
});

test('a mode-only change (chmod +x) and a deleted file are in the file stats and the patch', async (t) => {
  const repo = tempRepo(t, { 'run.sh': 'echo hi\n', 'old.txt': 'first\nsecond\n', 'keep.txt': 'kept\n' });
  repo.branch('feature');
  fs.chmodSync(path.join(repo.root, 'run.sh'), 0o755);
  fs.rmSync(path.join(repo.root, 'old.txt'));
  repo.commitAll('make run.sh executable, drop old.txt');

  const context = await collectBranchContext({ cwd: repo.root });

  assert.deepEqual(context.files, [
    { path: 'old.txt', additions: 0, deletions: 2, previousPath: null },
    { path: 'run.sh', additions: 0, deletions: 0, previousPath: null },
  ]);
  assert.equal(context.additions, 0);
  assert.equal(context.deletions, 2);
  assert.match(context.patch, /^diff --git a\/run\.sh b\/run\.sh\nold mode 100644\nnew mode 100755\n/m);
  assert.match(context.patch, /^diff --git a\/old\.txt b\/old\.txt\ndeleted file mode 100644\n[\s\S]*^-second$/m);
});

test('a finding in a file the branch deleted is kept unanchored, and its fix is refused', async (t) => {
  const repo = tempRepo(t, { 'old.txt': 'first\nsecond\n' });
  repo.branch('feature');
  fs.rmSync(path.join(repo.root, 'old.txt'));
  const head = repo.commitAll('drop old.txt');

  const { findings, warnings } = await buildFindings({
    answers: [{ reviewerId: 'claude', answer: answerWith([finding({ file: 'old.txt', snippet: 'second', fix: { description: 'x', edits: [{ file: 'old.txt', original: 'second', replacement: '2nd' }] } })]) }],
    readFileAtHead: createCommitFileReader(repo.root, head),
  });

  const [kept] = findings;
  assert.ok(kept?.fix);
  assert.equal(kept.anchor.status, 'unanchored');
  assert.equal(warnings.length, 1);
  assert.equal(planFix(kept.fix, () => null).kind, 'refused');
});

// "café crème" in ISO-8859-1: é and è are single bytes that are not valid UTF-8.
const latin1Text = Buffer.from('const label = "caf\xe9 cr\xe8me";\nconst price = 3;\n', 'latin1');

test('a Latin-1 file is text with exact line counts; its patch is readable with replacement characters', async (t) => {
  const repo = tempRepo(t);
  repo.branch('feature');
  repo.write({ 'menu.js': latin1Text });
  repo.commitAll('Latin-1 menu');

  const context = await collectBranchContext({ cwd: repo.root });

  assert.deepEqual(context.files, [{ path: 'menu.js', additions: 2, deletions: 0, previousPath: null }]);
  assert.ok(context.patch.includes('+const label = "caf\uFFFD cr\uFFFDme";\n'), context.patch);
  assert.ok(context.patch.includes('+const price = 3;\n'));
});

test('in a Latin-1 file, snippets anchor at their line and a fix of an ASCII line applies without touching the other bytes', async (t) => {
  const repo = tempRepo(t);
  repo.branch('feature');
  repo.write({ 'menu.js': latin1Text });
  const head = repo.commitAll('Latin-1 menu');

  const { findings } = await buildFindings({
    answers: [
      {
        reviewerId: 'claude',
        answer: answerWith([
          finding({ title: 'Price is a magic number', file: 'menu.js', startLine: 1, snippet: 'const price = 3;', fix: { description: 'name it', edits: [{ file: 'menu.js', original: 'const price = 3;', replacement: 'const price = PRICE;' }] } }),
          // As an agent reading through a UTF-8 decoder quotes it.
          finding({ title: 'Label is not translated', file: 'menu.js', startLine: 2, snippet: 'const label = "caf\uFFFD cr\uFFFDme";' }),
          // As an agent that guessed the encoding right quotes it: not the same text, so not placed on a wrong line.
          finding({ title: 'Label has accents', file: 'menu.js', startLine: 2, snippet: 'const label = "café crème";' }),
        ]),
      },
    ],
    readFileAtHead: createCommitFileReader(repo.root, head),
  });

  const byTitle = new Map(findings.map((item) => [item.title, item]));
  assert.deepEqual(byTitle.get('Price is a magic number')?.anchor, { status: 'exact', startLine: 2, endLine: 2 });
  assert.deepEqual(byTitle.get('Label is not translated')?.anchor, { status: 'exact', startLine: 1, endLine: 1 });
  assert.equal(byTitle.get('Label has accents')?.anchor.status, 'unanchored');

  // The editor holds the text as decoded with Latin-1; the planned edit covers only the ASCII line.
  const editorText = fs.readFileSync(path.join(repo.root, 'menu.js'), 'latin1');
  const fix = byTitle.get('Price is a magic number')?.fix;
  assert.ok(fix);
  const plan = planFix(fix, (file) => (file === 'menu.js' ? editorText : null));
  assert.equal(plan.kind, 'ready');
  const fixed = applyPlannedEdits(editorText, plan.edits);
  assert.deepEqual(Buffer.from(fixed, 'latin1'), Buffer.from('const label = "caf\xe9 cr\xe8me";\nconst price = PRICE;\n', 'latin1'));
});

test('a file whose name has spaces and unicode: stats, patch, a snippet anchored in the review worktree and its fix planned', async (t) => {
  const name = 'src/Prix à payer/calcul des coûts 合計.ts';
  const repo = tempRepo(t);
  repo.branch('feature');
  repo.write({ [name]: 'export function total(items: number[]): number {\n  return items.reduce((a, b) => a + b);\n}\n' });
  const head = repo.commitAll('totals');

  const context = await collectBranchContext({ cwd: repo.root });
  assert.deepEqual(context.files, [{ path: name, additions: 3, deletions: 0, previousPath: null }]);
  assert.ok(context.patch.startsWith(`diff --git a/${name} b/${name}\n`), context.patch);

  const worktree = await createReviewWorktree(repo.root, head);
  t.after(() => worktree.dispose());
  const snippet = '  return items.reduce((a, b) => a + b);';
  const { findings, warnings } = await buildFindings({
    answers: [{ reviewerId: 'codex', answer: answerWith([finding({ file: name, startLine: 9, snippet, fix: { description: 'start at 0', edits: [{ file: name, original: snippet, replacement: '  return items.reduce((a, b) => a + b, 0);' }] } })]) }],
    readFileAtHead: createHeadFileReader(worktree.path),
  });

  assert.deepEqual(warnings, []);
  const [located] = findings;
  assert.ok(located?.fix);
  assert.equal(located.location.path, name);
  assert.deepEqual(located.anchor, { status: 'exact', startLine: 2, endLine: 2 });
  const current = repo.read(name);
  const plan = planFix(located.fix, (file) => (file === name ? current : null));
  assert.equal(plan.kind, 'ready');
  assert.match(applyPlannedEdits(current, plan.edits), /reduce\(\(a, b\) => a \+ b, 0\)/);
});

/** A branch that adds a submodule `vendor/lib` at a commit that is not fetched, described by `gitmodules`. */
function branchWithSubmodule(t: TestContext, gitmodules: string): TempRepo {
  const repo = tempRepo(t);
  repo.branch('feature');
  repo.write({ '.gitmodules': gitmodules });
  repo.git('add', '.gitmodules');
  repo.git('update-index', '--add', '--cacheinfo', `160000,${'b'.repeat(40)},vendor/lib`);
  repo.git('commit', '-q', '--no-verify', '-m', 'vendor lib');
  return repo;
}

/**
 * A submodule whose URL would run a command (ext::) and whose update command would too (which git
 * refuses to even parse from .gitmodules); the user's config asks for recursion into every submodule.
 */
function branchWithHostileSubmodule(t: TestContext): { repo: TempRepo; marker: string } {
  const marker = path.join(tempDir(t, 'deep-review-markers-'), 'ran');
  const repo = branchWithSubmodule(t, `[submodule "vendor/lib"]\n\tpath = vendor/lib\n\turl = ext::sh -c touch% ${marker}\n\tupdate = !touch ${marker}\n`);
  repo.git('config', 'submodule.recurse', 'true');
  repo.git('config', 'submodule.active', '.');
  return { repo, marker };
}

test('the hostile submodule is live: plain git diff dies on its .gitmodules and submodule update runs its URL (control)', (t) => {
  const { repo, marker } = branchWithHostileSubmodule(t);

  assert.throws(() => repo.git('diff', '--numstat', 'main', 'feature'), /invalid value for 'submodule\.vendor\/lib\.update'/);
  repo.write({ '.gitmodules': `[submodule "vendor/lib"]\n\tpath = vendor/lib\n\turl = ext::sh -c touch% ${marker}\n` });
  assert.throws(() => repo.git('-c', 'protocol.ext.allow=always', 'submodule', 'update', '--init', '--quiet'));
  assert.equal(fs.existsSync(marker), true);
});

test('a submodule added on the branch is listed, not descended into, and nothing of it runs', async (t) => {
  const { repo, marker } = branchWithHostileSubmodule(t);
  const before = snapshotWorkingTree(repo.root);

  const context = await collectBranchContext({ cwd: repo.root });
  const worktree = await createReviewWorktree(repo.root, context.head);
  const checkedOut = fs.readdirSync(path.join(worktree.path, 'vendor/lib'));
  await worktree.dispose();

  assert.deepEqual(
    context.files.map((file) => file.path),
    ['.gitmodules', 'vendor/lib'],
  );
  assert.match(context.patch, /^diff --git a\/vendor\/lib b\/vendor\/lib\nnew file mode 160000\n[\s\S]*^\+Subproject commit b{40}$/m);
  assert.deepEqual(checkedOut, [], 'the submodule folder stays empty in the review worktree');
  assert.equal(fs.existsSync(marker), false, 'neither the ext:: URL nor the update command ran');
  assert.deepEqual(snapshotWorkingTree(repo.root), before);
  assert.equal(fs.existsSync(path.join(repo.root, '.git', 'modules')), false, 'no submodule was cloned');
});

test('a user diff.submodule=log setting does not change how the submodule shows in the patch', async (t) => {
  const repo = branchWithSubmodule(t, '[submodule "vendor/lib"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n');
  repo.git('config', 'diff.submodule', 'log');
  assert.match(repo.git('diff', 'main', 'feature'), /^Submodule vendor\/lib 0000000\.\.\.b{7} \(new submodule\)$/m, 'the setting is live');

  const context = await collectBranchContext({ cwd: repo.root });

  assert.match(context.patch, /^\+Subproject commit b{40}$/m);
});
