import { startGhSocketServer, sendJson } from '../../fixtures/githubServer/ghSocketServer';
import { answerGraphql, type FakeRepository, type GraphqlRequest } from '../../fixtures/githubServer/githubData';

// The fake api.github.com of test/fixtures/githubServer (same Unix socket trick, same GraphQL answers for
// the pull-request lookup), plus the REST endpoints of issue comments: GET /user, list (paged with a Link
// header, as GitHub does), create and update.

/** The account of Actions' GITHUB_TOKEN, an App installation token. */
const appBot = 'github-actions[bot]';

export interface FakeIssueComment {
  id: number;
  issue: number;
  body: string;
  login: string;
  type: 'User' | 'Bot';
}

export interface CommentsScenario {
  repository: FakeRepository;
  token: string;
  /** Who the token belongs to; null: GET /user answers 403 like Actions' GITHUB_TOKEN, and comments are by github-actions[bot]. */
  viewer: string | null;
  comments?: FakeIssueComment[];
  /** Neither GraphQL `viewer` nor GET /user answers (a token without that access, or an outage). */
  viewerUnreadable?: boolean;
  /** Page size GitHub uses for the comment list, to make gh follow the Link header. */
  pageSize?: number;
}

export interface RestRequest {
  method: string;
  path: string;
  /** The JSON body gh sent, for POST and PATCH. */
  body: unknown;
}

export interface FakeGithubWithComments {
  readonly dir: string;
  readonly ghConfigDir: string;
  readonly comments: FakeIssueComment[];
  readonly restRequests: RestRequest[];
  close(): Promise<void>;
}

export async function startFakeGithubWithComments(scenario: CommentsScenario): Promise<FakeGithubWithComments> {
  const comments = scenario.comments ?? [];
  const restRequests: RestRequest[] = [];
  let nextId = Math.max(1000, ...comments.map((comment) => comment.id)) + 1;
  const { owner, name } = scenario.repository;
  const commentsPath = new RegExp(`^/repos/${owner}/${name}/issues/(\\d+)/comments$`);
  const commentPath = new RegExp(`^/repos/${owner}/${name}/issues/comments/(\\d+)$`);
  const apiComment = (comment: FakeIssueComment) => ({
    id: comment.id,
    html_url: `https://github.com/${owner}/${name}/pull/${comment.issue}#issuecomment-${comment.id}`,
    body: comment.body,
    user: { login: comment.login, type: comment.type },
  });

  const server = await startGhSocketServer('deep-review-ghc-', (req, text, res) => {
    const url = new URL(req.url ?? '/', 'https://api.github.com');
    if (req.headers.authorization !== `token ${scenario.token}`) {
      sendJson(res, 401, { message: 'Bad credentials' });
      return;
    }
    if (url.pathname === '/graphql') {
      const parsed = JSON.parse(text) as { query?: string; variables?: Record<string, unknown> };
      // The token's own account: a user, or for an App installation token its bot (what GitHub answers to both).
      if (/^\s*(query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(parsed.query ?? '')) {
        if (scenario.viewerUnreadable) sendJson(res, 502, { message: 'Server Error' });
        else sendJson(res, 200, { data: { viewer: { login: scenario.viewer ?? appBot } } });
        return;
      }
      const request: GraphqlRequest = { query: parsed.query ?? '', variables: parsed.variables ?? {} };
      sendJson(res, 200, answerGraphql(scenario.repository, request));
      return;
    }
    const body = text === '' ? null : (JSON.parse(text) as unknown);
    restRequests.push({ method: req.method ?? '', path: url.pathname, body });
    const listMatch = commentsPath.exec(url.pathname);
    const updateMatch = commentPath.exec(url.pathname);
    if (url.pathname === '/user' && req.method === 'GET') {
      if (scenario.viewer === null || scenario.viewerUnreadable) sendJson(res, 403, { message: 'Resource not accessible by integration' });
      else sendJson(res, 200, { login: scenario.viewer, type: 'User' });
    } else if (listMatch && req.method === 'GET') {
      const issue = Number(listMatch[1]);
      const pageSize = scenario.pageSize ?? 30;
      const page = Number(url.searchParams.get('page') ?? '1');
      const all = comments.filter((comment) => comment.issue === issue);
      const slice = all.slice((page - 1) * pageSize, page * pageSize);
      const headers: Record<string, string> = {};
      if (page * pageSize < all.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      sendJson(res, 200, slice.map(apiComment), headers);
    } else if (listMatch && req.method === 'POST') {
      const comment: FakeIssueComment = { id: nextId++, issue: Number(listMatch[1]), body: bodyText(body), login: scenario.viewer ?? appBot, type: scenario.viewer === null ? 'Bot' : 'User' };
      comments.push(comment);
      sendJson(res, 201, apiComment(comment));
    } else if (updateMatch && req.method === 'PATCH') {
      const comment = comments.find((candidate) => candidate.id === Number(updateMatch[1]));
      if (comment === undefined) {
        sendJson(res, 404, { message: 'Not Found' });
        return;
      }
      if (comment.login !== (scenario.viewer ?? appBot)) {
        sendJson(res, 403, { message: 'You cannot edit this comment' });
        return;
      }
      comment.body = bodyText(body);
      sendJson(res, 200, apiComment(comment));
    } else {
      sendJson(res, 404, { message: 'Not Found' });
    }
  });
  return { dir: server.dir, ghConfigDir: server.ghConfigDir, comments, restRequests, close: () => server.close() };
}

function bodyText(body: unknown): string {
  const value = (body as { body?: unknown } | null)?.body;
  if (typeof value !== 'string') throw new Error(`gh sent no comment body: ${JSON.stringify(body)}`);
  return value;
}
