import { z } from 'zod';

/** An unresolved review thread of the pull request, described by its first comment. */
export const unresolvedThreadSchema = z.strictObject({
  /** Repo-relative file the thread is on; null for a thread GitHub no longer ties to a file. */
  path: z.string().nullable(),
  /** Line in the PR's current head; for an outdated thread, the line in the commit it was written on. */
  line: z.number().int().nullable(),
  author: z.string(),
  body: z.string(),
  url: z.string(),
  /** The code the thread was written on has changed since. */
  isOutdated: z.boolean(),
  /** Comments after the first one. */
  replies: z.number().int().min(0),
});
export type UnresolvedThread = z.infer<typeof unresolvedThreadSchema>;

export const pullRequestStateSchema = z.enum(['OPEN', 'CLOSED', 'MERGED']);

export const availablePullRequestSchema = z.strictObject({
  available: z.literal(true),
  number: z.number().int().positive(),
  title: z.string(),
  author: z.string(),
  url: z.string(),
  body: z.string(),
  baseRefName: z.string(),
  headRefName: z.string(),
  state: pullRequestStateSchema,
  isDraft: z.boolean(),
  /** The commit the pull request's branch points to on GitHub. */
  headRefOid: z.string(),
  /** False when the reviewed commit is not the PR's head (e.g. local commits not pushed yet). */
  headMatchesReview: z.boolean(),
  unresolvedThreads: z.array(unresolvedThreadSchema),
  /** Review threads read (resolved or not) and how many the pull request has; fewer read means the list is cut off. */
  threadsRead: z.number().int().min(0),
  threadsTotal: z.number().int().min(0),
  /** Why the review threads could not be read (the PR itself was found); null when they were. */
  threadsProblem: z.string().nullable(),
});
export type AvailablePullRequest = z.infer<typeof availablePullRequestSchema>;

export const unavailablePullRequestSchema = z.strictObject({
  available: z.literal(false),
  /** What was not available and what to do about it, e.g. "`gh` is not authenticated … run `gh auth login`". */
  reason: z.string(),
});

/** The pull request of the reviewed branch as GitHub knows it, or why it could not be read. */
export const pullRequestContextSchema = z.discriminatedUnion('available', [availablePullRequestSchema, unavailablePullRequestSchema]);
export type PullRequestContext = z.infer<typeof pullRequestContextSchema>;
