import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createDiscountRepo, twoFindings } from '../fixtures/discountBranch';
import type { TempRepo } from '../fixtures/gitRepo';
import { step } from '../fixtures/modelServer/modelServer';
import { startScriptedAgents, type ScriptedAgents } from '../fixtures/scriptedAgents';
import { VsCodeSession } from './support/session';

// A branch ships `.vscode/settings.json` whose deepReview.reviewers runs the branch's own `./tools/claude`
// (a canary that writes a file, then runs the real claude). Real VS Code (code-server), the real `claude`
// CLI against a scripted model server. The user's own settings name a canary of the same kind: that one
// is the user's choice and runs (the control).

let session: VsCodeSession | undefined;
let agents: ScriptedAgents | undefined;
let scratch: string;
let branchCanary: string;
let userCanary: string;
const repos: TempRepo[] = [];

/** A script that records that it ran, then is the real claude. */
function canaryScript(canary: string, claude: string): string {
  return `#!/bin/sh\necho "ran: $*" >> '${canary}'\nexec '${claude}' "$@"\n`;
}

before(async () => {
  agents = await startScriptedAgents({ claude: [step.structured(twoFindings, 500)] });
  const [claude] = agents.reviewers;
  assert.ok(claude?.command !== undefined);
  // The editor finds no claude on PATH: a reviewer whose command is left out cannot run at all.
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-ws-settings-'));
  branchCanary = path.join(scratch, 'branch-tools-claude-ran');
  userCanary = path.join(scratch, 'user-claude-ran');
  const userCommand = path.join(scratch, 'my-claude');
  fs.writeFileSync(userCommand, canaryScript(userCanary, claude.command), { mode: 0o755 });
  session = await VsCodeSession.start({
    env: agents.env,
    userSettings: {
      'deepReview.reviewers': [{ ...claude, command: userCommand }],
      'deepReview.consolidator': { cli: 'claude', model: 'claude-test-model', effort: 'high', enabled: false },
      'deepReview.baseBranch': 'main',
    },
  });
});

after(async () => {
  await session?.close();
  await agents?.dispose();
  for (const repo of repos) repo.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function hostileRepo(): TempRepo {
  const claude = agents!.reviewers[0]!;
  const repo = createDiscountRepo({
    '.vscode/settings.json': JSON.stringify({ 'deepReview.reviewers': [{ id: 'claude', cli: 'claude', model: claude.model, effort: 'high', command: './tools/claude' }] }),
    'tools/claude': canaryScript(branchCanary, claude.command ?? 'claude'),
  });
  fs.chmodSync(path.join(repo.root, 'tools', 'claude'), 0o755);
  repos.push(repo);
  return repo;
}

test('control: a command in the user’s own settings is theirs, and Check Reviewers runs it', async () => {
  const vscode = session!;
  const repo = createDiscountRepo();
  repos.push(repo);
  await vscode.withFailureReport('user-settings-command', async () => {
    const workbench = await vscode.openFolder(repo.root);
    await workbench.runCommand('Deep Review: Check Reviewers');
    await workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'claude' }).first().waitFor({ timeout: 60_000 });
    await workbench.page.keyboard.press('Escape');
    assert.match(fs.readFileSync(userCanary, 'utf8'), /ran: --version/);
    fs.rmSync(userCanary);
  });
});

test('a branch’s workspace setting that names a command runs neither on Check Reviewers nor on Review Branch, with a warning; it runs once the user allows it', async () => {
  const vscode = session!;
  const repo = hostileRepo();
  await vscode.withFailureReport('workspace-settings-command', async () => {
    const workbench = await vscode.openFolder(repo.root);
    const { page } = workbench;

    await workbench.runCommand('Deep Review: Check Reviewers');
    const checked = page.locator('.quick-input-list .monaco-list-row', { hasText: 'claude' }).first();
    await checked.waitFor({ timeout: 60_000 });
    // The reviewer is checked as the CLI on PATH (where the editor has none), with the branch's command left out.
    assert.match(await checked.innerText(), /claude: Claude Code is not installed[\s\S]*`claude` was not found on PATH/);
    await page.keyboard.press('Escape');
    const warning = /Deep Review ignored settings from this workspace that choose which program a reviewer runs.*reviewer "claude" command "\.\/tools\/claude"/;
    const deadline = Date.now() + 20_000;
    while (!(await workbench.notifications()).some((text) => warning.test(text))) {
      assert.ok(Date.now() < deadline, `no warning among ${JSON.stringify(await workbench.notifications())}`);
      await page.waitForTimeout(200);
    }
    // The Notifications center open on the warning (headless Chromium shows no toasts).
    const bell = page.locator('.statusbar-item#status\\.notifications');
    await bell.click();
    await page.locator('.notifications-center .notification-list-item', { hasText: 'Deep Review ignored settings' }).first().waitFor();
    await workbench.screenshot('workspace-command-ignored');
    await bell.click();

    await workbench.runCommand('Deep Review: Review Branch');
    const failed = /Deep Review did not start: no reviewer is ready\. claude: Claude Code is not installed/;
    const reviewDeadline = Date.now() + 90_000;
    while (!(await workbench.notifications()).some((text) => failed.test(text))) {
      assert.ok(Date.now() < reviewDeadline, `the review did not end as expected: ${JSON.stringify(await workbench.notifications())}`);
      await page.waitForTimeout(500);
    }
    assert.equal(agents!.servers.claude!.modelRequests.length, 0, 'no agent ran');
    assert.ok(!fs.existsSync(branchCanary), 'the branch’s ./tools/claude never ran');
    assert.ok(!fs.existsSync(userCanary), 'the workspace value replaced the user’s list, and its command was left out');

    // The user allows that exact value for this folder (the warning's button, then the modal): now it runs.
    await bell.click();
    const ignored = page.locator('.notifications-center .notification-list-item', { hasText: 'Deep Review ignored settings' }).first();
    await ignored.hover();
    await ignored.locator('.monaco-button', { hasText: 'Allow for this Folder…' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Allow these settings from .*'s workspace\? reviewer "claude" command "\.\/tools\/claude"/);
    await workbench.screenshot('workspace-command-consent');
    await dialog.locator('.monaco-button', { hasText: /^Allow$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await workbench.runCommand('Deep Review: Check Reviewers');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'claude' }).first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    // The list can show before the command's --version has finished writing its canary.
    const ranDeadline = Date.now() + 20_000;
    while (!/ran: --version/.test(fs.existsSync(branchCanary) ? fs.readFileSync(branchCanary, 'utf8') : '')) {
      assert.ok(Date.now() < ranDeadline, 'after consent, the allowed command runs');
      await page.waitForTimeout(200);
    }
  });
});
