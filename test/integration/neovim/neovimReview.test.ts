import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, test } from 'node:test';
import { z } from 'zod';
import { branchFiles, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';
import { claudeServerEnv } from '../server/claudeReview';

// Debian's real Neovim (scripts/setup-tools.sh installs it), headless, against `deep-review lsp --stdio` (the
// built dist/cli.js) on a real repository, reviewed by the real Claude Code CLI talking to a scripted model server.
// The editor side is reviewInNeovim.lua: the setup of docs/editors.md and what a user does.

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const claudeBin = path.join(root, 'node_modules', '.bin', 'claude');
const driver = path.join(__dirname, 'reviewInNeovim.lua');

const neovimResultSchema = z.object({
  problem: z.string().nullable().optional(),
  steps: z.array(z.string()),
  progress: z.array(z.string()),
  messages: z.array(z.string()),
  review: z.object({ round: z.number(), findings: z.number(), verdict: z.string(), warnings: z.array(z.string()) }).optional(),
  diagnostics: z.array(z.object({ code: z.string(), lnum: z.number(), source: z.string(), message: z.string() })).optional(),
  offeredActions: z.array(z.string()).optional(),
  fixStatus: z.string().nullable().optional(),
  dismissError: z.string().nullable().optional(),
  report: z.object({ files: z.array(z.string()), shown: z.boolean() }).nullable().optional(),
  shownDocument: z.string().optional(),
  currentFile: z.string().optional(),
});

let scratch: string;
let repo: TempRepo | undefined;
let server: ModelServer | undefined;

before(() => {
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first.');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-nvim-'));
});
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });
afterEach(async () => {
  await server?.close();
  repo?.remove();
  repo = undefined;
  server = undefined;
});

function runNeovim(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // -u NONE: no user configuration; -i NONE: no shada; -n: no swap files.
    const child = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${driver}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test('Neovim runs a review over LSP: progress to the end, diagnostics at the findings’ lines, a fix applied from the code-action menu, a dismissal and the report', { timeout: 320_000 }, async () => {
  repo = createDiscountRepo();
  server = await startModelServer({ protocol: 'anthropic', script: [step.tool('Bash', { command: 'git diff --no-ext-diff main...HEAD' }), step.structured(twoFindings)] });
  const resultFile = path.join(scratch, 'result.json');
  const settings = {
    reviewers: [{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin, enabled: true }],
    consolidator: { cli: 'claude', model: 'opus', effort: 'high', enabled: false },
    baseBranch: 'main',
  };
  const pricePath = path.join(repo.root, 'src', 'price.js');
  const { output } = await runNeovim({
    ...claudeServerEnv(scratch, server.url),
    DR_CMD: JSON.stringify([process.execPath, cli, 'lsp', '--stdio']),
    DR_FILE: pricePath,
    DR_SETTINGS: JSON.stringify(settings),
    DR_RESULT: resultFile,
  });
  assert.ok(fs.existsSync(resultFile), `Neovim wrote no result; its output:\n${output}`);
  const result = neovimResultSchema.parse(JSON.parse(fs.readFileSync(resultFile, 'utf8')));
  assert.equal(result.problem ?? null, null, `${result.problem ?? ''}\n${JSON.stringify(result, null, 2)}\n${output}`);
  assert.deepEqual(result.steps, ['reviewed', 'fixed', 'dismissed', 'report']);

  // The review: work-done progress the server created, with the agent's activity, ended; the command's summary.
  assert.ok(result.progress.some((message) => /claude: reviewing… 1 tool call, last Bash\(git diff\)/.test(message)), result.progress.join('\n'));
  assert.equal(result.review?.findings, 2);
  assert.deepEqual(result.review.warnings, []);
  assert.ok(result.messages.some((message) => /^Deep Review round 1: /.test(message)), result.messages.join('\n'));

  // Diagnostics at the findings' lines (0-based: lines 7 and 6).
  const byCode = new Map(result.diagnostics?.map((diagnostic) => [diagnostic.code, diagnostic]));
  assert.equal(byCode.get('C1')?.lnum, 6);
  assert.equal(byCode.get('S1')?.lnum, 5);
  assert.equal(byCode.get('C1')?.source, 'Deep Review');

  // The fix, picked from the menu, written to disk; nothing else in the file changed.
  assert.ok(result.offeredActions?.includes('Apply Deep Review fix (C1)'), JSON.stringify(result.offeredActions));
  assert.equal(fs.readFileSync(pricePath, 'utf8'), branchFiles['src/price.js']!.replace('(100 - percent) / 10;', '(100 - percent) / 100;'));
  assert.equal(result.fixStatus, 'fixed');
  assert.equal(result.dismissError ?? null, null);

  // The report: Markdown written outside the repository and opened through window/showDocument.
  const markdown = result.report?.files[0];
  assert.ok(markdown !== undefined && result.report?.shown === true, JSON.stringify(result.report));
  assert.equal(result.shownDocument !== undefined && fileURLToPath(result.shownDocument), markdown);
  assert.equal(result.currentFile, markdown);
  assert.ok(!markdown.startsWith(repo.root));
  const report = fs.readFileSync(markdown, 'utf8');
  assert.match(report, /Discount divides by 10 instead of 100/);
  fs.rmSync(path.dirname(markdown), { recursive: true, force: true });
});
