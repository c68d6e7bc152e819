import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readEmbeddedLedger, reportCommentMarker } from '../../../src/engine/github/prCommentBody';
import { createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import { startModelServer, step } from '../../fixtures/modelServer/modelServer';
import { startFakeGithubWithComments } from '../github/fakeGithubWithComments';
import { owner, repoName, requireGh, token } from '../github/ghTestSetup';
import { evaluate, inputValues, readAction, readOutputs, runStep, stepNamed, type ActionDefinition, type ExpressionContext } from './actionSteps';
import { bundleCli, claudeBin, claudeEnv, scratchDir } from './cliHarness';
import { sarifSchemaErrors } from './sarifSchemaCheck';

const root = path.resolve(__dirname, '..', '..', '..');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
const locked = (name: string) => lock.packages[`node_modules/${name}`]?.version;

let action: ActionDefinition;
let scratch: string;
let actionPath: string;
before(async () => {
  action = readAction();
  scratch = scratchDir('deep-review-action-');
  // $GITHUB_ACTION_PATH after the build step: dist/cli.js next to prompts/.
  actionPath = path.join(scratch, 'action');
  fs.mkdirSync(actionPath);
  await bundleCli(actionPath);
});
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });

test('action.yml is a composite action whose steps are named, use only declared inputs, and splice nothing into scripts', () => {
  assert.equal(action.runs.using, 'composite');
  const steps = action.runs.steps;
  for (const [index, actionStep] of steps.entries()) {
    assert.ok(typeof actionStep.name === 'string' && actionStep.name !== '', `step ${index} has a name`);
    assert.ok((actionStep.uses === undefined) !== (actionStep.run === undefined), `${actionStep.name ?? ''}: uses or run`);
    if (actionStep.run !== undefined) {
      assert.equal(actionStep.shell, 'bash', `${actionStep.name ?? ''}: a composite run step needs a shell`);
      assert.doesNotMatch(actionStep.run, /\$\{\{/, `${actionStep.name ?? ''}: inputs and event fields reach scripts through env only (no expression injection)`);
    }
  }
  const text = JSON.stringify(action.runs.steps) + JSON.stringify(action.outputs);
  const used = new Set([...text.matchAll(/inputs\.([A-Za-z0-9_-]+)/g)].map((match) => match[1]!));
  for (const input of used) assert.ok(input in action.inputs, `inputs.${input} is declared`);
  for (const input of Object.keys(action.inputs)) assert.ok(used.has(input), `input ${input} is used by a step`);
  const ids = new Set(steps.map((actionStep) => actionStep.id).filter(Boolean));
  for (const [name, output] of Object.entries(action.outputs)) {
    const match = /steps\.([\w-]+)\.outputs\.([\w-]+)/.exec(output.value);
    assert.ok(match && ids.has(match[1]), `output ${name} comes from a step of the action`);
  }
  assert.deepEqual(Object.keys(action.outputs).sort(), ['exit-code', 'report-dir', 'sarif', 'verdict']);
  for (const input of Object.values(action.inputs)) assert.ok(input.description.length > 10);
});

test('the pinned agent CLI and esbuild versions are those of package-lock.json', () => {
  assert.equal(action.inputs['claude-code-version']?.default, locked('@anthropic-ai/claude-code'));
  assert.equal(action.inputs['codex-version']?.default, locked('@openai/codex'));
  assert.equal(action.inputs['gemini-cli-version']?.default, locked('@google/gemini-cli'));
  assert.equal(action.inputs['opencode-version']?.default, locked('opencode-ai'));
  assert.match(stepNamed(action, 'Build the Deep Review CLI').run ?? '', new RegExp(`npx --yes esbuild@${(locked('esbuild') ?? '?').replace(/\./g, '\\.')} src/cli/main\\.ts`));
  assert.equal(stepNamed(action, 'Set up Node.js').uses, 'actions/setup-node@v4');
});

test('the build step’s esbuild command line bundles a CLI that runs (npm ci and the npx download left out)', async () => {
  const actionCopy = path.join(scratch, 'action-copy');
  fs.mkdirSync(actionCopy);
  for (const entry of ['src', 'prompts', 'package.json', 'node_modules', 'tsconfig.json']) fs.symlinkSync(path.join(root, entry), path.join(actionCopy, entry));
  const shimDir = path.join(scratch, 'build-shim');
  fs.mkdirSync(shimDir);
  fs.writeFileSync(path.join(shimDir, 'npm'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  // npx --yes esbuild@<pinned> … → the same esbuild version from node_modules.
  fs.writeFileSync(path.join(shimDir, 'npx'), `#!/bin/sh\n[ "$1" = --yes ] && [ "$2" = esbuild@${locked('esbuild') ?? '?'} ] || exit 9\nshift 2\nexec '${path.join(root, 'node_modules', '.bin', 'esbuild')}' "$@"\n`, { mode: 0o755 });
  const github = { ...pullRequestEvent(scratch, 'a'.repeat(40)), action_path: actionCopy };
  const env = runnerEnv({ PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ''}`, HOME: scratch }, path.join(scratch, 'out-build'));

  const run = await runStep(stepNamed(action, 'Build the Deep Review CLI'), { inputs: inputValues(action, {}, github), github }, env);

  assert.equal(run.code, 0, run.output);
  const built = path.join(actionCopy, 'dist', 'cli.js');
  assert.ok(fs.readFileSync(built, 'utf8').startsWith('#!/usr/bin/env node\n'));
  assert.match(execFileSync(process.execPath, [built, 'clis', '--consolidator', 'off'], { encoding: 'utf8' }), /^claude\ncodex\ngemini\n$/);
});

const pullRequestEvent = (workspace: string, head: string) => ({
  workspace,
  action_path: actionPath,
  ref_name: '17/merge',
  sha: 'f'.repeat(40),
  event: { pull_request: { number: 17, base: { ref: 'main' }, head: { ref: 'feature/discount', sha: head } } },
});

function runnerEnv(extra: NodeJS.ProcessEnv, outputFile: string): NodeJS.ProcessEnv {
  return { ...extra, GITHUB_ACTION_PATH: actionPath, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: scratch, CI: 'true', GITHUB_ACTIONS: 'true' };
}

test('the install step installs exactly the CLIs the reviewers and the consolidator use, at the pinned versions', async () => {
  const shimDir = path.join(scratch, 'npm-shim');
  const log = path.join(scratch, 'npm.log');
  fs.mkdirSync(shimDir);
  // npm itself is not run: a global install of the agents is ~900 MB. The shim records what would be installed.
  fs.writeFileSync(path.join(shimDir, 'npm'), `#!/bin/sh\necho "$*" >> '${log}'\n`, { mode: 0o755 });
  const github = pullRequestEvent(scratch, 'a'.repeat(40));
  const reviewers = JSON.stringify([{ id: 'g', cli: 'gemini', model: 'pro', effort: 'high' }]);
  const inputs = inputValues(action, { reviewers }, github);
  const env = runnerEnv({ PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ''}`, HOME: scratch }, path.join(scratch, 'out-install'));

  const run = await runStep(stepNamed(action, 'Install the agent CLIs'), { inputs, github }, env);

  assert.equal(run.code, 0, run.output);
  assert.equal(fs.readFileSync(log, 'utf8'), 'install -g --no-audit --no-fund @google/gemini-cli@0.61.0 @anthropic-ai/claude-code@2.1.330\n');
});

test('on a pull request checkout the branch is named, the review runs, outputs are set, the PR comment is written, and fail-on fails the job', async () => {
  requireGh();
  const upstream = createDiscountRepo();
  const workspace = path.join(scratch, 'workspace');
  const model = await startModelServer({ protocol: 'anthropic', script: [step.structured(twoFindings)] });
  const head = upstream.git('rev-parse', 'HEAD');
  const github = await startFakeGithubWithComments({
    repository: { owner, name: repoName, pullRequests: [{ number: 17, title: 'Discounts', author: 'dana', body: '', baseRefName: 'main', headRefName: 'feature/discount', headRefOid: head }] },
    token,
    viewer: null,
  });
  try {
    // What actions/checkout leaves: a clone at the PR head, HEAD detached, origin's branches fetched.
    execFileSync('git', ['clone', '-q', upstream.root, workspace]);
    execFileSync('git', ['-C', workspace, 'checkout', '-q', '--detach', head]);
    execFileSync('git', ['-C', workspace, 'branch', '-q', '-D', 'feature/discount']);
    execFileSync('git', ['-C', workspace, 'remote', 'set-url', 'origin', `https://github.com/${owner}/${repoName}.git`]);
    const event = pullRequestEvent(workspace, head);
    const reviewers = JSON.stringify([{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin }]);
    const inputs = inputValues(action, { reviewers, consolidator: 'off', 'fail-on': 'critical', 'budget-minutes': '5', 'budget-usd': '5' }, event);
    assert.equal(inputs.base, 'main');
    assert.equal(inputs['head-ref'], 'feature/discount');
    const outputFile = path.join(scratch, 'github-output');
    fs.writeFileSync(outputFile, '');
    const env = runnerEnv({ ...claudeEnv(scratch, model.url), GH_CONFIG_DIR: github.ghConfigDir, GH_TOKEN: token }, outputFile);
    const context: ExpressionContext = { inputs, github: event };

    const named = await runStep(stepNamed(action, 'Name the branch under review'), context, env);
    assert.equal(named.code, 0, named.output);
    assert.equal(execFileSync('git', ['-C', workspace, 'symbolic-ref', 'HEAD'], { encoding: 'utf8' }).trim(), 'refs/heads/feature/discount');

    const reviewed = await runStep(stepNamed(action, 'Review the pull request'), context, env);
    assert.equal(reviewed.code, 0, reviewed.output);
    const outputs = readOutputs(outputFile);
    assert.equal(outputs['exit-code'], '3', reviewed.output);
    assert.equal(outputs['report-dir'], path.join(scratch, 'deep-review'));
    assert.match(outputs.verdict ?? '', /\S/);
    const sarif = outputs.sarif ?? '';
    assert.ok(sarif.endsWith('.sarif') && fs.existsSync(sarif), sarif);
    assert.deepEqual(sarifSchemaErrors(fs.readFileSync(sarif, 'utf8')), []);
    assert.deepEqual(fs.readdirSync(outputs['report-dir'] ?? '').map((file) => path.extname(file)).sort(), ['.json', '.md', '.sarif']);
    assert.match(reviewed.output, /Reviewing feature\/discount against origin\/main/);
    assert.equal(github.comments.length, 1, reviewed.output);
    assert.equal(github.comments[0]!.login, 'github-actions[bot]');
    assert.ok(github.comments[0]!.body.startsWith(reportCommentMarker));
    assert.equal(readEmbeddedLedger(github.comments[0]!.body).found, true);

    const fail = stepNamed(action, 'Fail on findings or a failed review');
    const withOutputs: ExpressionContext = { ...context, steps: { review: { outputs } } };
    assert.equal(evaluate('${{ steps.review.outputs.exit-code }}', withOutputs), '3');
    const failed = await runStep(fail, withOutputs, env);
    assert.equal(failed.code, 3);
    assert.match(failed.output, /::error title=Deep Review::The report has a finding at or above critical/);
  } finally {
    await model.close();
    await github.close();
    upstream.remove();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});

test('the branch step refuses a checkout that is not at the commit under review', async () => {
  const repo = createDiscountRepo();
  try {
    const event = pullRequestEvent(repo.root, 'b'.repeat(40));
    const run = await runStep(stepNamed(action, 'Name the branch under review'), { inputs: inputValues(action, {}, event), github: event }, runnerEnv({ PATH: process.env.PATH }, path.join(scratch, 'unused')));
    assert.equal(run.code, 1);
    assert.match(run.output, /::error title=Deep Review::The checkout is at [0-9a-f]{40}, not the commit under review b{40}/);
  } finally {
    repo.remove();
  }
});
