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

/** The consolidator is configured like a reviewer, without an id: it is always "consolidator". */
export const consolidatorSettingSchema = reviewerConfigSchema.omit({ id: true });
export const consolidatorId = 'consolidator';

/** Claude Code's strongest model reconciles the findings unless the user picks another agent. */
export const defaultConsolidator: ReviewerConfig = { id: consolidatorId, cli: 'claude', model: 'opus', effort: 'high', enabled: true };

/** The consolidator from a setting value (undefined: the default); its `enabled` may be false. */
export function parseConsolidator(value: unknown): ReviewerConfig {
  if (value === undefined || value === null) return defaultConsolidator;
  return { ...consolidatorSettingSchema.parse(value), id: consolidatorId };
}

export function parseReviewers(value: unknown): ReviewerConfig[] {
  const reviewers = z.array(reviewerConfigSchema).parse(value);
  const seen = new Set<string>();
  for (const reviewer of reviewers) {
    if (reviewer.id === consolidatorId) throw new Error(`"${consolidatorId}" is the consolidator's id; give this reviewer another id.`);
    if (seen.has(reviewer.id)) throw new Error(`Reviewer id "${reviewer.id}" appears twice in deepReview.reviewers; ids must be unique.`);
    seen.add(reviewer.id);
  }
  return reviewers;
}

/** A settings error for a person: zod's issues as "✖ message → at path" on one line, anything else as its message. */
export function describeConfigError(error: unknown): string {
  if (error instanceof z.ZodError) return z.prettifyError(error).split('\n').map((line) => line.trim()).join(' ');
  return error instanceof Error ? error.message : String(error);
}

/** The CLI names a reviewer's label after, e.g. "Claude Code (opus, high)". */
export const cliDisplayName: Record<AgentCli, string> = { claude: 'Claude Code', codex: 'Codex', gemini: 'Gemini CLI' };
