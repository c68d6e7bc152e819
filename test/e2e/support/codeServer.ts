import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths';

export interface CodeServerOptions {
  /** Extra environment for code-server; the extension host inherits it (e.g. ANTHROPIC_BASE_URL). */
  env?: Record<string, string>;
  /** Merged over the default user settings of scripts/start-code-server.sh. */
  userSettings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly port: number;
  /** Temporary folder with the user data, extensions and logs of this server; removed by stop(). */
  readonly runDir: string;
  /** Workbench URL that opens `folder`, with `devExtensionPath` loaded as an extension under development. */
  url(folder: string, devExtensionPath?: string): string;
  /** What code-server printed so far. */
  output(): string;
  /** The extension host logs (remoteexthost.log) of every window so far, oldest first. */
  extensionHostLog(): string;
  /** Stops the server's whole process group and removes runDir. Safe to call twice. */
  stop(): Promise<void>;
}

const startScript = path.join(repoRoot, 'scripts', 'start-code-server.sh');
const startTimeoutMs = 60_000;
const outputLimit = 200_000;

/** Starts real VS Code (code-server, installed by scripts/setup-tools.sh) on a free 127.0.0.1 port. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const port = await freePort();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-cs-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, CS_SETTINGS: JSON.stringify(options.userSettings ?? {}) };
  // Set by node's test runner for its own children; the extension host must not look like one.
  delete env.NODE_TEST_CONTEXT;
  // detached: a process group of its own, so stop() also ends the extension hosts and the file watcher.
  const child = spawn('bash', [startScript, String(port), runDir], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-outputLimit);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
  let hasExited = false;
  void exited.then(() => { hasExited = true; });

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      const pid = child.pid;
      if (pid !== undefined) await stopProcessGroup(pid, exited);
      fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    })();
    return stopped;
  };

  try {
    await waitForHealthy(port, () => hasExited);
  } catch (error) {
    await stop();
    throw new Error(`code-server did not start: ${String(error)}\n--- code-server output ---\n${output}`);
  }

  return {
    port,
    runDir,
    url(folder, devExtensionPath) {
      let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
      if (devExtensionPath !== undefined) {
        // The workbench reads `payload` only with --vscode-option enable-smoke-test-driver (start script sets it);
        // the extension folder lives on the server side, hence a vscode-remote URI.
        const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${devExtensionPath}`]];
        url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      }
      return url;
    },
    output: () => output,
    extensionHostLog: () => readExtensionHostLogs(runDir),
    stop,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => { resolve(port); });
    });
  });
}

async function waitForHealthy(port: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('the process exited');
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false);
    if (healthy) return;
    await delay(100);
  }
  throw new Error(`no answer on /healthz within ${startTimeoutMs / 1000} s`);
}

/** SIGTERM to the group; SIGKILL whatever is left after a grace period (children may outlive the server). */
async function stopProcessGroup(pgid: number, exited: Promise<void>): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const graceMs = 5_000;
  await Promise.race([exited, delay(graceMs)]);
  const deadline = Date.now() + 2_000;
  while (groupAlive(pgid) && Date.now() < deadline) await delay(100);
  signalGroup(pgid, 'SIGKILL');
  await exited;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function readExtensionHostLogs(runDir: string): string {
  const logsDir = path.join(runDir, 'user-data', 'logs');
  if (!fs.existsSync(logsDir)) return '';
  const files = fs
    .readdirSync(logsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'remoteexthost.log')
    .sort();
  return files.map((file) => `--- ${file} ---\n${fs.readFileSync(path.join(logsDir, file), 'utf8')}`).join('\n');
}

async function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
