import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import http from 'node:http';
import { afterEach, test } from 'node:test';
import { sandboxSupport } from '../../../src/engine/sandbox/sandboxSupport';
import { createDiscountRepo } from '../../fixtures/discountBranch';
import { plantSecrets } from '../../fixtures/plantedSecrets';

// The verify command runs the branch's own code. Its own environment has no secrets (checkEnvironment),
// but the processes above it do: the extension host or CLI holds the provider keys and GH_TOKEN. A check
// that reads every /proc/<pid>/environ it can, and the user's home, must find none of them.

const parentSecret = 'sk-ant-PARENTsecret0b5e7';
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

const snoop = [
  'cat /proc/[0-9]*/environ 2>/dev/null | tr "\\000" "\\n" > "$SNOOP_OUT/environ.txt"',
  'cat ~/.ssh/id_rsa ~/.config/gh/hosts.yml > "$SNOOP_OUT/home.txt" 2>&1',
  'exit 0',
].join('; ');

async function runSnoopingCheck(sandbox: boolean, command = snoop, network = false): Promise<{ environ: string; home: string; net: string; status: string }> {
  const repo = createDiscountRepo();
  const out = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-snoop-')));
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-secret-home-')));
  folders.push(out, home, repo.root);
  plantSecrets(home);
  const input = { command, cwd: repo.root, repoRoot: repo.root, sandbox, writable: out, network };
  const child = path.resolve(__dirname, '..', '..', 'fixtures', 'checkInChild.ts');
  // Asynchronously: a test's local server must keep answering while the check runs.
  const { stdout: result } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, JSON.stringify(input)], {
    env: { ...process.env, HOME: home, ANTHROPIC_API_KEY: parentSecret, SNOOP_OUT: out },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const read = (name: string): string => (fs.existsSync(path.join(out, name)) ? fs.readFileSync(path.join(out, name), 'utf8') : '');
  return { environ: read('environ.txt'), home: read('home.txt'), net: read('net.txt'), status: (JSON.parse(result) as { status: string }).status };
}

test('sandboxed, a verify command that reads every /proc/<pid>/environ and the home finds no secret', { skip: !sandboxSupport().available && 'no sandbox on this machine' }, async () => {
  const { environ, home, status } = await runSnoopingCheck(true);

  assert.equal(status, 'passed');
  assert.match(environ, /SNOOP_OUT=/, 'the check read the environments it could see (its own)');
  assert.doesNotMatch(environ, new RegExp(parentSecret));
  assert.doesNotMatch(home, /PLANTED/);
  assert.match(home, /No such file or directory/);
});

// Control: the same check without the sandbox reads its parent's environment (and the home).
test('control: without the sandbox the same check finds the parent’s API key and the planted files', async () => {
  const { environ, home } = await runSnoopingCheck(false);

  assert.match(environ, new RegExp(parentSecret));
  assert.match(home, /PLANTED-SSH-KEY/);
});

async function withLocalServer<T>(body: (url: string) => Promise<T>): Promise<T> {
  const server = http.createServer((_request, response) => response.end('reached'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await body(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  } finally {
    server.close();
  }
}

const fetchCommand = (url: string): string =>
  `node -e 'fetch(process.argv[1]).then((r) => r.text(), (e) => "failed: " + (e.cause?.code ?? e.message)).then((t) => require("fs").writeFileSync(process.env.SNOOP_OUT + "/net.txt", t))' ${url}`;

test('sandboxed, the verify command has no network unless deepReview.verifyNetwork allows it', { skip: !sandboxSupport().available && 'no sandbox on this machine' }, async () => {
  const blocked = await withLocalServer((url) => runSnoopingCheck(true, fetchCommand(url)));
  assert.match(blocked.net, /^failed: ECONNREFUSED/);
  const allowed = await withLocalServer((url) => runSnoopingCheck(true, fetchCommand(url), true));
  assert.equal(allowed.net, 'reached');
});
