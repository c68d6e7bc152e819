import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { resolveCommand } from '../agents/binaryCheck';
import { describeGhFailure } from './ghFailure';
import { ghEnvironment } from './ghEnvironment';
import { createGhRunner, ghInstallHint, type GhRunner } from './ghRunner';
import { markedFingerprint } from './inlineCommentBody';
import type { InlineComment, OwnThread } from './inlineReviewPlan';
import { parseJson, type PullRequestAddress } from './reviewThreads';
import { tokenLogin } from './tokenLogin';

export interface PrReviewClientOptions {
  repoRoot: string;
  signal: AbortSignal;
  baseEnv?: NodeJS.ProcessEnv;
  /** For all gh calls of the client together; default 120 s. */
  timeoutMs?: number;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; problem: string };

const defaultTimeoutMs = 120_000;
const pageSize = 100;
const maxPages = 5;

const threadsQuery = `query DeepReviewOwnThreads($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: ${pageSize}, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { databaseId author { login } body } } }
      }
    }
  }
}`;

const threadsPageSchema = z.object({
  data: z.object({
    repository: z.object({
      pullRequest: z.object({
        reviewThreads: z.object({
          pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
          nodes: z.array(
            z.object({
              id: z.string(),
              isResolved: z.boolean(),
              comments: z.object({ nodes: z.array(z.object({ databaseId: z.number().int().nullable(), author: z.object({ login: z.string() }).nullable(), body: z.string() })) }),
            }),
          ),
        }),
      }),
    }),
  }),
});

