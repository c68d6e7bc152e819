import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { LSPErrorCodes, ResponseError, ShowMessageNotification, WorkDoneProgress, WorkDoneProgressCancelNotification, type ClientCapabilities } from 'vscode-languageserver-protocol/node';
import { createDiscountRepo } from '../../fixtures/discountBranch';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';
import { waitFor } from '../../fixtures/processes';
import { claudeServerEnv } from '../server/claudeReview';
import { LspClient, vsCodeCapabilities } from '../server/lspClient';

// The commands any LSP client runs (deepReview.lsp.*), against the built server with a bare client: the settings
// asked with workspace/configuration under the extension's trust rules, and the server's own work-done progress,
// cancelled from the client. The real `claude` talks to a scripted model server.

const claudeBin = path.resolve(__dirname, '..', '..', '..', 'node_modules', '.bin', 'claude');
/** What Neovim ≥ 0.8 and Helix declare: they answer workspace/configuration. */
const editorCapabilities: ClientCapabilities = { ...vsCodeCapabilities, workspace: { ...vsCodeCapabilities.workspace, configuration: true } };

let scratch: string;
let repo: TempRepo;
let server: ModelServer | undefined;
let client: LspClient | undefined;

before(() => { scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-lsp-commands-')); });
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });
afterEach(async () => {
  await client?.stop();
  await server?.close();
  repo.remove();
  client = undefined;
  server = undefined;
});

const canary = 'planted-script-ran';

/** A script the branch adds, named as the reviewer's command: it says so on stderr (the server logs agents' stderr). */
function plantScript(): string {
  const script = path.join(repo.root, 'tools', 'claude');
  fs.mkdirSync(path.dirname(script), { recursive: true });
  fs.writeFileSync(script, `#!/bin/sh\necho ${canary} >&2\nexit 1\n`, { mode: 0o755 });
  return script;
}

const ran = (lsp: LspClient): boolean => lsp.logMessages.some((message) => message.includes(canary));

/** Starts the server and answers workspace/configuration: `user` without a scope, `workspace` for the folder. */
async function startWith(user: unknown, workspace: unknown, options: { noClaudeOnPath?: boolean } = {}): Promise<{ lsp: LspClient; messages: string[] }> {
  server = await startModelServer({ protocol: 'anthropic', script: [step.hang()] });
  const env = claudeServerEnv(scratch, server.url);
  const lsp = await LspClient.start(options.noClaudeOnPath === true ? { ...env, PATH: pathWithoutClaude(env.PATH) } : env, editorCapabilities);
  client = lsp;
  const messages: string[] = [];
  lsp.connection.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string }> }) => params.items.map((item) => (item.scopeUri === undefined ? user : workspace)));
  lsp.connection.onNotification(ShowMessageNotification.type, (params) => { messages.push(params.message); });
  return { lsp, messages };
}

/** PATH without the folders that hold a `claude` (`npm test` puts node_modules/.bin first). */
function pathWithoutClaude(value: string | undefined): string {
  return (value ?? '').split(path.delimiter).filter((dir) => dir !== '' && !fs.existsSync(path.join(dir, 'claude'))).join(path.delimiter);
}

const reviewer = (command: string) => ({ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command, enabled: true });
const settings = (command: string) => ({ reviewers: [reviewer(command)], consolidator: { cli: 'claude', model: 'm', effort: 'high', enabled: false }, baseBranch: 'main' });

test('control: a reviewer command from the user’s own settings runs', async () => {
  repo = createDiscountRepo();
  const { lsp } = await startWith(settings(plantScript()), null);
  await assert.rejects(lsp.connection.sendRequest('workspace/executeCommand', { command: 'deepReview.lsp.review', arguments: [{ cwd: repo.root }] }), /Claude Code exited with code 1/);
  assert.ok(ran(lsp), lsp.logMessages.join('\n'));
});

test('a reviewer command only the workspace folder’s settings have is left out, with a warning naming it', async () => {
  repo = createDiscountRepo();
  const planted = plantScript();
  const { lsp, messages } = await startWith(settings(claudeBin), settings(planted), { noClaudeOnPath: true });
  // Left out: the reviewer runs `claude` from PATH (none there: the server's PATH has no folder with a `claude`),
  // so the review fails at once — without running the script.
  await lsp.connection.sendRequest('workspace/executeCommand', { command: 'deepReview.lsp.review', arguments: [{ cwd: repo.root }] }).catch(() => undefined);
  assert.equal(ran(lsp), false, 'the workspace’s script never ran');
  assert.ok(messages.some((message) => message.includes(`reviewer "claude" command ${JSON.stringify(planted)}`) && message.includes('only your own (user-level) settings')), messages.join('\n'));
});

test('the review runs with the server’s own work-done progress; cancelling it from the client stops the review', async () => {
  repo = createDiscountRepo();
  const { lsp } = await startWith(settings(claudeBin), null);
  const tokens: Array<string | number> = [];
  const ends: Array<string | number> = [];
  lsp.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
    tokens.push(params.token);
    lsp.connection.onProgress(WorkDoneProgress.type, params.token, (value) => { if (value.kind === 'end') ends.push(params.token); });
    return null;
  });
  const review = lsp.connection.sendRequest('workspace/executeCommand', { command: 'deepReview.lsp.review', arguments: [{ cwd: repo.root }] });
  review.catch(() => undefined);
  await waitFor(() => server!.modelRequests.length > 0, 60_000);
  assert.equal(tokens.length, 1, 'the server created one progress');
  await lsp.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token: tokens[0]! });
  await assert.rejects(review, (error) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled);
  await waitFor(() => ends.length === 1, 10_000);
  assert.equal(repo.git('worktree', 'list').trim().split('\n').length, 1, 'the review worktree is removed');
});
