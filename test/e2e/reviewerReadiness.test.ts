import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { answerWith, cartFinding, createDiscountRepo, twoFindings } from '../fixtures/discountBranch';
import type { TempRepo } from '../fixtures/gitRepo';
import { startModelServer, step, type ModelServer } from '../fixtures/modelServer/modelServer';
import type { ReviewerConfig } from '../../src/shared/reviewerConfig';
import { VsCodeSession } from './support/session';
import type { Workbench } from './support/workbench';

// Review Branch checks the reviewers before it spends anything, in real VS Code (code-server) with the real
// CLIs: (a) none installed, (b) installed but nobody signed in, (c) keys stored with "Set API key…" reach only
// their own CLI's model server. One window; the cases run in order and change the user settings between them.

const bin = (name: string): string => path.resolve(__dirname, '..', '..', 'node_modules', '.bin', name);
const [divideBy10] = twoFindings.findings;
const claudeKey = 'sk-ant-stored-e2e-Qm7Vx2Lp9Rt4';
const geminiKey = 'AIza-stored-e2e-Hk3Nw8Zc1Ya6';

let session: VsCodeSession | undefined;
let workbench: Workbench | undefined;
let repo: TempRepo | undefined;
let home: string | undefined;
/** Where the settings look for the CLIs: empty in (a). Not in the home folder, whose programs the sandbox binds alone. */
let binDir: string | undefined;
const servers: Partial<Record<'claude' | 'codex' | 'gemini', ModelServer>> = {};

/** The user's reviewers: commands in a folder that is empty in (a) and holds the pinned CLIs from (b) on. */
const reviewers = (binDir: string): ReviewerConfig[] => [
  { id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: path.join(binDir, 'claude'), enabled: true },
  { id: 'codex', cli: 'codex', model: 'gpt-5.5', effort: 'high', command: path.join(binDir, 'codex'), enabled: true },
  { id: 'gemini', cli: 'gemini', model: 'gemini-2.5-pro', effort: 'high', command: path.join(binDir, 'gemini'), enabled: true },
];

before(async () => {
  servers.claude = await startModelServer({ protocol: 'anthropic', script: [step.structured(answerWith([divideBy10!]))] });
  servers.gemini = await startModelServer({ protocol: 'gemini', script: [step.structured(answerWith([cartFinding]))] });
  // Codex is never signed in here: its API would answer 401, and Deep Review must not even ask it.
  servers.codex = await startModelServer({ protocol: 'openai', script: [step.error(401)] });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-readiness-'));
  binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-clis-'));
  const mkdir = (name: string): string => {
    const dir = path.join(home!, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  // Gemini's settings choose no sign-in, as on a machine where `gemini` never ran.
  fs.writeFileSync(path.join(mkdir('.gemini'), 'settings.json'), JSON.stringify({ general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 1 }, privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false } }));
  session = await VsCodeSession.start({
    env: {
      HOME: home,
      CLAUDE_CONFIG_DIR: mkdir('.claude'),
      CLAUDE_CODE_MAX_RETRIES: '0',
      ANTHROPIC_BASE_URL: servers.claude.url,
      ANTHROPIC_API_KEY: '',
      CODEX_HOME: mkdir('.codex'),
      CODEX_API_KEY: '',
      GEMINI_CLI_HOME: home,
      GEMINI_API_KEY: '',
      GOOGLE_GEMINI_BASE_URL: servers.gemini.url,
    },
    userSettings: {
      'deepReview.reviewers': reviewers(binDir),
      'deepReview.consolidator': { cli: 'claude', model: 'claude-test-model', effort: 'high', enabled: false },
      'deepReview.baseBranch': 'main',
      // The DOM renderer, so the terminal's text can be read.
      'terminal.integrated.gpuAcceleration': 'off',
    },
  });
  repo = createDiscountRepo();
  workbench = await session.openFolder(repo.root);
});

