import { z } from 'zod';

export const agentClis = ['claude', 'codex', 'gemini'] as const;
export const agentCliSchema = z.enum(agentClis);
export type AgentCli = z.infer<typeof agentCliSchema>;

export const reviewerConfigSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." and "-" only'),
  cli: agentCliSchema,
  /** Passed to the CLI as is: never checked against a list, so new models work on day one. */
  model: z.string().min(1),
  effort: z.string().min(1),
  /** Executable to run instead of the CLI's name on PATH. */
  command: z.string().min(1).optional(),
  /** Extra arguments appended after Deep Review's own. */
  args: z.array(z.string()).optional(),
  timeoutMinutes: z.number().positive().optional(),
  enabled: z.boolean().default(true),
});
export type ReviewerConfig = z.output<typeof reviewerConfigSchema>;
export type ReviewerConfigInput = z.input<typeof reviewerConfigSchema>;

/** Each vendor's strongest model at high effort; `opus` and `pro` are the CLIs' own aliases for it. */
export const defaultReviewers: readonly ReviewerConfig[] = [
  { id: 'claude', cli: 'claude', model: 'opus', effort: 'high', enabled: true },
  { id: 'codex', cli: 'codex', model: 'gpt-5.5', effort: 'high', enabled: true },
  { id: 'gemini', cli: 'gemini', model: 'pro', effort: 'high', enabled: true },
];

export const defaultTimeoutMinutes = 30;

export function parseReviewers(value: unknown): ReviewerConfig[] {
  const reviewers = z.array(reviewerConfigSchema).parse(value);
  const seen = new Set<string>();
  for (const reviewer of reviewers) {
    if (seen.has(reviewer.id)) throw new Error(`Reviewer id "${reviewer.id}" appears twice in deepReview.reviewers; ids must be unique.`);
    seen.add(reviewer.id);
  }
  return reviewers;
}

/** The CLI names a reviewer's label after, e.g. "Claude Code (opus, high)". */
export const cliDisplayName: Record<AgentCli, string> = { claude: 'Claude Code', codex: 'Codex', gemini: 'Gemini CLI' };
