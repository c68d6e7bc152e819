import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { resolveCommand } from '../agents/binaryCheck';
import { describeGhFailure } from './ghFailure';
import { ghEnvironment } from './ghEnvironment';
import { createGhRunner, ghInstallHint, type GhRunner } from './ghRunner';
import { reportCommentMarker } from './prCommentBody';
import { parseJson, type PullRequestAddress } from './reviewThreads';
import { tokenLogin } from './tokenLogin';

export interface PrCommentClientOptions {
  /** The reviewed repository (gh runs there; it never runs the branch's code). */
  repoRoot: string;
  signal: AbortSignal;
  /** Environment gh's own (GH_TOKEN, config folder) is taken from; default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  /** For all gh calls of the client together; default 60 s. */
  timeoutMs?: number;
}

export interface ReportComment {
  id: number;
  body: string;
  url: string;
}

export type PrCommentResult = { ok: true; action: 'created' | 'updated'; url: string } | { ok: false; problem: string };

const defaultTimeoutMs = 60_000;

const listedCommentSchema = z.object({
  id: z.number().int(),
  body: z.string().nullable(),
  url: z.string(),
  login: z.string().nullable(),
  type: z.string().nullable(),
});
const savedCommentSchema = z.object({ id: z.number().int(), html_url: z.string() });

/**
 * Reads and writes the pull request's one Deep Review comment with `gh api`, in the hardened gh
 * environment. Every call reports a problem instead of throwing.
 */
export class PrCommentClient {
  private constructor(
    private readonly gh: GhRunner,
    private readonly timeoutMs: number,
  ) {}

  static open(options: PrCommentClientOptions): PrCommentClient | { problem: string } {
    const env = ghEnvironment(options.baseEnv ?? process.env);
    const ghPath = resolveCommand('gh', env);
    if (ghPath === null) return { problem: `The GitHub CLI (\`gh\`) is not installed or not on PATH. ${ghInstallHint}` };
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const gh = createGhRunner({ ghPath, cwd: options.repoRoot, env, signal: options.signal, deadline: Date.now() + timeoutMs });
    return new PrCommentClient(gh, timeoutMs);
  }

  /**
   * Our comment: its body starts with the marker (a quote of the marker inside someone's text does not
   * count) and its author is the account of the token gh uses — for a GitHub App installation token
   * (Actions' GITHUB_TOKEN) that is the app's bot, e.g. `github-actions[bot]`. Any other account's comment
   * is not ours, whatever it says: its embedded history could decline findings. When the token's account
   * cannot be read, no comment is taken (`note` says why) and a new one is written. The oldest match wins, so there stays one.
   */
  async find(pr: PullRequestAddress): Promise<{ comment: ReportComment | null; note?: string } | { problem: string }> {
    const login = await tokenLogin(this.gh, pr.host);
    const listed = await this.gh([
      'api', '--hostname', pr.host, '--paginate', `${issuePath(pr)}/comments?per_page=100`,
      '--jq', '.[] | {id, body, url: .html_url, login: .user.login, type: .user.type}',
    ]);
    if (listed.exitCode !== 0) return { problem: describeGhFailure(listed, 'listing the pull request’s comments', this.timeoutMs) };
    const comments: Array<z.infer<typeof listedCommentSchema>> = [];
    for (const line of listed.stdout.split('\n').filter((text) => text.trim() !== '')) {
      const parsed = parseJson(line, listedCommentSchema);
      if (!parsed.success) return { problem: `\`gh api\` listed a comment in an unexpected shape: ${line.slice(0, 200)}` };
      comments.push(parsed.data);
    }
    if (login === null) {
      return { comment: null, note: 'the account of the GitHub token could not be read, so no earlier Deep Review comment is trusted; a new one is written' };
    }
    const ours = comments.find((comment) => (comment.body ?? '').startsWith(reportCommentMarker) && comment.login === login);
    return { comment: ours ? { id: ours.id, body: ours.body ?? '', url: ours.url } : null };
  }

  /** Updates `existing` (PATCH) or posts a new comment (POST). */
  async save(pr: PullRequestAddress, body: string, existing: ReportComment | null): Promise<PrCommentResult> {
    // The body goes through a file: it can be 64 KB, and gh's -f would read a leading "@" as a file name.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'deep-review-comment-'));
    try {
      const input = path.join(dir, 'body.json');
      await fs.writeFile(input, JSON.stringify({ body }), { mode: 0o600 });
      const args =
        existing === null
          ? ['api', '--hostname', pr.host, '--method', 'POST', `${issuePath(pr)}/comments`, '--input', input]
          : ['api', '--hostname', pr.host, '--method', 'PATCH', `repos/${pr.owner}/${pr.name}/issues/comments/${existing.id}`, '--input', input];
      const answer = await this.gh(args);
      const doing = existing === null ? 'posting the report comment' : 'updating the report comment';
      if (answer.exitCode !== 0) return { ok: false, problem: describeGhFailure(answer, doing, this.timeoutMs) };
      const saved = parseJson(answer.stdout, savedCommentSchema);
      if (!saved.success) return { ok: false, problem: `\`gh api\` answered something unexpected while ${doing}.` };
      return { ok: true, action: existing === null ? 'created' : 'updated', url: saved.data.html_url };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

function issuePath(pr: PullRequestAddress): string {
  return `repos/${pr.owner}/${pr.name}/issues/${pr.number}`;
}

