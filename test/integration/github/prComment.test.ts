import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PrCommentClient, type ReportComment } from '../../../src/engine/github/prComment';
import { commentLimit, composeCommentBody, readEmbeddedLedger, reportCommentMarker } from '../../../src/engine/github/prCommentBody';
import type { PullRequestAddress } from '../../../src/engine/github/reviewThreads';
import type { TempRepo } from '../../fixtures/gitRepo';
import { startFakeGithubWithComments, type CommentsScenario, type FakeGithubWithComments, type FakeIssueComment } from './fakeGithubWithComments';
import { createPullRequestRepo, owner, repoName, requireGh, token } from './ghTestSetup';

// The comment logic with the real gh against a fake GitHub that speaks the issue-comment REST endpoints.

const pr: PullRequestAddress = { host: 'github.com', owner, name: repoName, number: 17 };
let repo: TempRepo;
const servers: FakeGithubWithComments[] = [];

before(() => {
  requireGh();
  ({ repo } = createPullRequestRepo('feature/login'));
});
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  repo.remove();
});

async function serve(extra: Partial<CommentsScenario> = {}): Promise<FakeGithubWithComments> {
  const server = await startFakeGithubWithComments({ repository: { owner, name: repoName, pullRequests: [] }, token, viewer: 'deep-review-bot', ...extra });
  servers.push(server);
  return server;
}

function client(server: FakeGithubWithComments): PrCommentClient {
  const opened = PrCommentClient.open({
    repoRoot: repo.root,
    signal: new AbortController().signal,
    baseEnv: { PATH: process.env.PATH, HOME: server.dir, GH_CONFIG_DIR: server.ghConfigDir, GH_TOKEN: token },
  });
  assert.ok(opened instanceof PrCommentClient, 'gh is there');
  return opened;
}

async function find(server: FakeGithubWithComments): Promise<ReportComment | null> {
  const found = await client(server).find(pr);
  assert.ok(!('problem' in found), 'problem' in found ? found.problem : '');
  return found.comment;
}

const comment = (id: number, login: string, body: string, type: FakeIssueComment['type'] = 'User'): FakeIssueComment => ({ id, issue: 17, login, type, body });

test('the first run creates the comment, the second finds and updates it: one comment, never a new one per run', async () => {
  const server = await serve({ comments: [comment(5, 'dana', 'Looks good to me.')] });

  assert.equal(await find(server), null);
  const created = await client(server).save(pr, `${reportCommentMarker}\nRound 1`, null);
  assert.deepEqual(created, { ok: true, action: 'created', url: 'https://github.com/acme/widgets/pull/17#issuecomment-1001' });

  const existing = await find(server);
  assert.deepEqual(existing, { id: 1001, body: `${reportCommentMarker}\nRound 1`, url: 'https://github.com/acme/widgets/pull/17#issuecomment-1001' });
  const updated = await client(server).save(pr, `${reportCommentMarker}\nRound 2`, existing);
  assert.equal(updated.ok && updated.action, 'updated');

  assert.deepEqual(server.comments.map((item) => [item.id, item.login, item.body]), [
    [5, 'dana', 'Looks good to me.'],
    [1001, 'deep-review-bot', `${reportCommentMarker}\nRound 2`],
  ]);
  assert.deepEqual(server.restRequests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`), [
    'POST /repos/acme/widgets/issues/17/comments',
    'PATCH /repos/acme/widgets/issues/comments/1001',
  ]);
});

test('a comment quoting the marker in a code block, or starting with it but written by someone else, is not taken', async () => {
  const quoted = `How do I find the bot's comment?\n\n\`\`\`\n${reportCommentMarker}\n\`\`\``;
  const server = await serve({
    comments: [comment(7, 'mallory', quoted), comment(8, 'mallory', `${reportCommentMarker}\nFake report`), comment(9, 'deep-review-bot', 'A plain comment by the bot')],
  });

  assert.equal(await find(server), null);
});

test('the comment is found on a later page of a long discussion', async () => {
  const chatter = Array.from({ length: 34 }, (_, index) => comment(index + 1, 'dana', `Remark ${index + 1}`));
  const server = await serve({ pageSize: 10, comments: [...chatter, comment(500, 'deep-review-bot', `${reportCommentMarker}\nOurs`)] });

  const found = await find(server);

  assert.equal(found?.id, 500);
  assert.equal(server.restRequests.filter((request) => request.path.endsWith('/issues/17/comments')).length, 4, 'gh followed the Link header through 4 pages');
});

test('with a GitHub App token (Actions’ GITHUB_TOKEN cannot read /user), only its own bot’s marker comment is ours: not a user’s, not another bot’s', async () => {
  const server = await serve({
    viewer: null,
    comments: [
      comment(3, 'mallory', `${reportCommentMarker}\nFake`),
      comment(4, 'evil-bot[bot]', `${reportCommentMarker}\nForged history`, 'Bot'),
      comment(6, 'github-actions[bot]', `${reportCommentMarker}\nRound 1`, 'Bot'),
    ],
  });

  const found = await find(server);

  assert.equal(found?.id, 6);
});

test('when the token’s account cannot be read, no marker comment is taken, and the caller is told why', async () => {
  const server = await serve({ viewerUnreadable: true, comments: [comment(6, 'github-actions[bot]', `${reportCommentMarker}\nRound 1`, 'Bot')] });

  const found = await client(server).find(pr);

  assert.deepEqual(found, { comment: null, note: 'the account of the GitHub token could not be read, so no earlier Deep Review comment is trusted; a new one is written' });
});

test('a report longer than a comment is cut to GitHub’s limit, stored whole by gh, and the embedded history still reads back', async () => {
  const server = await serve();
  const ledger = { version: 1, branch: 'feature/login', rounds: [{ round: 1, createdAt: '2026-01-01T00:00:00.000Z', head: 'a'.repeat(40) }], entries: [], rejections: [] };
  const markdown = Array.from({ length: 3000 }, (_, index) => `- line ${index} of a very long report, with some words to make it long`).join('\n');
  const composed = composeCommentBody({ markdown, ledger, fullReportHint: 'the artifacts of the run' });
  assert.equal(composed.trimmed, true);

  const saved = await client(server).save(pr, composed.body, null);

  assert.ok(saved.ok);
  const stored = server.comments[0]!.body;
  assert.equal(stored, composed.body);
  assert.ok(stored.length <= commentLimit && stored.length > commentLimit - 200, String(stored.length));
  assert.match(stored, /This report is cut here: it is longer than a GitHub comment can hold \(65,536 characters\)\. The full report is in the artifacts of the run\._\n$/);
  assert.deepEqual(readEmbeddedLedger(stored), { found: true, ledger });
});
