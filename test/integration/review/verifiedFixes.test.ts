import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import type { ReviewerAnswer } from '../../../src/shared/reviewerAnswer';
import { answerWith, branchFiles, cartFinding, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import { step } from '../../fixtures/modelServer/modelServer';
import { processesInReviewWorktrees } from '../../fixtures/processes';
import { scriptedReviewSession } from '../../fixtures/scriptedReview';

// Verified fixes through the whole review: real Claude Code against a scripted server, real git, and a
// real check (a Node script of the reviewed branch) run once without fixes and once per fix.

const session = scriptedReviewSession();

/** The branch's own check: loads both modules (a syntax error fails it) and logs who ran it where. */
const checkScript = [
  "import fs from 'node:fs';",
  "const { price } = await import('./src/price.js');",
  "const { total } = await import('./src/cart.js');",
  "if (price({ amount: 2, unitPrice: 3 }) !== 6) throw new Error('price is wrong');",
  "if (typeof total !== 'function') throw new Error('cart has no total');",
  'fs.appendFileSync(process.env.CHECK_LOG, JSON.stringify({ finding: process.env.DEEP_REVIEW_FINDING, cwd: process.cwd(), repo: process.env.DEEP_REVIEW_REPO_ROOT, key: "ANTHROPIC_API_KEY" in process.env }) + "\\n");',
  '',
].join('\n');

const [divideBy10] = twoFindings.findings;
/** A fix that drops a parenthesis: the module no longer parses. */
const brokenCartFix: ReviewerAnswer['findings'][number] = {
  ...cartFinding,
  fix: {
    description: 'Take the percentage as a parameter.',
    edits: [{ file: 'src/cart.js', original: cartFinding.snippet, replacement: 'export const total = (items, percent) => items.reduce((sum, item) => sum + discounted(item, percent, 0);' }],
  },
};
/** A fix written against code that is not in the file. */
const staleFix: ReviewerAnswer['findings'][number] = {
  severity: 'suggestion',
  title: 'Price could round to cents',
  body: 'Totals carry floating-point noise.',
  file: 'src/price.js',
  startLine: 2,
  endLine: 2,
  snippet: '  return item.amount * item.unitPrice;',
  fix: { description: 'Round.', edits: [{ file: 'src/price.js', original: '  return item.amount * item.price;\n', replacement: '  return Math.round(item.amount * item.price * 100) / 100;\n' }] },
  tags: [],
};

function checkLog(): { folder: string; file: string; entries: () => Array<{ finding: string; cwd: string; repo: string; key: boolean }> } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-check-log-'));
  const file = path.join(folder, 'runs.jsonl');
  return {
    folder,
    file,
    entries: () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as never) : []),
  };
}

function useRepoWithCheck(): ReturnType<typeof createDiscountRepo> {
  return session.useRepo(createDiscountRepo({ 'package.json': '{ "type": "module" }\n', 'check.mjs': checkScript }));
}

test('each fix is run through the branch’s check in a scratch worktree: verified, breaks the check, or does not apply', async () => {
  const repo = useRepoWithCheck();
  const log = checkLog();
  const statusBefore = repo.git('status', '--porcelain');
  const worktreesBefore = repo.git('worktree', 'list');
  const report = await session.review(
    { claude: [step.structured(answerWith([staleFix, brokenCartFix, divideBy10!]))] },
    { verifyCommand: { command: 'node check.mjs', timeoutSeconds: 60 }, baseEnv: { ...process.env, CHECK_LOG: log.file, ANTHROPIC_API_KEY: 'sk-secret' }, verifyWritable: [log.folder], consolidator: null },
  );

  const byTitle = (title: string) => report.findings.find((finding) => finding.title === title)!;
  assert.equal(byTitle(divideBy10!.title).fixVerification?.status, 'passed');
  assert.equal(byTitle(divideBy10!.title).fixVerification?.detail, null);
  const broken = byTitle(cartFinding.title).fixVerification;
  assert.equal(broken?.status, 'failed');
  assert.match(broken.detail ?? '', /SyntaxError/, 'the first error lines of the check say why');
  assert.deepEqual(byTitle(staleFix.title).fixVerification, {
    status: 'not-applied',
    detail: 'The text the fix replaces is not in src/price.js at the reviewed commit (the closest is line 2: `return item.amount * item.unitPrice;`), so the fix cannot be placed there.',
    durationMs: 0,
  });

  assert.equal(report.fixVerification?.command, 'node check.mjs');
  assert.equal(report.fixVerification.baseline.status, 'passed');
  assert.equal(report.fixVerification.verifiedFixes, 2);
  assert.ok(report.notes.includes('Fixes verified with `node check.mjs` in a scratch worktree: 1 passed, 1 broke the check, 1 did not apply to the reviewed commit.'), report.notes.join('\n'));

  // Once without fixes, then most severe first; never in the user's repository, never with the user's API key.
  const runs = log.entries();
  assert.deepEqual(runs.map((run) => run.finding), ['', byTitle(divideBy10!.title).id]);
  for (const run of runs) {
    assert.match(run.cwd, /\/deep-review-wt-[^/]+$/, 'the check runs in a scratch worktree (removed since)');
    assert.equal(run.repo, repo.root);
    assert.equal(run.key, false, 'secrets stay out of the check');
  }
  assert.equal(repo.git('status', '--porcelain'), statusBefore, 'the working tree is untouched');
  assert.equal(repo.read('src/price.js'), branchFiles['src/price.js']);
  assert.equal(repo.git('worktree', 'list'), worktreesBefore, 'the scratch worktree is removed');

  const markdown = renderMarkdownReport(report);
  assert.match(markdown, /\*\*Fix verified\*\*: the check passed with this fix applied in /);
  assert.match(markdown, /\*\*Fix breaks the check\*\* in [^:]+:\n\n```text\n[^`]*SyntaxError/);
  assert.match(markdown, /\| Fix check \| `node check\.mjs`: passed at HEAD without fixes \([^)]+\); 2 fixes run — 1 verified, 1 breaks it \|/);
});

