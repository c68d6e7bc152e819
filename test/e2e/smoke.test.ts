import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TempRepo } from '../fixtures/gitRepo';
import { VsCodeSession } from './support/session';

// Proves the e2e harness: real VS Code (code-server) + Chromium, with this repository loaded as the extension
// under development. Builds nothing: npm test runs `npm run build` first.

let session: VsCodeSession | undefined;
let repo: TempRepo | undefined;

before(async () => {
  session = await VsCodeSession.start();
});

after(async () => {
  await session?.close();
  repo?.remove();
});

test('the Command Palette lists "Deep Review: Review Branch" of the extension under development', async () => {
  const vscode = session!;
  repo = TempRepo.create({ 'README.md': '# smoke\n', 'src/app.ts': 'export const answer = 42;\n' });

  await vscode.withFailureReport('smoke', async () => {
    const workbench = await vscode.openFolder(repo!.root);
    assert.match(await workbench.page.title(), /^\[Extension Development Host\]/);

    const titles = await workbench.openCommandPalette('Deep Review', 'Deep Review: Review Branch');
    await workbench.screenshot('smoke-palette');
    assert.ok(titles.includes('Deep Review: Review Branch'), `the palette lists ${JSON.stringify(titles)}`);
  });
});