const resolveMutation = `mutation DeepReviewResolveThread($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;
const reopenMutation = `mutation DeepReviewReopenThread($threadId: ID!) {
  unresolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;
const resolvedSchema = z.object({ data: z.object({ resolveReviewThread: z.object({ thread: z.object({ isResolved: z.boolean() }) }) }) });
const reopenedSchema = z.object({ data: z.object({ unresolveReviewThread: z.object({ thread: z.object({ isResolved: z.boolean() }) }) }) });
const createdReviewSchema = z.object({ id: z.number().int(), html_url: z.string() });
const createdCommentSchema = z.object({ id: z.number().int() });
// GitHub's 422 names what it refused in `errors` (strings or objects); gh prints the body on stdout, not the errors.
const errorBodySchema = z.object({ errors: z.array(z.union([z.string(), z.object({ message: z.string() }).transform((error) => error.message)])) });

/** Reads Deep Review's own review threads on a pull request and writes its reviews, replies and resolutions with `gh api`. */
export class PrReviewClient {
  private constructor(
    private readonly gh: GhRunner,
    private readonly timeoutMs: number,
  ) {}

  static open(options: PrReviewClientOptions): PrReviewClient | { problem: string } {
    const env = ghEnvironment(options.baseEnv ?? process.env);
    const ghPath = resolveCommand('gh', env);
    if (ghPath === null) return { problem: `The GitHub CLI (\`gh\`) is not installed or not on PATH. ${ghInstallHint}` };
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    return new PrReviewClient(createGhRunner({ ghPath, cwd: options.repoRoot, env, signal: options.signal, deadline: Date.now() + timeoutMs }), timeoutMs);
  }

  /** The token's account; null when it cannot be read (then no thread can be told to be ours). */
  viewer(pr: PullRequestAddress): Promise<string | null> {
    return tokenLogin(this.gh, pr.host);
  }

  /**
   * The threads whose first comment `login` wrote and starts with a finding marker. A thread someone else
   * opened with our marker is not ours, whatever it says: it is neither skipped as posted nor resolved.
   */
  async ownThreads(pr: PullRequestAddress, login: string): Promise<Outcome<OwnThread[]>> {
    const threads: OwnThread[] = [];
    let after: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const args = ['api', 'graphql', '--hostname', pr.host, '-f', `query=${threadsQuery}`, '-f', `owner=${pr.owner}`, '-f', `name=${pr.name}`, '-F', `number=${pr.number}`];
      if (after !== null) args.push('-f', `after=${after}`);
      const answer = await this.gh(args);
      if (answer.exitCode !== 0) return { ok: false, problem: describeGhFailure(answer, 'reading the review threads', this.timeoutMs) };
      const parsed = parseJson(answer.stdout, threadsPageSchema);
      if (!parsed.success) return { ok: false, problem: `\`gh api graphql\` answered the review-thread query with something unexpected: ${parsed.error}` };
      const { nodes, pageInfo } = parsed.data.data.repository.pullRequest.reviewThreads;
      for (const node of nodes) {
        const first = node.comments.nodes[0];
        const fingerprint = first === undefined ? null : markedFingerprint(first.body);
        if (first?.author?.login !== login || fingerprint === null || first.databaseId === null) continue;
        threads.push({ id: node.id, isResolved: node.isResolved, firstCommentId: first.databaseId, fingerprint });
      }
      if (!pageInfo.hasNextPage || pageInfo.endCursor === null) break;
      after = pageInfo.endCursor;
    }
    return { ok: true, value: threads };
  }

  /** One review (event COMMENT) at `commit` with all the comments. */
  async postReview(pr: PullRequestAddress, commit: string, body: string, comments: readonly InlineComment[]): Promise<Outcome<{ url: string }>> {
    const payload = {
      commit_id: commit,
      event: 'COMMENT',
      body,
      comments: comments.map((comment) => ({
        path: comment.path,
        line: comment.line,
        side: 'RIGHT',
        ...(comment.startLine === null ? {} : { start_line: comment.startLine, start_side: 'RIGHT' }),
        body: comment.body,
      })),
    };
    const answer = await this.postJson(pr, `repos/${pr.owner}/${pr.name}/pulls/${pr.number}/reviews`, payload, 'posting the review');
    if (!answer.ok) return answer;
    const parsed = parseJson(answer.value, createdReviewSchema);
    return parsed.success ? { ok: true, value: { url: parsed.data.html_url } } : { ok: false, problem: '`gh api` answered something unexpected while posting the review.' };
  }

  async reply(pr: PullRequestAddress, commentId: number, body: string): Promise<Outcome<null>> {
    const answer = await this.postJson(pr, `repos/${pr.owner}/${pr.name}/pulls/${pr.number}/comments/${commentId}/replies`, { body }, 'replying on a review thread');
    if (!answer.ok) return answer;
    return parseJson(answer.value, createdCommentSchema).success ? { ok: true, value: null } : { ok: false, problem: '`gh api` answered something unexpected while replying on a review thread.' };
  }

  async resolve(pr: PullRequestAddress, threadId: string): Promise<Outcome<null>> {
    const answer = await this.gh(['api', 'graphql', '--hostname', pr.host, '-f', `query=${resolveMutation}`, '-f', `threadId=${threadId}`]);
    if (answer.exitCode !== 0) return { ok: false, problem: describeGhFailure(answer, 'resolving a review thread', this.timeoutMs) };
    const parsed = parseJson(answer.stdout, resolvedSchema);
    return parsed.success && parsed.data.data.resolveReviewThread.thread.isResolved ? { ok: true, value: null } : { ok: false, problem: 'GitHub did not mark the review thread resolved.' };
  }

  async reopen(pr: PullRequestAddress, threadId: string): Promise<Outcome<null>> {
    const answer = await this.gh(['api', 'graphql', '--hostname', pr.host, '-f', `query=${reopenMutation}`, '-f', `threadId=${threadId}`]);
    if (answer.exitCode !== 0) return { ok: false, problem: describeGhFailure(answer, 'reopening a review thread', this.timeoutMs) };
    const parsed = parseJson(answer.stdout, reopenedSchema);
    return parsed.success && !parsed.data.data.unresolveReviewThread.thread.isResolved ? { ok: true, value: null } : { ok: false, problem: 'GitHub did not reopen the review thread.' };
  }

  /** POSTs `payload` as JSON through a file: bodies can be long, and gh's -f would read a leading "@" as a file name. */
  private async postJson(pr: PullRequestAddress, endpoint: string, payload: unknown, doing: string): Promise<Outcome<string>> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'deep-review-review-'));
    try {
      const input = path.join(dir, 'body.json');
      await fs.writeFile(input, JSON.stringify(payload), { mode: 0o600 });
      const answer = await this.gh(['api', '--hostname', pr.host, '--method', 'POST', endpoint, '--input', input]);
      if (answer.exitCode === 0) return { ok: true, value: answer.stdout };
      return { ok: false, problem: `${describeGhFailure(answer, doing, this.timeoutMs)}${errorDetails(answer.stdout)}` };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

/** " GitHub said: Line could not be resolved." from an error body, or "". */
function errorDetails(stdout: string): string {
  const parsed = parseJson(stdout, errorBodySchema);
  if (!parsed.success || parsed.data.errors.length === 0) return '';
  return ` GitHub said: ${parsed.data.errors.join('; ').slice(0, 300)}.`;
}