after(async () => {
  await session?.close();
  await Promise.all(Object.values(servers).map((server) => server.close()));
  repo?.remove();
  for (const dir of [home, binDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Installs the CLIs where the settings look for them: links to the pinned ones. */
function installClis(): void {
  for (const cli of ['claude', 'codex', 'gemini']) fs.symlinkSync(bin(cli), path.join(binDir!, cli));
}

/** The Notifications center's item whose text matches, once it shows (the center is left open). */
async function notification(pattern: RegExp, timeoutMs = 30_000): Promise<{ text: string; item: ReturnType<Workbench['page']['locator']> }> {
  const { page } = workbench!;
  const list = page.locator('.notifications-center .notifications-list-container');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await list.isVisible())) await page.locator('.statusbar-item#status\\.notifications').click();
    const items = page.locator('.notifications-center .notification-list-item');
    for (const item of await items.all()) {
      const text = (await item.locator('.notification-list-item-message').innerText().catch(() => '')).replace(/\s+/g, ' ');
      if (pattern.test(text)) return { text, item };
    }
    assert.ok(Date.now() < deadline, `no notification matched ${String(pattern)}`);
    await page.waitForTimeout(100);
  }
}

async function clearNotifications(): Promise<void> {
  await workbench!.runCommand('Notifications: Clear All Notifications');
}

function noRoundRecorded(): boolean {
  return !fs.existsSync(path.join(repo!.root, '.git', 'deep-review'));
}

test('(a) no CLI installed: Review Branch starts no review and names each reviewer with a working Install button', async () => {
  await session!.withFailureReport('readiness-none-installed', async () => {
    const { page } = workbench!;
    await workbench!.runCommand('Deep Review: Review Branch');
    // The first command of the window also waits for the extension and its language server to start.
    const { text, item } = await notification(/Deep Review did not start/, 90_000);
    assert.equal(text, 'Deep Review did not start: no reviewer is ready. claude: Claude Code is not installed; codex: Codex is not installed; gemini: Gemini CLI is not installed.');
    const buttons = await item.locator('.monaco-button').allInnerTexts();
    assert.deepEqual(buttons, ['Install Claude Code…', 'Install Codex…', 'Install Gemini CLI…', 'Open Settings']);
    assert.ok(noRoundRecorded(), 'no review ran');

    // A notification's buttons show only while it is hovered in the Notifications center.
    await item.hover();
    await item.locator('.monaco-button', { hasText: 'Install Codex…' }).click();
    // A terminal named after the install, with the command typed in (not run: the user presses Enter).
    await page.locator('.terminal-tabs-entry, .single-terminal-tab', { hasText: 'Install Codex' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.xterm-rows', { hasText: 'npm install -g @openai/codex' }).first().waitFor({ timeout: 20_000 });
    await workbench!.screenshot('readiness-none-installed');
    await clearNotifications();
  });
});

test('(b) CLIs installed, nobody signed in: "not signed in" for each within 2 s, no review', async () => {
  await session!.withFailureReport('readiness-not-signed-in', async () => {
    await clearNotifications();
    installClis();
    const title = 'Deep Review: Review Branch';
    await workbench!.openCommandPalette(title, title);
    const started = Date.now();
    await workbench!.page.keyboard.press('Enter');
    const { text, item } = await notification(/Deep Review did not start: .*not signed in/);
    const elapsedMs = Date.now() - started;
    assert.equal(text, 'Deep Review did not start: no reviewer is ready. claude: Claude Code is not signed in; codex: Codex is not signed in; gemini: Gemini CLI is not signed in.');
    // 2 s on a machine with a core to spare; when the machine runs N times more work than it has cores (as
    // when several test suites share it), every CLI start takes about N times as long, and so does the check.
    const oversubscribed = Math.max(1, os.loadavg()[0]! / os.cpus().length);
    const boundMs = Math.round(2_000 * oversubscribed);
    const checked = extensionLog().match(/Checked \d+ agent\(s\) before the review in \d+ ms/g)?.at(-1) ?? 'no check logged';
    const load = `load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
    console.log(`"not signed in" for each after ${elapsedMs} ms (${checked}; ${load})`);
    assert.ok(elapsedMs <= boundMs, `the message took ${elapsedMs} ms, more than ${boundMs} ms (${checked}; ${load})`);
    assert.deepEqual(await item.locator('.monaco-button').allInnerTexts(), ['Sign in to Claude Code', 'Set API key…', 'Sign in to Codex', 'Sign in to Gemini CLI']);
    assert.ok(noRoundRecorded(), 'no review ran');
    assert.equal(servers.claude!.requests.length + servers.codex!.requests.length + servers.gemini!.requests.length, 0, 'no model API was asked');
  });
});

test('(c) "Set API key…" keys reach only their own CLI; a review runs with those, leaving the unsigned one out', async () => {
  await session!.withFailureReport('readiness-api-keys', async () => {
    const { page } = workbench!;
    // From the readiness message: Set API key… → which CLI → the key (a password box).
    const { item } = await notification(/Deep Review did not start: .*not signed in/);
    await item.locator('.monaco-button', { hasText: 'Set API key…' }).click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Claude Code' }).click();
    await typeSecret(claudeKey);
    // The key stored, Check Reviewers runs again by itself: Claude is ready. From its list, Gemini's key button.
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'claude: ready' }).waitFor({ timeout: 20_000 });
    const geminiRow = rows.filter({ hasText: 'gemini: Gemini CLI is not signed in' });
    await geminiRow.hover();
    await geminiRow.locator('.action-label[aria-label="Set API key…"], .action-label[title="Set API key…"]').first().click();
    await typeSecret(geminiKey);
    await rows.filter({ hasText: 'gemini: ready' }).waitFor({ timeout: 20_000 });
    await page.keyboard.press('Escape');
    await clearNotifications();

    await workbench!.runCommand('Deep Review: Review Branch');
    const { text } = await notification(/Deep Review runs with/);
    assert.equal(text, 'Deep Review runs with claude, gemini; left out: codex: Codex is not signed in.');
    const report = workbench!.webview();
    await report.locator('.finding-title').first().waitFor({ timeout: 90_000 });

    const seen = (server: ModelServer): string => JSON.stringify(server.requests);
    const retro = await report.locator('#retro').innerText();
    assert.ok(servers.claude!.modelRequests.length > 0, `Claude Code reviewed: ${retro}`);
    assert.ok(servers.gemini!.modelRequests.length > 0, `Gemini CLI reviewed: ${retro}`);
    assert.equal(servers.claude!.modelRequests[0]!.headers['x-api-key'], claudeKey);
    assert.equal(servers.gemini!.modelRequests[0]!.headers['x-goog-api-key'], geminiKey);
    assert.equal(seen(servers.claude!).includes(geminiKey), false, "Claude's API never sees Gemini's key");
    assert.equal(seen(servers.gemini!).includes(claudeKey), false, "Gemini's API never sees Claude's key");
    assert.equal(servers.codex!.requests.length, 0, 'Codex, left out, never ran');
    // SecretStorage, not settings; and the extension's log never holds a key.
    const settings = fs.readFileSync(path.join(session!.server.runDir, 'user-data', 'User', 'settings.json'), 'utf8');
    const logs = session!.server.extensionHostLog() + extensionLog();
    for (const key of [claudeKey, geminiKey]) {
      assert.equal(settings.includes(key), false, 'the key is not in settings.json');
      assert.equal(logs.includes(key), false, 'the key is not in the extension host log');
    }
  });
});

test('(d) "Sign in to Codex" runs `codex login` in a terminal; when it closes, Check Reviewers runs again', async () => {
  await session!.withFailureReport('readiness-sign-in', async () => {
    const { page } = workbench!;
    const { item } = await notification(/Deep Review runs with/);
    await item.locator('.monaco-button', { hasText: 'Sign in to Codex' }).click();
    await page.locator('.terminal-tabs-entry, .single-terminal-tab', { hasText: 'Sign in to Codex' }).first().waitFor({ timeout: 20_000 });
    // Codex's own login, waiting for the browser (its sign-in page address is on screen).
    await page.locator('.xterm-rows', { hasText: 'auth.openai.com' }).first().waitFor({ timeout: 30_000 });
    // Codex asks the editor to open its sign-in page: no browser here, so the user says no and closes the terminal.
    const openSite = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Cancel' });
    if (await openSite.waitFor({ timeout: 5_000 }).then(() => true, () => false)) await openSite.click();
    await workbench!.runCommand('Terminal: Kill the Active Terminal Instance');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'codex: Codex is not signed in' }).waitFor({ timeout: 30_000 });
    assert.ok(await rows.filter({ hasText: 'claude: ready' }).isVisible());
    await page.keyboard.press('Escape');
  });
});

/** The extension's own log ("Deep Review" output channel) of this window. */
function extensionLog(): string {
  const logs = path.join(session!.server.runDir, 'user-data', 'logs');
  const files = fs.readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('Deep Review.log'));
  return files.map((file) => fs.readFileSync(path.join(logs, file), 'utf8')).join('\n');
}

async function typeSecret(key: string): Promise<void> {
  const { page } = workbench!;
  const input = page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor();
  await input.fill(key);
  await page.keyboard.press('Enter');
}
