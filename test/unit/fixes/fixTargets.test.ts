import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { classifyFixPath, fixPathOnDisk, fixTargetDecision } from '../../../src/engine/fixes/fixTargets';
import type { Fix } from '../../../src/shared/findingModel';

// Fix edits come from agents that text in the branch can steer: which files may they touch, and how.

const gitDirSpellings = [
  '.git/config',
  '.GIT/config',
  '.Git/hooks/pre-commit',
  'sub/module/.git/config',
  '.git',
  '.git./config',
  '.git /config',
  '.git::$INDEX_ALLOCATION/config',
  'GIT~1/config',
  '.g\u200cit/config',
  './.git/config',
  'a\\.git\\config',
];

test('every spelling of git\'s own directory, at any depth, is forbidden', () => {
  for (const repoPath of gitDirSpellings) assert.equal(classifyFixPath(repoPath).kind, 'forbidden', repoPath);
  for (const repoPath of ['../outside.txt', '/etc/passwd', 'C:/x', 'a/../../b']) assert.equal(classifyFixPath(repoPath).kind, 'forbidden', repoPath);
});

test('files that make tools run code are edited only through a preview', () => {
  const toolConfig = [
    '.vscode/settings.json',
    '.vscode/tasks.json',
    'packages/app/.vscode/launch.json',
    '.github/workflows/ci.yml',
    '.github/actions/setup/action.yml',
    '.claude/settings.json',
    '.codex/config.toml',
    '.gemini/settings.json',
    '.gitattributes',
    'docs/.gitattributes',
    '.gitmodules',
    '.husky/pre-commit',
    '.githooks/pre-push',
    'package.json',
    'packages/web/package.json',
    'Package.JSON',
    'pyproject.toml',
    'setup.py',
    'Cargo.toml',
    'build.rs',
    'Makefile',
    'composer.json',
    'Gemfile',
    '.npmrc',
    '.envrc',
    '.mcp.json',
    'project.code-workspace',
    '.pre-commit-config.yaml',
  ];
  for (const repoPath of toolConfig) assert.equal(classifyFixPath(repoPath).kind, 'tool-config', repoPath);
  for (const repoPath of ['src/price.js', 'src/hooks/useCart.ts', 'docs/package.md', 'github/workflows.md', 'README.md', '.gitignore']) {
    assert.equal(classifyFixPath(repoPath).kind, 'ordinary', repoPath);
  }
});

const onlyPrice: Fix = { description: 'Round.', edits: [{ path: 'src/price.js', original: 'a', replacement: 'b' }] };

test('a fix of its own finding\'s file is applied directly; any other file or tool config needs the preview naming every file', () => {
  assert.deepEqual(fixTargetDecision(onlyPrice, { findingPath: 'src/price.js' }), { kind: 'direct' });
  const twoFiles: Fix = { ...onlyPrice, edits: [...onlyPrice.edits, { path: 'src/tax.js', original: 'c', replacement: 'd' }] };
  const decision = fixTargetDecision(twoFiles, { findingPath: 'src/price.js' });
  assert.deepEqual(decision, { kind: 'preview', paths: ['src/price.js', 'src/tax.js'], toolConfigPaths: [], reason: "Preview first: it edits a file other than the finding's." });
  const workflow: Fix = { ...onlyPrice, edits: [{ path: '.github/workflows/ci.yml', original: 'c', replacement: 'd' }] };
  const viaWorkflow = fixTargetDecision(workflow, { findingPath: '.github/workflows/ci.yml' });
  assert.deepEqual(viaWorkflow, {
    kind: 'preview',
    paths: ['.github/workflows/ci.yml'],
    toolConfigPaths: ['.github/workflows/ci.yml'],
    reason: 'Preview first: .github/workflows/ci.yml configures a tool that runs code.',
  });
});

test('a fix with one edit into .git or outside the reviewed commit\'s files is refused whole', () => {
  const fsmonitor: Fix = { ...onlyPrice, edits: [...onlyPrice.edits, { path: '.git/config', original: '[core]\n', replacement: '[core]\n\tfsmonitor = ./evil.sh\n' }] };
  const refused = fixTargetDecision(fsmonitor, { findingPath: 'src/price.js' });
  assert.deepEqual(refused, { kind: 'refused', reason: "The fix is not offered: .git/config is inside git's own directory (.git)." });
  const untracked = fixTargetDecision(onlyPrice, { findingPath: 'src/price.js', isTracked: (repoPath) => repoPath !== 'src/price.js' });
  assert.deepEqual(untracked, { kind: 'refused', reason: 'The fix is not offered: src/price.js is not a file of the reviewed commit.' });
});

function workTree(t: TestContext): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-fix-targets-'));
  t.after(() => { fs.rmSync(root, { recursive: true, force: true }); });
  fs.mkdirSync(path.join(root, '.git'));
  fs.writeFileSync(path.join(root, '.git', 'config'), '[core]\n');
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src', 'price.js'), 'a\n');
  return root;
}

test('a symlink in the branch that leads into .git, outside the work tree or into tool config counts where it leads', (t) => {
  const root = workTree(t);
  fs.symlinkSync('../.git/config', path.join(root, 'src', 'settings.ini'));
  fs.symlinkSync('../.git', path.join(root, 'src', 'meta'));
  fs.symlinkSync(os.tmpdir(), path.join(root, 'src', 'tmp'));
  fs.mkdirSync(path.join(root, '.vscode'));
  fs.symlinkSync('../.vscode', path.join(root, 'src', 'editor'));
  assert.equal(fixPathOnDisk(root, 'src/price.js').kind, 'ordinary');
  assert.equal(fixPathOnDisk(root, 'src/new-file.js').kind, 'ordinary', 'a file that does not exist yet is judged by its folder');
  assert.equal(fixPathOnDisk(root, 'src/settings.ini').kind, 'forbidden');
  assert.equal(fixPathOnDisk(root, 'src/meta/config').kind, 'forbidden');
  assert.equal(fixPathOnDisk(root, 'src/meta/hooks/post-checkout').kind, 'forbidden', 'a missing file under a linked folder is judged where the folder leads');
  assert.equal(fixPathOnDisk(root, 'src/tmp/x.js').kind, 'forbidden');
  assert.equal(fixPathOnDisk(root, 'src/editor/tasks.json').kind, 'tool-config');
});
