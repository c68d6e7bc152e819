import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sandboxSupport } from '../../../src/engine/sandbox/sandboxSupport';
import { reviewReportSchema } from '../../../src/shared/reportModel';
import { createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import { startModelServer, step } from '../../fixtures/modelServer/modelServer';
import { bundleCli, claudeBin, claudeEnv, runCli, scratchDir } from './cliHarness';

// Where no sandbox can start, the review still runs, and the CLI, the report and `check` say plainly
// what the agents could read. DEEP_REVIEW_NO_SANDBOX=1 stands in for a machine without bubblewrap.

const reviewers = JSON.stringify([{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin }]);
const couldRead = /Agents ran without a sandbox \(DEEP_REVIEW_NO_SANDBOX=1 is set\): each agent and the verify command could read every file your user can read, including ~\/\.ssh/;

let scratch: string;
let cli: string;
before(async () => {
  scratch = scratchDir('deep-review-cli-sandbox-');
  cli = await bundleCli(scratch);
});
after(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function reviewWith(extraEnv: NodeJS.ProcessEnv, out: string): Promise<{ code: number | null; stderr: string; markdown: string; notes: string[] }> {
  const repo = createDiscountRepo();
  const server = await startModelServer({ protocol: 'anthropic', script: [step.structured(twoFindings)] });
  try {
    const run = await runCli(cli, ['review', '--repo', repo.root, '--base', 'main', '--out', path.join(scratch, out), '--reviewers', reviewers, '--format', 'md,json'], {
      ...claudeEnv(scratch, server.url),
      ...extraEnv,
    });
    const files = run.stdout.trim().split('\n');
    const json = files.find((file) => file.endsWith('.json'));
    const markdown = files.find((file) => file.endsWith('.md'));
    return {
      code: run.code,
      stderr: run.stderr,
      markdown: markdown ? fs.readFileSync(markdown, 'utf8') : '',
      notes: json ? reviewReportSchema.parse(JSON.parse(fs.readFileSync(json, 'utf8'))).notes : [],
    };
  } finally {
    await server.close();
    repo.remove();
  }
}

test('without a sandbox the review still runs, and the CLI and the report say what the agents could read', async () => {
  const { code, stderr, markdown, notes } = await reviewWith({ DEEP_REVIEW_NO_SANDBOX: '1' }, 'out-unsandboxed');

  assert.equal(code, 0, stderr);
  assert.match(stderr, new RegExp(`deep-review: warning: ${couldRead.source}`));
  assert.ok(notes.some((note) => couldRead.test(note)), JSON.stringify(notes));
  assert.match(markdown, couldRead);
});

test('with a sandbox, neither the CLI nor the report carries that warning', { skip: !sandboxSupport().available && 'no sandbox on this machine' }, async () => {
  const { code, stderr, notes } = await reviewWith({}, 'out-sandboxed');

  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /without a sandbox/);
  assert.ok(!notes.some((note) => note.includes('without a sandbox')));
});

test('check says whether reviewers run sandboxed', async () => {
  const plain = await runCli(cli, ['check', '--reviewers', reviewers], { ...claudeEnv(scratch), ANTHROPIC_API_KEY: 'sk-test' });
  assert.match(plain.stdout, sandboxSupport().available ? /sandbox: yes — runs in a bubblewrap sandbox/ : /sandbox: NONE/);
  const unsandboxed = await runCli(cli, ['check', '--reviewers', reviewers], { ...claudeEnv(scratch), ANTHROPIC_API_KEY: 'sk-test', DEEP_REVIEW_NO_SANDBOX: '1' });
  assert.match(unsandboxed.stdout, /sandbox: NONE — no sandbox \(DEEP_REVIEW_NO_SANDBOX=1 is set\): it can read every file your user can read/);
});
