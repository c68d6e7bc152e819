import { z } from 'zod';
import { apiKeyEnvProblem } from './apiKeyEnv';

export const agentClis = ['claude', 'codex', 'gemini', 'opencode'] as const;
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
  /**
   * Codex and opencode only: an OpenAI-compatible endpoint to use instead of the vendor's, e.g. a local
   * server (`http://127.0.0.1:8000/v1`; Codex appends `/responses`, opencode `/chat/completions`).
   * https, or http to this machine only.
   */
  baseUrl: z.string().superRefine(checkEndpointUrl).optional(),
  /** Codex and opencode only, with baseUrl: the environment variable holding the endpoint's API key; without it no key is sent. */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name (letters, digits and "_")').optional(),
});
export type ReviewerConfig = z.output<typeof reviewerConfigSchema>;
export type ReviewerConfigInput = z.input<typeof reviewerConfigSchema>;

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A reviewer's endpoint: https anywhere, plain http only to this machine (a key or code sent over
 * http to another host could be read on the way). No credentials, query or fragment: Codex appends
 * the API path to it, and keys belong in the variable apiKeyEnv names.
 */
function checkEndpointUrl(value: string, context: z.core.$RefinementCtx<string>): void {
  const problem = endpointUrlProblem(value);
  if (problem !== null) context.addIssue({ code: 'custom', message: `baseUrl ${JSON.stringify(value)}: ${problem}` });
}

/** Why `value` cannot be a reviewer's endpoint (see checkEndpointUrl); null when it can. */
export function endpointUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL; write it like https://llm.example.com/v1 or http://127.0.0.1:8000/v1';
  }
  if (url.protocol === 'http:' && !loopbackHosts.has(url.hostname)) return 'plain http is allowed only to localhost, 127.0.0.1 or [::1]; use https for other hosts';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only https (or http to localhost) is supported';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password; put the API key in an environment variable and name it in apiKeyEnv';
  if (url.search !== '' || url.hash !== '') return 'must not have a query or fragment (Codex appends /responses to it)';
  return null;
}

/**
 * Settings that only some CLIs support, checked across fields (kept out of the object schema so that
 * `.omit` still works on it): baseUrl and apiKeyEnv are Codex's.
 */
export function reviewerConfigProblem(reviewer: Pick<ReviewerConfig, 'id' | 'cli' | 'baseUrl' | 'apiKeyEnv'>): string | null {
  const name = reviewer.id === consolidatorId ? 'deepReview.consolidator' : `Reviewer "${reviewer.id}"`;
  if (reviewer.baseUrl !== undefined && reviewer.cli !== 'codex' && reviewer.cli !== 'opencode') {
    return `${name} sets baseUrl, which only Codex and opencode reviewers support (${cliDisplayName[reviewer.cli]} keeps its own endpoint). Use "cli": "codex" (Responses API) or "cli": "opencode" (Chat Completions) for an OpenAI-compatible endpoint, or remove baseUrl.`;
  }
  if (reviewer.apiKeyEnv !== undefined && reviewer.baseUrl === undefined) {
    return `${name} sets apiKeyEnv without baseUrl; apiKeyEnv names the key of the endpoint in baseUrl. Add baseUrl, or remove apiKeyEnv (Codex's own sign-in is \`codex login\` or CODEX_API_KEY).`;
  }
  const keyProblem = reviewer.apiKeyEnv === undefined ? null : apiKeyEnvProblem(reviewer.apiKeyEnv, reviewer.baseUrl);
  if (keyProblem !== null) return `${name}: ${keyProblem}`;
  return null;
}

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
  const consolidator = { ...consolidatorSettingSchema.parse(value), id: consolidatorId };
  const problem = reviewerConfigProblem(consolidator);
  if (problem !== null) throw new Error(problem);
  return consolidator;
}

export function parseReviewers(value: unknown): ReviewerConfig[] {
  const reviewers = z.array(reviewerConfigSchema).parse(value);
  const seen = new Set<string>();
  for (const reviewer of reviewers) {
    if (reviewer.id === consolidatorId) throw new Error(`"${consolidatorId}" is the consolidator's id; give this reviewer another id.`);
    if (seen.has(reviewer.id)) throw new Error(`Reviewer id "${reviewer.id}" appears twice in deepReview.reviewers; ids must be unique.`);
    seen.add(reviewer.id);
    const problem = reviewerConfigProblem(reviewer);
    if (problem !== null) throw new Error(problem);
  }
  return reviewers;
}

/** A settings error for a person: zod's issues as "✖ message → at path" on one line, anything else as its message. */
export function describeConfigError(error: unknown): string {
  if (error instanceof z.ZodError) return z.prettifyError(error).split('\n').map((line) => line.trim()).join(' ');
  return error instanceof Error ? error.message : String(error);
}

/** The CLI names a reviewer's label after, e.g. "Claude Code (opus, high)". */
export const cliDisplayName: Record<AgentCli, string> = { claude: 'Claude Code', codex: 'Codex', gemini: 'Gemini CLI', opencode: 'opencode' };
