import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listZipEntries } from './zipEntries';

// Packages the extension as `npm run package` does (vsce, --no-dependencies, .vscodeignore allowlist), from
// the dist/ already built (the development build, whose .map files must stay out), into a temporary folder.
// Not `npm run package` itself: its production build would replace dist/ under the other suites.

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const bundles = ['extension', 'extensionMain', 'server', 'webview', 'cli'];
let outDir: string | undefined;
let entries: string[] = [];

before(() => {
  if (!bundles.every((name) => fs.existsSync(path.join(repoRoot, 'dist', `${name}.js`)))) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  }
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-vsix-'));
  const vsix = path.join(outDir, 'deep-review.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: repoRoot, stdio: 'pipe' });
  entries = listZipEntries(vsix).map((entry) => entry.name);
});

after(() => {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

test('the vsix holds the bundles (the extension\'s two among them), the codicons, media, prompts, package.json and the README', () => {
  const required = [
    ...bundles.map((name) => `extension/dist/${name}.js`),
    'extension/dist/codicons/codicon.css',
    'extension/dist/codicons/codicon.ttf',
    'extension/prompts/reviewer.md',
    'extension/prompts/reviewer-answer.schema.json',
    'extension/package.json',
    'extension/readme.md', // vsce stores README.md under this name
    ...fs.readdirSync(path.join(repoRoot, 'media'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `extension/${path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}`),
  ];
  assert.deepEqual(required.filter((name) => !entries.includes(name)), [], `missing from ${JSON.stringify(entries)}`);
});

test('the vsix holds nothing else: no sourcemaps, sources, tests, node_modules or tools', () => {
  const forbidden = entries.filter((name) => /\.map$|^extension\/(src|test|node_modules|tools|out|scripts|bench)\//.test(name));
  assert.deepEqual(forbidden, []);
  const allowed = /^(\[Content_Types\]\.xml|extension\.vsixmanifest|extension\/(package\.json|readme\.md|LICENSE\.txt|dist\/(extension|extensionMain|server|webview|cli)\.js|dist\/codicons\/codicon\.(css|ttf)|media\/([^/]+|walkthrough\/[^/]+\.md)|prompts\/[^/]+))$/;
  assert.deepEqual(entries.filter((name) => !allowed.test(name)), []);
});
