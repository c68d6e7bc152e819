import { z } from 'zod';
import type { UnresolvedThread } from '../../shared/pullRequestModel';
import { describeGhFailure } from './ghFailure';
import type { GhRunner } from './ghRunner';

export interface PullRequestAddress {
  host: string;
  owner: string;
  name: string;
  number: number;
}

/** Host, owner, repository and number from https://<host>/<owner>/<name>/pull/<number>. */
export function pullRequestAddressOf(url: string, number: number): PullRequestAddress | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const [owner, name] = parsed.pathname.split('/').filter(Boolean);
  if (owner === undefined || name === undefined) return null;
  return { host: parsed.host, owner, name, number };
}

export interface ReviewThreadsResult {
  unresolvedThreads: UnresolvedThread[];
  threadsRead: number;
  threadsTotal: number;
  threadsProblem: string | null;
}

// GitHub's largest page; five pages bound the time and the report's length.
const pageSize = 100;
const maxPages = 5;

const reviewThreadsQuery = `query PullRequestReviewThreads($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: ${pageSize}, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          isResolved
          isOutdated
          path
          line
          originalLine
          comments(first: 1) { totalCount nodes { author { login } body url } }
        }
      }
    }
  }
}`;

const threadSchema = z.object({
  isResolved: z.boolean(),
  isOutdated: z.boolean(),
  path: z.string().nullable(),
  line: z.number().int().nullable(),
  originalLine: z.number().int().nullable(),
  comments: z.object({
    totalCount: z.number().int(),
    nodes: z.array(z.object({ author: z.object({ login: z.string() }).nullable(), body: z.string(), url: z.string() })),
  }),
});

const pageSchema = z.object({
  data: z.object({
    repository: z.object({
      pullRequest: z.object({
        reviewThreads: z.object({
          totalCount: z.number().int(),
          pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
          nodes: z.array(threadSchema),
        }),
      }),
    }),
  }),
});

/** Reads the pull request's review threads page by page (up to 500) and keeps the unresolved ones. */
export async function readUnresolvedThreads(gh: GhRunner, pr: PullRequestAddress, timeoutMs: number): Promise<ReviewThreadsResult> {
  const result: ReviewThreadsResult = { unresolvedThreads: [], threadsRead: 0, threadsTotal: 0, threadsProblem: null };
  let after: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const args = ['api', 'graphql', '--hostname', pr.host, '-f', `query=${reviewThreadsQuery}`, '-f', `owner=${pr.owner}`, '-f', `name=${pr.name}`, '-F', `number=${pr.number}`];
    if (after !== null) args.push('-f', `after=${after}`);
    const answer = await gh(args);
    if (answer.exitCode !== 0) {
      result.threadsProblem = describeGhFailure(answer, 'reading the review threads', timeoutMs);
      return result;
    }
    const parsed = parseJson(answer.stdout, pageSchema);
    if (!parsed.success) {
      result.threadsProblem = `\`gh api graphql\` answered the review-thread query with something unexpected: ${parsed.error}`;
      return result;
    }
    const threads = parsed.data.data.repository.pullRequest.reviewThreads;
    result.threadsTotal = threads.totalCount;
    result.threadsRead += threads.nodes.length;
    for (const thread of threads.nodes) {
      if (!thread.isResolved) result.unresolvedThreads.push(toUnresolvedThread(thread));
    }
    if (!threads.pageInfo.hasNextPage || threads.pageInfo.endCursor === null) break;
    after = threads.pageInfo.endCursor;
  }
  return result;
}

function toUnresolvedThread(thread: z.infer<typeof threadSchema>): UnresolvedThread {
  const first = thread.comments.nodes[0];
  return {
    path: thread.path,
    line: thread.line ?? thread.originalLine,
    author: first?.author?.login ?? 'ghost',
    body: first?.body ?? '',
    url: first?.url ?? '',
    isOutdated: thread.isOutdated,
    replies: Math.max(0, thread.comments.totalCount - 1),
  };
}

/** JSON text checked against `schema`, or a one-line reason it is not that. */
export function parseJson<T>(text: string, schema: z.ZodType<T>): { success: true; data: T } | { success: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { success: false, error: `not JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: z.prettifyError(parsed.error).replace(/\n/g, ' ') };
}
