import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectPullRequestContext, type PullRequestContextRequest } from '../../../src/engine/github/pullRequestContext';
import { pullRequestContextSchema } from '../../../src/shared/pullRequestModel';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startGithubApiServer, type GithubApiScenario, type GithubApiServer } from '../../fixtures/githubServer/githubApiServer';
import { createPullRequestRepo, execPathOf, owner, repoName, requireGh, token, userEnv } from './ghTestSetup';

const branch = 'feature/login';
let repo: TempRepo;
let head: string;
const servers: GithubApiServer[] = [];

before(() => {
  requireGh();
  ({ repo, head } = createPullRequestRepo(branch));
});

after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  repo.remove();
});

async function serve(extra: Partial<GithubApiScenario> = {}): Promise<GithubApiServer> {
  const server = await startGithubApiServer({
    repository: { owner, name: repoName, pullRequests: [{ number: 5, title: 'Other work', author: 'dana', body: '', baseRefName: 'main', headRefName: 'other', headRefOid: head }] },
    token,
    ...extra,
  });
  servers.push(server);
  return server;
}

/** The reason the pull request is unavailable (the test fails if it is available). */
async function reasonFor(request: Omit<PullRequestContextRequest, 'repoRoot' | 'branch' | 'head' | 'signal'> & { signal?: AbortSignal }): Promise<string> {
  const context = pullRequestContextSchema.parse(
    await collectPullRequestContext({ repoRoot: repo.root, branch, head, signal: new AbortController().signal, ...request }),
  );
  assert.equal(context.available, false);
  return context.reason;
}

test('no pull request for the branch says so and how to open one', async () => {
  const server = await serve();

  const reason = await reasonFor({ baseEnv: userEnv(server) });

  assert.match(reason, /No pull request on GitHub has `feature\/login` as its branch/);
  assert.match(reason, /gh pr create/);
  assert.equal(server.requests[0]?.operation, 'PullRequestList');
});

test('without gh on PATH the reason says how to install it', async () => {
  const server = await serve();
  const binWithoutGh = path.join(server.dir, 'bin');
  fs.mkdirSync(binWithoutGh);
  fs.symlinkSync(execPathOf('git'), path.join(binWithoutGh, 'git'));

  const reason = await reasonFor({ baseEnv: userEnv(server, { extra: { PATH: binWithoutGh } }) });

  assert.match(reason, /GitHub CLI \(`gh`\) is not installed or not on PATH/);
  assert.match(reason, /apt-get install gh/);
  assert.match(reason, /gh auth login/);
  assert.equal(server.requests.length, 0);
});

test('without a login the reason says to run gh auth login', async () => {
  const server = await serve();

  const reason = await reasonFor({ baseEnv: userEnv(server, { withToken: false }) });

  assert.match(reason, /not authenticated — run `gh auth login`/);
  assert.equal(server.requests.length, 0, 'gh stops before asking GitHub');
});

test('a token GitHub refuses gives its message and says to log in again', async () => {
  const server = await serve({ token: 'a-different-token' });

  const reason = await reasonFor({ baseEnv: userEnv(server) });

  assert.match(reason, /Bad credentials/);
  assert.match(reason, /gh auth login/);
});

test('an HTTP 500 from the API gives its message', async () => {
  const server = await serve({ failure: { status: 500, message: 'Something exploded in the fixture' } });

  const reason = await reasonFor({ baseEnv: userEnv(server) });

  assert.match(reason, /^GitHub API error while looking up the pull request: /);
  assert.match(reason, /HTTP 500/);
  assert.match(reason, /Something exploded in the fixture/);
});

test('a server that never answers is given up at the timeout and gh is stopped', async () => {
  const server = await serve({ hang: true });
  const started = Date.now();

  const reason = await reasonFor({ baseEnv: userEnv(server), timeoutMs: 1_500 });

  const elapsed = Date.now() - started;
  assert.match(reason, /did not answer within 1\.5 s while looking up the pull request/);
  assert.ok(elapsed >= 1_500 && elapsed < 4_000, `gave up after ${elapsed} ms`);
  assert.equal(server.requests.length, 1, 'gh reached the server');
  await waitFor(() => server.openConnections() === 0, 'gh to close its connection');
});

test('cancelling stops gh at once', async () => {
  const server = await serve({ hang: true });
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => {
    controller.abort();
  }, 300);

  const reason = await reasonFor({ baseEnv: userEnv(server), signal: controller.signal });

  assert.match(reason, /cancelled while looking up the pull request/);
  assert.ok(Date.now() - started < 3_000, 'did not wait for the 20 s timeout');
  await waitFor(() => server.openConnections() === 0, 'gh to close its connection');
});

test('a repository without a GitHub remote says there is no pull request to read', async () => {
  const server = await serve();
  const gitlabClone = createPullRequestRepo(branch).repo;
  gitlabClone.git('remote', 'set-url', 'origin', 'https://gitlab.example.com/acme/widgets.git');
  try {
    const context = await collectPullRequestContext({ repoRoot: gitlabClone.root, branch, head, signal: new AbortController().signal, baseEnv: userEnv(server) });
    assert.equal(context.available, false);
    assert.match(context.reason, /no remote on a GitHub host/);
  } finally {
    gitlabClone.remove();
  }
});

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
