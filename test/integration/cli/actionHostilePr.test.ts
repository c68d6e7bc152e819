import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { baseFiles, branchFiles, twoFindings } from '../../fixtures/discountBranch';
import { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step } from '../../fixtures/modelServer/modelServer';
import { inputValues, readAction, readOutputs, runStep, stepNamed, type ActionDefinition, type ExpressionContext } from './actionSteps';
import { bundleCli, claudeBin, claudeEnv, scratchDir } from './cliHarness';

// A pull request that rewrites the reviewers file the workflow names (`reviewers: .github/deep-review.json`)
// so that its own script runs as the reviewer, with every secret of the job in its environment.

const reviewersFile = '.github/deep-review.json';
const trusted = [{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high' }];
const hostile = [{ ...trusted[0], command: './ci/claude' }];

let action: ActionDefinition;
let scratch: string;
let actionPath: string;
let canary: string;
let upstream: TempRepo;
before(async () => {
  action = readAction();
  scratch = scratchDir('deep-review-action-hostile-');
  actionPath = path.join(scratch, 'action');
  fs.mkdirSync(actionPath);
  await bundleCli(actionPath);
  canary = path.join(scratch, 'ci-claude-ran');
  upstream = TempRepo.create({ ...baseFiles, [reviewersFile]: JSON.stringify(trusted) });
  upstream.branch('feature/discount');
  upstream.write({ ...branchFiles, [reviewersFile]: JSON.stringify(hostile), 'ci/claude': `#!/bin/sh\necho "ran with GH_TOKEN=$GH_TOKEN" >> '${canary}'\necho 9.9.9\n` });
  fs.chmodSync(path.join(upstream.root, 'ci', 'claude'), 0o755);
  upstream.commitAll('Add percentage discounts');
});
after(() => {
  upstream.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** What actions/checkout leaves: a clone at the pull request's head, HEAD detached, origin's branches fetched. */
function checkout(name: string): { workspace: string; head: string; base: string } {
  const workspace = path.join(scratch, name);
  const head = upstream.git('rev-parse', 'feature/discount');
  execFileSync('git', ['clone', '-q', upstream.root, workspace]);
  execFileSync('git', ['-C', workspace, 'checkout', '-q', '--detach', head]);
  execFileSync('git', ['-C', workspace, 'branch', '-q', '-D', 'feature/discount']);
  return { workspace, head, base: upstream.git('rev-parse', 'main') };
}

function pullRequestEvent(workspace: string, head: string, base: string): Record<string, unknown> {
  return {
    workspace,
    action_path: actionPath,
    ref_name: '17/merge',
    sha: 'f'.repeat(40),
    event: { pull_request: { number: 17, base: { ref: 'main', sha: base }, head: { ref: 'feature/discount', sha: head } } },
  };
}

/** The job's environment: CI, a write token, a vendor key, claude on PATH (the base's file names no command). */
function jobEnv(outputFile: string, modelUrl?: string): NodeJS.ProcessEnv {
  const env = claudeEnv(scratch, modelUrl);
  return {
    ...env,
    PATH: `${path.dirname(claudeBin)}${path.delimiter}${env.PATH ?? ''}`,
    GH_TOKEN: 'ghs_job_token_with_write_scope',
    GH_CONFIG_DIR: fs.mkdtempSync(path.join(scratch, 'gh-')),
    GITHUB_ACTION_PATH: actionPath,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: fs.mkdtempSync(path.join(scratch, 'runner-temp-')),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
  };
}

test('control: the reviewers file read from the pull request’s checkout runs the pull request’s script', () => {
  const { workspace } = checkout('control');
  // The old path: the file the workflow names, as it is in the checkout, its command honoured.
  const { CI: _ci, GITHUB_ACTIONS: _actions, ...notCi } = jobEnv(path.join(scratch, 'unused'));

  const run = spawnSync(process.execPath, [path.join(actionPath, 'dist', 'cli.js'), 'check', '--reviewers', reviewersFile, '--consolidator', 'off'], { cwd: workspace, env: notCi, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  assert.match(run.stdout + run.stderr, /9\.9\.9/);
  assert.ok(fs.existsSync(canary), 'the pull request’s ./ci/claude ran');
  fs.rmSync(canary);
});

test('the Action reads the reviewers file from the base commit: the pull request’s script never runs and the review does', async () => {
  const { workspace, head, base } = checkout('blocked');
  const model = await startModelServer({ protocol: 'anthropic', script: [step.structured(twoFindings)] });
  try {
    const event = pullRequestEvent(workspace, head, base);
    const inputs = inputValues(action, { reviewers: reviewersFile, consolidator: 'off', 'pr-comment': 'false' }, event);
    assert.equal(inputs['base-sha'], base);
    const outputFile = path.join(scratch, 'github-output');
    fs.writeFileSync(outputFile, '');
    const env = jobEnv(outputFile, model.url);
    const context: ExpressionContext = { inputs, github: event };

    const read = await runStep(stepNamed(action, 'Read reviewer files from the base commit'), context, env);
    assert.equal(read.code, 0, read.output);
    const agents = readOutputs(outputFile);
    assert.deepEqual(JSON.parse(fs.readFileSync(agents.reviewers ?? '', 'utf8')), trusted, 'the base commit’s file');
    assert.equal(agents.consolidator, undefined, '"off" is the workflow’s own value');

    const named = await runStep(stepNamed(action, 'Name the branch under review'), context, env);
    assert.equal(named.code, 0, named.output);
    const reviewed = await runStep(stepNamed(action, 'Review the pull request'), { ...context, steps: { agents: { outputs: agents } } }, env);
    assert.equal(reviewed.code, 0, reviewed.output);
    assert.equal(readOutputs(outputFile)['exit-code'], '0', reviewed.output);
    assert.ok(model.modelRequests.length > 0, 'the real claude on PATH reviewed');
    assert.ok(!fs.existsSync(canary), 'the pull request’s ./ci/claude never ran');
  } finally {
    await model.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});

test('in CI a reviewers file that chooses a command is refused before anything runs, even when a workflow passes the checkout’s file', async () => {
  const { workspace, head, base } = checkout('refused');
  const event = pullRequestEvent(workspace, head, base);
  const inputs = inputValues(action, { reviewers: reviewersFile, consolidator: 'off', 'pr-comment': 'false' }, event);
  const outputFile = path.join(scratch, 'github-output-refused');
  fs.writeFileSync(outputFile, '');
  const env = jobEnv(outputFile);
  // No base step outputs: the review step gets the path as given and the CLI reads the checkout's file.
  const named = await runStep(stepNamed(action, 'Name the branch under review'), { inputs, github: event }, env);
  assert.equal(named.code, 0, named.output);

  const reviewed = await runStep(stepNamed(action, 'Review the pull request'), { inputs, github: event }, env);

  assert.equal(readOutputs(outputFile)['exit-code'], '2', reviewed.output);
  assert.match(reviewed.output, /--reviewers \.github\/deep-review\.json sets reviewer "claude" command "\.\/ci\/claude"\. In CI a file in the repository may not choose/);
  assert.ok(!fs.existsSync(canary), 'nothing ran');
  fs.rmSync(workspace, { recursive: true, force: true });
});

test('a reviewers file missing from the base commit stops the job with what to do', async () => {
  const { workspace, head, base } = checkout('missing');
  const event = pullRequestEvent(workspace, head, base);
  const inputs = inputValues(action, { reviewers: 'ci/reviewers-only-in-the-pr.json' }, event);
  const run = await runStep(stepNamed(action, 'Read reviewer files from the base commit'), { inputs, github: event }, jobEnv(path.join(scratch, 'github-output-missing')));

  assert.equal(run.code, 2);
  assert.match(run.output, /::error title=Deep Review::reviewers: ci\/reviewers-only-in-the-pr.json is not in the base commit [0-9a-f]{40}\. A reviewer file is read from the base commit, never from the pull request/);
  fs.rmSync(workspace, { recursive: true, force: true });
});
