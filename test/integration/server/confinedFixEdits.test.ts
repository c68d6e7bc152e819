import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { planFindingFix } from '../../../src/server/fixPlanner';
import { DocumentTexts } from '../../../src/server/documentTexts';
import type { Finding } from '../../../src/shared/findingModel';
import { fixResultSchema, reviewResultSchema, type ReviewResult } from '../../../src/shared/protocol';
import type { ReviewerAnswer } from '../../../src/shared/reviewerAnswer';
import { answerWith, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';
import { claudeReviewParams, claudeServerEnv } from './claudeReview';
import { LspClient, vsCodeCapabilities } from './lspClient';

// Fix edits are written by agents that text in the branch can steer. Through the real language server
// (and the real `claude` against a scripted model server): a fix that also edits .git/config — by name or
// through a symlink the branch adds — is never offered, and a fix that edits a package manifest is offered
// only as a preview naming every file. Controls: the planner without the target check writes into .git/config,
// and the next plain `git status` runs the program the edit set.

const discountBug = twoFindings.findings[0]!;
const discountFix = discountBug.fix!;
const fsmonitorLine = '[core]\n';

function withFsmonitor(canary: string): string {
  return `[core]\n\tfsmonitor = "touch '${canary}'; false"\n`;
}

/** C1: fixes price.js and, in a second edit, .git/config. I1: edits a branch symlink that leads to .git/config. S1: fixes price.js and package.json. */
function hostileAnswer(canary: string): ReviewerAnswer {
  return answerWith([
    { ...discountBug, fix: { description: 'Divide by 100.', edits: [...discountFix.edits, { file: '.git/config', original: fsmonitorLine, replacement: withFsmonitor(canary) }] } },
    {
      severity: 'important',
      title: 'Cart settings are stale',
      body: 'Refresh them.',
      file: 'src/cart.js',
      startLine: 3,
      endLine: 3,
      snippet: 'export const total = (items) => items.reduce((sum, item) => sum + discounted(item, 5), 0);',
      fix: { description: 'Refresh.', edits: [{ file: 'src/settings.ini', original: fsmonitorLine, replacement: withFsmonitor(canary) }] },
      tags: [],
    },
    {
      severity: 'suggestion',
      title: 'Add a test script',
      body: 'The discount has no test.',
      file: 'src/price.js',
      startLine: 1,
      endLine: 1,
      snippet: 'export function price(item) {',
      fix: {
        description: 'Add a test script.',
        edits: [
          { file: 'src/price.js', original: 'export function price(item) {\n', replacement: '// Tested by npm test.\nexport function price(item) {\n' },
          { file: 'package.json', original: '"scripts": {}', replacement: '"scripts": { "test": "node --test" }' },
        ],
      },
      tags: [],
    },
  ]);
}

/** The discount branch plus a package manifest and `src/settings.ini`, a symlink to the clone's .git/config. */
function hostileRepo(): TempRepo {
  const repo = createDiscountRepo({ 'package.json': '{ "name": "shop", "scripts": {} }\n' });
  fs.symlinkSync('../.git/config', path.join(repo.root, 'src', 'settings.ini'));
  repo.commitAll('Link the settings');
  return repo;
}

let scratch: string;
let repo: TempRepo;
let server: ModelServer;
let lsp: LspClient;
let review: ReviewResult;
let canary: string;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-lsp-confined-'));
  canary = path.join(scratch, 'fsmonitor-ran');
  repo = hostileRepo();
  server = await startModelServer({ protocol: 'anthropic', script: [step.structured(hostileAnswer(canary))] });
  lsp = await LspClient.start(claudeServerEnv(scratch, server.url));
  review = reviewResultSchema.parse(await lsp.connection.sendRequest('deepReview/review', claudeReviewParams(repo.root)));
});

