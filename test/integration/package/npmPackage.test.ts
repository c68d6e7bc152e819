import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { answerWith, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';
import { claudeBin, claudeEnv, runCommand } from '../cli/cliHarness';

// The npm package is the command-line tool (`npx deep-review review …`, what the GitHub Action runs): packed
// with `npm pack` from the dist/cli.js already built (--ignore-scripts: its prepack's production build would
// replace dist/ under the other suites), installed into an empty project (its dependencies from npm's cache
// when they are there), and run from there.

const repoRoot = path.resolve(__dirname, '..', '..', '..');
let scratch: string;
let tarball: string;
let bin: string;
let files: string[];

before(() => {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'cli.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-npm-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as Array<{ filename: string; files: Array<{ path: string }>; dependencies?: unknown }>;
  tarball = path.join(scratch, packed[0]!.filename);
  files = packed[0]!.files.map((file) => file.path).sort();
  const project = path.join(scratch, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "ci-project", "private": true }\n');
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, stdio: 'pipe' });
  bin = path.join(project, 'node_modules', '.bin', 'deep-review');
});

after(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

test('the package holds the CLI bundle, the prompts, package.json and the README — nothing else', () => {
  assert.deepEqual(files, [
    'README.md',
    'dist/cli.js',
    'package.json',
    'prompts/consolidator-answer.schema.json',
    'prompts/consolidator.md',
    'prompts/reviewer-answer.schema.json',
    'prompts/reviewer.md',
  ]);
});

test('it installs into an empty project and its bin prints the usage', () => {
  const help = spawnSync(bin, ['--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /deep-review review/);
});

test('the installed CLI reviews a repository with a real agent CLI, reading the prompts from the package', async () => {
  let server: ModelServer | undefined;
  let repo: TempRepo | undefined;
  try {
    server = await startModelServer({ protocol: 'anthropic', script: [step.structured(answerWith(twoFindings.findings))] });
    repo = createDiscountRepo();
    const out = path.join(scratch, 'report');
    const reviewers = JSON.stringify([{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin }]);
    const run = await runCommand(bin, ['review', '--repo', repo.root, '--base', 'main', '--reviewers', reviewers, '--consolidator', 'off', '--no-pr', '--out', out, '--format', 'md,json', '--progress', 'none'], claudeEnv(scratch, server.url));
    assert.equal(run.code, 0, run.stderr);
    const written = run.stdout.trim().split('\n');
    assert.equal(written.length, 2);
    assert.match(fs.readFileSync(written.find((file) => file.endsWith('.md'))!, 'utf8'), /Discount divides by 10 instead of 100/);
    assert.match(JSON.stringify(server.modelRequests[0]), /feature\/discount/, 'the prompt from the package\'s prompts/ was sent');
  } finally {
    await server?.close();
    repo?.remove();
  }
});