test('a check that already fails without any fix verifies nothing, and says so', async () => {
  useRepoWithCheck();
  const report = await session.review(
    { claude: [step.structured(answerWith([divideBy10!]))] },
    { verifyCommand: { command: 'echo "lint: 3 problems" && echo "error: src/cart.js uses tabs" >&2 && exit 2', timeoutSeconds: 60 }, consolidator: null },
  );
  assert.equal(report.fixVerification?.baseline.status, 'failed');
  assert.equal(report.fixVerification.baseline.exitCode, 2);
  assert.equal(report.fixVerification.baseline.excerpt, 'error: src/cart.js uses tabs');
  assert.equal(report.fixVerification.verifiedFixes, 0);
  assert.deepEqual(report.findings[0]?.fixVerification, {
    status: 'skipped',
    detail: 'The check fails at the reviewed commit without any fix, so no fix could be verified.',
    durationMs: 0,
  });
  assert.ok(report.notes.includes('Fixes were not verified: `echo "lint: 3 problems" && echo "error: src/cart.js uses tabs" >&2 && exit 2` failed at the reviewed commit without any fix.'));
});

test('a check that hangs with a fix is stopped at the timeout, with everything it started', async () => {
  useRepoWithCheck();
  const report = await session.review(
    { claude: [step.structured(answerWith([divideBy10!]))] },
    // Without a fix it passes at once; with one, it starts a child that would run for a minute.
    { verifyCommand: { command: 'test -z "$DEEP_REVIEW_FINDING" || { echo "waiting for the database"; sleep 60; }', timeoutSeconds: 2 }, consolidator: null },
  );
  const verification = report.findings[0]?.fixVerification;
  assert.equal(verification?.status, 'timed-out');
  assert.match(verification.detail ?? '', /^Stopped after 2 s\.\nwaiting for the database$/);
  assert.ok(verification.durationMs < 15_000, `stopped promptly (${verification.durationMs} ms)`);
  assert.deepEqual(processesInReviewWorktrees(), [], 'no process of the check outlives it');
  assert.match(renderMarkdownReport(report), /\| Fix check \| `.*`: passed at HEAD without fixes \([^)]+\); 1 fix run — 0 verified, 0 break it, 1 timed out \|/);
});

test('a fix that edits the package manifest is not run through the check: its script would be the agent’s code', async () => {
  const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-manifest-')), 'script-ran');
  session.useRepo(createDiscountRepo({ 'package.json': '{ "type": "module", "scripts": { "check": "true" } }\n' }));
  const manifestFix: ReviewerAnswer['findings'][number] = {
    ...divideBy10!,
    fix: {
      description: 'Divide by 100 and check more.',
      edits: [...divideBy10!.fix!.edits, { file: 'package.json', original: '"check": "true"', replacement: `"check": "touch '${marker}'"` }],
    },
  };
  // What the check runs is package.json's own script, which the fix rewrites.
  const command = `node -e "require('child_process').execSync(require('./package.json').scripts.check, { stdio: 'inherit' })"`;
  const report = await session.review({ claude: [step.structured(answerWith([manifestFix]))] }, { verifyCommand: { command, timeoutSeconds: 60 }, consolidator: null });

  assert.equal(report.fixVerification?.baseline.status, 'passed');
  assert.deepEqual(report.findings[0]?.fixVerification, {
    status: 'skipped',
    detail: 'Not verified: the fix edits package.json, which configure tools that run code.',
    durationMs: 0,
  });
  assert.equal(fs.existsSync(marker), false, 'the script the fix wrote never ran');
});
