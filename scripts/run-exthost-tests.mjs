#!/usr/bin/env node
// Runs the extension-host checks (test/exthost) inside real VS Code through @vscode/test-electron's runTests,
// and exits non-zero when any fails. Expects the extension built (`npm run build`); builds the checks itself.
//
// usage: node scripts/run-exthost-tests.mjs
//   default                    VS Code = scripts/code-shim.mjs: code-server (tools/code-server, see
//                              scripts/setup-tools.sh) + headless Chromium; works offline.
//   DEEP_REVIEW_VSCODE=download test-electron downloads desktop VS Code (stable) from update.code.visualstudio.com
//                              and runs it; needs that host reachable and a display (e.g. xvfb-run). Offline it
//                              fails at once with "getaddrinfo ENOTFOUND update.code.visualstudio.com".
//   TEST_TIMEOUT_MS            code-shim's limit for the whole run (default 300000).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shim = path.join(root, 'scripts', 'code-shim.mjs');
const testsBundle = path.join(root, 'out', 'exthost', 'index.js');
const useDownload = process.env.DEEP_REVIEW_VSCODE === 'download';

if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
  console.error('run-exthost-tests: dist/extension.js is missing; run `npm run build` first');
  process.exit(1);
}
execFileSync(process.execPath, ['scripts/build.mjs', '--exthost-tests'], { cwd: root, stdio: 'inherit' });
// runTests spawns the executable directly; a checkout may have lost the file's executable bit.
if (!useDownload) fs.chmodSync(shim, 0o755);

const fixture = createFixtureRepo();
const started = Date.now();
let exitCode = 1;
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: testsBundle,
    launchArgs: [fixture],
    extensionTestsEnv: { DEEP_REVIEW_EXTHOST_FIXTURE: fixture },
    ...(useDownload ? {} : { vscodeExecutablePath: shim }),
  });
  exitCode = 0;
} catch (error) {
  console.error(`run-exthost-tests: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  fs.rmSync(fixture, { recursive: true, force: true });
}
console.log(`run-exthost-tests: ${exitCode === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(exitCode);

/** The folder VS Code opens: a repo on branch 'feature' with no commits ahead of 'main'. */
function createFixtureRepo() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-exthost-repo-')));
  const git = (...args) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Deep Review Test');
  git('config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(dir, 'README.md'), '# exthost fixture\n');
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', 'initial commit');
  git('checkout', '-q', '-b', 'feature');
  return dir;
}