after(async () => {
  await lsp.stop();
  await server.close();
  repo.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function finding(id: string): Finding {
  const found = review.report.findings.find((candidate) => candidate.id === id);
  assert.ok(found, `the review reported ${id}`);
  return found;
}

const opened = new Set<string>();

async function actionsAt(repoPath: string, id: string) {
  const uri = pathToFileURL(path.join(repo.root, repoPath)).toString();
  if (!opened.has(uri)) await lsp.open(uri, fs.readFileSync(path.join(repo.root, repoPath), 'utf8'));
  opened.add(uri);
  const diagnostics = await lsp.waitForDiagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === id));
  return lsp.codeActions(uri, diagnostics.find((diagnostic) => diagnostic.code === id)!);
}

function editedUris(edit: { documentChanges?: unknown[] } | undefined): string[] {
  return (edit?.documentChanges ?? []).map((change) => (change as { textDocument: { uri: string } }).textDocument.uri);
}

test('control: without the target check the planner edits .git/config, and the next `git status` runs the program it sets', (t) => {
  const victim = hostileRepo();
  t.after(() => { victim.remove(); });
  const victimCanary = path.join(scratch, 'control-fsmonitor-ran');
  const texts = new DocumentTexts(new TextDocuments(TextDocument));
  const hostile = hostileAnswer(victimCanary).findings[1]!;
  const asFinding = { id: 'I1', location: { path: hostile.file }, fix: { description: '', edits: hostile.fix!.edits.map((edit) => ({ path: edit.file, original: edit.original, replacement: edit.replacement })) } } as unknown as Finding;
  const plan = fixResultSchema.parse(planFindingFix(asFinding, victim.root, texts, 3, { kind: 'direct' }));
  if (plan.kind !== 'ready') assert.fail(`the old planner offered the fix: ${JSON.stringify(plan)}`);
  assert.equal(plan.documentChanges[0]?.textDocument.uri, pathToFileURL(path.join(victim.root, 'src', 'settings.ini')).toString());
  const named = hostileAnswer(victimCanary).findings[0]!;
  const byName = { id: 'C1', location: { path: named.file }, fix: { description: '', edits: named.fix!.edits.map((edit) => ({ path: edit.file, original: edit.original, replacement: edit.replacement })) } } as unknown as Finding;
  const namedPlan = fixResultSchema.parse(planFindingFix(byName, victim.root, texts, 7, { kind: 'direct' }));
  if (namedPlan.kind !== 'ready') assert.fail(`the old planner offered the fix: ${JSON.stringify(namedPlan)}`);
  assert.ok(namedPlan.documentChanges.some((change) => change.textDocument.uri === pathToFileURL(path.join(victim.root, '.git', 'config')).toString()), 'the second edit, to .git/config, is in the WorkspaceEdit');
  // What the editor does with the edit: writes the file, through the symlink.
  const file = path.join(victim.root, 'src', 'settings.ini');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(fsmonitorLine, withFsmonitor(victimCanary)));
  execFileSync('git', ['status', '--short'], { cwd: victim.root, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  assert.ok(fs.existsSync(victimCanary), 'the fsmonitor program the fix wrote ran on a plain git status');
});

test('a fix with a second edit to .git/config is dropped when the findings are built, so the editor offers none', async () => {
  assert.equal(finding('C1').fix, null);
  const warnings = review.report.reviewers.flatMap((run) => run.warnings);
  assert.ok(warnings.some((warning) => warning.includes('".git/config", which is inside git\'s own directory (.git)')), warnings.join('\n'));
  const actions = await actionsAt('src/price.js', 'C1');
  assert.deepEqual(actions.map((action) => action.title), ['Dismiss Deep Review finding (C1)…'], 'no fix is offered');
  assert.ok(actions.every((action) => action.edit === undefined));
});

test('a fix through a branch symlink into .git is not offered: the quick fix is disabled and the Apply button is refused', async () => {
  assert.ok(finding('I1').fix, 'by its name the path is an ordinary file');
  const actions = await actionsAt('src/cart.js', 'I1');
  const apply = actions.find((action) => action.title.includes('fix (I1)') && !action.title.startsWith('Show'));
  assert.ok(apply);
  assert.equal(apply.edit, undefined);
  assert.equal(apply.disabled?.reason, "The fix is not offered: src/settings.ini leads into git's own directory (.git) through a symbolic link.");
  const viaButton = fixResultSchema.parse(await lsp.connection.sendRequest('deepReview/fixEdit', { findingId: 'I1' }));
  assert.equal(viaButton.kind, 'refused');
  assert.doesNotMatch(fs.readFileSync(path.join(repo.root, '.git', 'config'), 'utf8'), /fsmonitor/);
  execFileSync('git', ['status', '--short'], { cwd: repo.root, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  assert.equal(fs.existsSync(canary), false);
});

test('a fix that edits package.json and another file is offered only as a preview naming both, every edit needing confirmation', async () => {
  const actions = await actionsAt('src/price.js', 'S1');
  const [preview] = actions;
  assert.equal(preview?.title, 'Preview Deep Review fix (S1) — edits src/price.js, package.json');
  assert.equal(preview.isPreferred, false);
  assert.deepEqual(editedUris(preview.edit as { documentChanges?: unknown[] }), ['src/price.js', 'package.json'].map((repoPath) => pathToFileURL(path.join(repo.root, repoPath)).toString()));
  const annotations = preview.edit?.changeAnnotations ?? {};
  assert.deepEqual(Object.values(annotations).map((annotation) => annotation.needsConfirmation), [true]);
  const changes = (preview.edit?.documentChanges ?? []) as Array<{ edits: Array<{ annotationId?: string }> }>;
  assert.ok(changes.every((change) => change.edits.every((edit) => edit.annotationId !== undefined && edit.annotationId in annotations)));
  const viaButton = fixResultSchema.parse(await lsp.connection.sendRequest('deepReview/fixEdit', { findingId: 'S1' }));
  assert.equal(viaButton.kind === 'ready' && Object.values(viaButton.changeAnnotations ?? {}).every((annotation) => annotation.needsConfirmation), true);
});

test('an editor without change annotations (Neovim, …) is not given the preview-only fix as an edit: it would write package.json at once', async (t) => {
  // The control is the test above: an editor that previews edits needing confirmation gets the edit.
  const uri = pathToFileURL(path.join(repo.root, 'src', 'price.js')).toString();
  const actionsFrom = async (capabilities: typeof vsCodeCapabilities) => {
    const other = await LspClient.start(claudeServerEnv(scratch, server.url), capabilities);
    t.after(() => other.stop());
    await other.connection.sendRequest('deepReview/restore', { cwd: repo.root });
    await other.open(uri, fs.readFileSync(path.join(repo.root, 'src', 'price.js'), 'utf8'));
    const diagnostics = await other.waitForDiagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === 'S1'));
    return other.codeActions(uri, diagnostics.find((diagnostic) => diagnostic.code === 'S1')!);
  };
  const withoutAnnotations = await actionsFrom({ ...vsCodeCapabilities, workspace: { workspaceEdit: { documentChanges: true } } });
  const preview = withoutAnnotations.find((action) => action.title.startsWith('Preview Deep Review fix (S1)'));
  assert.ok(preview);
  assert.equal(preview.edit, undefined);
  assert.match(preview.disabled?.reason ?? '', /edits src\/price\.js, package\.json: it is applied only through a preview/);
  // Without disabled code actions either (Neovim 0.7): the fix is not in the menu at all, the diff and the dismissal are.
  const neither = await actionsFrom({ window: { workDoneProgress: true } });
  assert.deepEqual(neither.map((action) => action.title), ['Show Deep Review fix diff (S1)', 'Dismiss Deep Review finding (S1)…']);
  assert.ok(neither.every((action) => action.edit === undefined));
});
