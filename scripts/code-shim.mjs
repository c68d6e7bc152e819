#!/usr/bin/env node
// Stands in for the VS Code executable in extension tests: takes VS Code's test arguments
// (--extensionDevelopmentPath=, --extensionTestsPath=, [folder]), runs the tests in real VS Code's extension
// host (code-server from tools/code-server via scripts/start-code-server.sh, driven by headless Chromium)
// and exits with their exit code: 0 passed, 1 failed, 124 timed out (TEST_TIMEOUT_MS, default 5 min).
// Other arguments (@vscode/test-electron adds --user-data-dir=, --no-sandbox, ...) are ignored: every run
// gets a fresh temporary code-server state. Usable directly or as runTests({ vscodeExecutablePath }).
// The reasons for each step are in the comments below.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const startScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start-code-server.sh');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
// Workbench and server chatter that says nothing about the tests.
const noise = /^(Resolv|Creating a socket|Creation of workbench contribution|Ignoring fetching|Updating additional|\[(AgentHost|AccountPolicy|reconn|Service))/;

const value = (arg) => path.resolve(arg.slice(arg.indexOf('=') + 1));
const argv = process.argv.slice(2);
const devPaths = argv.filter((a) => a.startsWith('--extensionDevelopmentPath=')).map(value);
const testsPath = argv.filter((a) => a.startsWith('--extensionTestsPath=')).map(value)[0];
const folder = argv.find((a) => !a.startsWith('-'));
if (!testsPath) {
  console.error('usage: code-shim.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]');
  process.exit(2);
}

const port = await freePort();
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-exthost-'));
const env = { ...process.env };
delete env.NODE_TEST_CONTEXT; // set by node's test runner for its children; the extension host is not one
// detached: a process group of its own, so cleanup also stops the extension host and the file watcher.
const server = spawn('bash', [startScript, String(port), runDir], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
let serverOutput = '';
const collect = (chunk) => { serverOutput = (serverOutput + chunk).slice(-20_000); };
server.stdout.on('data', collect);
server.stderr.on('data', collect);
const serverExited = new Promise((resolve) => server.once('exit', resolve));

let launching; // the Chromium launch, awaited on cleanup even when a signal came in the middle of it
let code = 1;
let stopping = false;
const interrupted = new Promise((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => resolve(130));
});
try {
  code = await Promise.race([runTests(), interrupted]);
} catch (error) {
  console.error(error);
  console.error(`--- code-server output ---\n${serverOutput}`);
} finally {
  stopping = true;
  await launching?.then((browser) => browser.close()).catch(() => {});
  if (code !== 0 && code !== 130) printExtensionHostLogs();
  await stopServer();
  fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(code);

async function runTests() {
  for (let i = 0; !(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)); i++) {
    if (i > 600 || server.exitCode !== null) throw new Error('code-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (stopping) return code;
  // The extension host runs on the server side: plain paths (file:) find no host that can run the tests.
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]), ['extensionTestsPath', remote(testsPath)]];
  launching = chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Playwright's own handlers would process.exit() on a signal before code-server is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await (await launching).newPage();
  // Extension host console output arrives as ('%c INFO' | '%c  ERR' | ..., 'color: …', ...args).
  page.on('console', async (message) => {
    if (!/^%c\s*(INFO|WARN|ERR)/.test(message.text())) return;
    const args = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => '?')));
    const line = format(...args.slice(2));
    if (!noise.test(line)) console.log(line);
  });
  // The workbench calls window.codeAutomationExit(code) when the tests' run() settles (enable-smoke-test-driver).
  let exited;
  const exitCode = new Promise((resolve) => { exited = resolve; });
  await page.exposeFunction('codeAutomationExit', (c) => exited(c));
  const where = folder ? `folder=${encodeURIComponent(path.resolve(folder))}` : 'ew=true';
  await page.goto(`http://127.0.0.1:${port}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const timedOut = new Promise((resolve) => setTimeout(() => {
    console.error(`code-shim: the tests did not finish within ${timeoutMs} ms (TEST_TIMEOUT_MS)`);
    resolve(124);
  }, timeoutMs).unref());
  return Promise.race([exitCode, timedOut]);
}

function printExtensionHostLogs() {
  const logs = path.join(runDir, 'user-data', 'logs');
  const files = fs.existsSync(logs) ? fs.readdirSync(logs, { recursive: true }).filter((f) => String(f).endsWith('remoteexthost.log')) : [];
  for (const file of files) {
    const lines = fs.readFileSync(path.join(logs, String(file)), 'utf8').trimEnd().split('\n');
    console.error(`--- ${file} (last 40 lines) ---\n${lines.slice(-40).join('\n')}`);
  }
}

async function stopServer() {
  const signalGroup = (signal) => { try { process.kill(-server.pid, signal); } catch { /* already gone */ } };
  signalGroup('SIGTERM');
  const kill = setTimeout(() => signalGroup('SIGKILL'), 5000);
  await serverExited;
  clearTimeout(kill);
  // The file watcher outlives the server for a moment; it is in the same group.
  await new Promise((resolve) => setTimeout(resolve, 500));
  signalGroup('SIGKILL');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
}
