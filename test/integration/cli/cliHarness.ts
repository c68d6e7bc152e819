import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..', '..');
export const claudeBin = path.join(root, 'node_modules', '.bin', 'claude');

/**
 * The CLI bundled from the current sources the way scripts/build.mjs bundles dist/cli.js (the package's
 * `bin`), as `<dir>/dist/cli.js` next to a link to the prompts folder — the package's layout. Tests never
 * depend on a stale dist/ nor rebuild the dist/ others' tests use.
 */
export async function bundleCli(dir: string): Promise<string> {
  const outfile = path.join(dir, 'dist', 'cli.js');
  fs.symlinkSync(path.join(root, 'prompts'), path.join(dir, 'prompts'));
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
  fs.chmodSync(outfile, 0o755);
  return outfile;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI with stdin closed (it must never wait for input), as CI does. */
export function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCommand(process.execPath, [cli, ...args], env);
}

/**
 * Runs a command with stdin closed and collects its output. Asynchronous on purpose: the scripted model
 * servers the tested CLI talks to answer from this process.
 */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}

/** process.env without Anthropic/Claude variables, a home of its own and a fresh Claude config folder; plus the model server. */
export function claudeEnv(scratch: string, serverUrl?: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ANTHROPIC_|CLAUDE_|GITHUB_|GH_)/.test(name)));
  const env: NodeJS.ProcessEnv = { ...inherited, HOME: scratch, CLAUDE_CONFIG_DIR: fs.mkdtempSync(path.join(scratch, 'claude-')), CLAUDE_CODE_MAX_RETRIES: '0' };
  if (serverUrl !== undefined) Object.assign(env, { ANTHROPIC_BASE_URL: serverUrl, ANTHROPIC_API_KEY: 'sk-test' });
  return env;
}

export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
