import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { collectPullRequestContext } from '../../../src/engine/github/pullRequestContext';
import { pullRequestContextSchema, type AvailablePullRequest, type PullRequestContext } from '../../../src/shared/pullRequestModel';
import type { TempRepo } from '../../fixtures/gitRepo';
import type { FakePullRequest, FakeThread } from '../../fixtures/githubServer/githubData';
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

async function serve(pullRequests: FakePullRequest[], extra: Partial<GithubApiScenario> = {}): Promise<GithubApiServer> {
  const server = await startGithubApiServer({ repository: { owner, name: repoName, pullRequests }, token, ...extra });
  servers.push(server);
  return server;
}

async function collect(server: GithubApiServer, reviewedBranch = branch, extraEnv: Record<string, string> = {}): Promise<PullRequestContext> {
  const context = await collectPullRequestContext({ repoRoot: repo.root, branch: reviewedBranch, head, signal: new AbortController().signal, baseEnv: userEnv(server, { extra: extraEnv }) });
  return pullRequestContextSchema.parse(context);
}

function expectAvailable(context: PullRequestContext): AvailablePullRequest {
  assert.ok(context.available, `expected a pull request, got: ${context.available ? '' : context.reason}`);
  return context;
}

const thread = (path: string, line: number, author: string, body: string, extra: Partial<FakeThread> = {}): FakeThread => ({
  path,
  line,
  isResolved: false,
  comments: [{ author, body }],
  ...extra,
});

const loginPullRequest = (threads: FakeThread[], extra: Partial<FakePullRequest> = {}): FakePullRequest => ({
  number: 17,
  title: 'Check the user name on login',
  author: 'dana',
  body: 'Empty names were accepted.',
  baseRefName: 'main',
  headRefName: branch,
  headRefOid: head,
  threads,
  ...extra,
});

test('a pull request with two unresolved threads and one resolved gives its details and the two unresolved threads', async () => {
  const server = await serve([
    loginPullRequest([
      thread('src/login.ts', 1, 'erin', 'Trim the name first?', { comments: [{ author: 'erin', body: 'Trim the name first?' }, { author: 'dana', body: 'Good point.' }] }),
      thread('src/login.ts', 1, 'frank', 'Already handled upstream.', { isResolved: true }),
      thread('README.md', 3, 'gus', 'Document the rule.', { isOutdated: true }),
    ]),
  ]);

  const pr = expectAvailable(await collect(server));

  assert.deepEqual(
    { number: pr.number, title: pr.title, author: pr.author, state: pr.state, isDraft: pr.isDraft, base: pr.baseRefName, head: pr.headRefName, url: pr.url },
    { number: 17, title: 'Check the user name on login', author: 'dana', state: 'OPEN', isDraft: false, base: 'main', head: branch, url: 'https://github.com/acme/widgets/pull/17' },
  );
  assert.equal(pr.body, 'Empty names were accepted.');
  assert.equal(pr.headMatchesReview, true);
  assert.deepEqual(pr.unresolvedThreads, [
    { path: 'src/login.ts', line: 1, author: 'erin', body: 'Trim the name first?', url: 'https://github.com/acme/widgets/pull/17#discussion_r1', isOutdated: false, replies: 1 },
    { path: 'README.md', line: 3, author: 'gus', body: 'Document the rule.', url: 'https://github.com/acme/widgets/pull/17#discussion_r3', isOutdated: true, replies: 0 },
  ]);
  assert.deepEqual({ read: pr.threadsRead, total: pr.threadsTotal, problem: pr.threadsProblem }, { read: 3, total: 3, problem: null });
  assert.ok(server.requests.every((request) => request.host === 'api.github.com' && request.authorization === `token ${token}`));
});

test('the pull request is looked up by its head branch, also when the branch name looks like a PR number', async () => {
  const server = await serve([
    loginPullRequest([], { number: 42, headRefName: 'other', title: 'Not this one' }),
    loginPullRequest([], { number: 43, headRefName: '42', title: 'Branch named 42', headRefOid: 'f'.repeat(40) }),
  ]);

  const pr = expectAvailable(await collect(server, '42'));

  assert.equal(pr.number, 43);
  assert.equal(pr.headMatchesReview, false, 'the PR head on GitHub is not the reviewed commit');
});

test('an open pull request wins over a closed one of the same branch, and one from a fork with the same branch name is ignored', async () => {
  const server = await serve([
    loginPullRequest([], { number: 30, state: 'CLOSED', headRefOid: 'a'.repeat(40) }),
    loginPullRequest([], { number: 31, headRefOid: 'b'.repeat(40) }),
    loginPullRequest([], { number: 32, forkOwner: 'mallory', headRefOid: 'c'.repeat(40) }),
  ]);

  const pr = expectAvailable(await collect(server));

  assert.equal(pr.number, 31);
});

test('review threads are read page by page', async () => {
  const threads = Array.from({ length: 130 }, (_, index) =>
    thread('src/login.ts', index + 1, 'erin', `Remark ${index + 1}`, { isResolved: index % 2 === 0 }),
  );
  const server = await serve([loginPullRequest(threads)]);

  const pr = expectAvailable(await collect(server));

  assert.equal(pr.unresolvedThreads.length, 65);
  assert.deepEqual(pr.unresolvedThreads.map((item) => item.line).slice(-2), [128, 130]);
  assert.deepEqual({ read: pr.threadsRead, total: pr.threadsTotal }, { read: 130, total: 130 });
  assert.equal(server.requests.filter((request) => request.operation === 'PullRequestReviewThreads').length, 2);
});

test('when only the review threads cannot be read, the pull request is still known and the problem is told', async () => {
  const server = await serve([loginPullRequest([thread('src/login.ts', 1, 'erin', 'Trim?')])], {
    failure: { status: 502, message: 'Threads are out to lunch', operation: 'PullRequestReviewThreads' },
  });

  const pr = expectAvailable(await collect(server));

  assert.equal(pr.number, 17);
  assert.deepEqual(pr.unresolvedThreads, []);
  assert.match(pr.threadsProblem ?? '', /Threads are out to lunch \(HTTP 502\)/);
});

test('GH_REPO in the user environment does not point gh at another repository', async () => {
  const server = await serve([loginPullRequest([])]);

  const pr = expectAvailable(await collect(server, branch, { GH_REPO: 'someone/else' }));

  assert.equal(pr.number, 17);
  assert.ok(server.requests.every((request) => request.variables.owner === owner));
});

test('the git that gh runs in the reviewed repository gets the hardened git settings', async () => {
  const server = await serve([loginPullRequest([])]);
  const shimDir = path.join(server.dir, 'git-shim');
  const log = path.join(server.dir, 'git-calls.log');
  fs.mkdirSync(shimDir);
  fs.writeFileSync(
    path.join(shimDir, 'git'),
    `#!/bin/sh\necho "$GIT_CONFIG_KEY_0=$GIT_CONFIG_VALUE_0 terminal-prompt=$GIT_TERMINAL_PROMPT: $*" >> '${log}'\nexec '${execPathOf('git')}' "$@"\n`,
    { mode: 0o755 },
  );

  const pr = expectAvailable(await collect(server, branch, { PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ''}` }));

  assert.equal(pr.number, 17);
  const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
  assert.ok(calls.some((call) => call.includes('remote')), `gh asked git for the remotes: ${calls.join(' | ')}`);
  for (const call of calls) assert.match(call, /^core\.hooksPath=\/dev\/null terminal-prompt=0: /);
});
