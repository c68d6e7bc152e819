import { z } from 'zod';
import type { PullRequestContext } from '../../shared/pullRequestModel';
import { pullRequestStateSchema } from '../../shared/pullRequestModel';
import { resolveCommand } from '../agents/binaryCheck';
import { describeError } from '../errors';
import { describeGhFailure } from './ghFailure';
import { ghEnvironment } from './ghEnvironment';
import { createGhRunner, ghInstallHint } from './ghRunner';
import { parseJson, pullRequestAddressOf, readUnresolvedThreads } from './reviewThreads';

export interface PullRequestContextRequest {
  repoRoot: string;
  /** The reviewed branch, as named on the remote. */
  branch: string;
  /** The reviewed commit. */
  head: string;
  signal: AbortSignal;
  /** Environment gh's own (auth, config folder) is taken from; default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  /** For all gh calls together; default 20 s. */
  timeoutMs?: number;
}

const defaultTimeoutMs = 20_000;
const listLimit = 30;
const pullRequestFields = 'number,title,author,url,body,baseRefName,headRefName,state,isDraft,headRefOid,isCrossRepository';

const listedPullRequestSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  author: z.object({ login: z.string() }).nullable(),
  url: z.string(),
  body: z.string(),
  baseRefName: z.string(),
  headRefName: z.string(),
  state: pullRequestStateSchema,
  isDraft: z.boolean(),
  headRefOid: z.string(),
  isCrossRepository: z.boolean(),
});
type ListedPullRequest = z.infer<typeof listedPullRequestSchema>;

/**
 * The pull request of `branch` and its unresolved review threads, read with the GitHub CLI. Never throws:
 * whatever is missing (gh, its login, a PR, the network) becomes `available: false` with what to do.
 */
export async function collectPullRequestContext(request: PullRequestContextRequest): Promise<PullRequestContext> {
  try {
    return await collect(request);
  } catch (error) {
    return unavailable(`Reading the pull request with \`gh\` failed: ${describeError(error)}`);
  }
}

async function collect(request: PullRequestContextRequest): Promise<PullRequestContext> {
  const env = ghEnvironment(request.baseEnv ?? process.env);
  const ghPath = resolveCommand('gh', env);
  if (ghPath === null) return unavailable(`The GitHub CLI (\`gh\`) is not installed or not on PATH, so the pull request is unknown. ${ghInstallHint}`);
  const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
  const gh = createGhRunner({ ghPath, cwd: request.repoRoot, env, signal: request.signal, deadline: Date.now() + timeoutMs });

  // `pr list --head` rather than `pr view <branch>`: gh would read a branch named "42" as PR #42.
  const listed = await gh(['pr', 'list', '--head', request.branch, '--state', 'all', '--limit', String(listLimit), '--json', pullRequestFields]);
  if (listed.exitCode !== 0) return unavailable(describeGhFailure(listed, 'looking up the pull request', timeoutMs));
  const parsed = parseJson(listed.stdout, z.array(listedPullRequestSchema));
  if (!parsed.success) return unavailable(`\`gh pr list\` answered something unexpected: ${parsed.error}`);
  const pr = choosePullRequest(parsed.data, request.head);
  if (pr === null) {
    return unavailable(`No pull request on GitHub has \`${request.branch}\` as its branch — push it and open one (\`gh pr create\`) to see its review threads here.`);
  }

  const address = pullRequestAddressOf(pr.url, pr.number);
  const threads =
    address === null
      ? { unresolvedThreads: [], threadsRead: 0, threadsTotal: 0, threadsProblem: `The pull request's address ${pr.url} is not a GitHub pull request URL, so its review threads were not read.` }
      : await readUnresolvedThreads(gh, address, timeoutMs);
  return {
    available: true,
    number: pr.number,
    title: pr.title,
    author: pr.author?.login ?? 'ghost',
    url: pr.url,
    body: pr.body,
    baseRefName: pr.baseRefName,
    headRefName: pr.headRefName,
    state: pr.state,
    isDraft: pr.isDraft,
    headRefOid: pr.headRefOid,
    headMatchesReview: pr.headRefOid === request.head,
    ...threads,
  };
}

/**
 * The PR whose head is the reviewed commit, else the open one, else the newest (gh lists newest first).
 * A PR from a fork with the same branch name counts only when its head is exactly the reviewed commit.
 */
function choosePullRequest(listed: readonly ListedPullRequest[], head: string): ListedPullRequest | null {
  const atHead = listed.find((pr) => pr.headRefOid === head);
  if (atHead) return atHead;
  const sameRepository = listed.filter((pr) => !pr.isCrossRepository);
  return sameRepository.find((pr) => pr.state === 'OPEN') ?? sameRepository[0] ?? null;
}

function unavailable(reason: string): PullRequestContext {
  return { available: false, reason };
}
