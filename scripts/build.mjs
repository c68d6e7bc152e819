// One esbuild run, five bundles: the extension (VS Code host) in two — the activation entry and the rest, which the
// entry requires at run time once activate() has returned —, language server, webview (browser), CLI.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --exthost-tests: only the extension-host test bundle (out/exthost/index.js, run by scripts/run-exthost-tests.mjs);
// dist/ is left alone.
const exthostTests = process.argv.includes('--exthost-tests');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  // esbuild's 'info' summary marks every bundle over 1 MB with a warning sign, which reads as a problem; the
  // sizes are printed once below instead (watch mode keeps 'info' for its rebuild messages).
  logLevel: watch ? 'info' : 'warning',
  legalComments: 'none',
};
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode', './extensionMain.js'] },
  { ...node, entryPoints: { extensionMain: 'src/extension/extensionMain.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { server: 'src/server/server.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { webview: 'src/webview/main.ts' }, outdir: 'dist' },
];

if (exthostTests) {
  fs.rmSync('out/exthost', { recursive: true, force: true });
  await esbuild.build({ ...node, entryPoints: { index: 'test/exthost/index.ts' }, outdir: 'out/exthost', external: ['vscode'] });
} else {
  fs.rmSync('dist', { recursive: true, force: true });
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
  } else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
    fs.chmodSync('dist/cli.js', 0o755);
    const sizes = builds.flatMap((options) => Object.keys(options.entryPoints)).map((name) => `${name}.js ${Math.round(fs.statSync(`dist/${name}.js`).size / 1024)} KiB`);
    console.log(`build: dist/ (${production ? 'production' : 'development'}): ${sizes.join(', ')}`);
  }
  copyCodicons();
}

// The webview loads the codicon font from dist/ (its localResourceRoots are dist/ and media/).
function copyCodicons() {
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/codicons/${file}`);
}
