import { apiKeyEnvProblem } from '../../../shared/apiKeyEnv';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { agentEnvironment, type AgentEnvironmentSpec } from '../agentEnvironment';

/**
 * Codex's variables: CODEX_HOME (login and state), CODEX_API_KEY, CODEX_CA_CERTIFICATE, OPENAI_*
 * (and the `env_key` of a custom provider set in args, which must therefore start with one of these
 * prefixes; a reviewer's apiKeyEnv is passed whatever its name, see codexReviewerEnvironment),
 * plus the CA bundle variables Codex reads on corporate networks.
 */
export const codexEnvironmentSpec: AgentEnvironmentSpec = {
  vendorPrefixes: ['OPENAI_', 'CODEX_', 'SSL_CERT_'],
  quietVariables: {
    NO_COLOR: '1',
  },
};

/**
 * The environment Codex runs a reviewer in: the reduced environment, plus the variable the reviewer's
 * apiKeyEnv names (whatever its prefix: the user chose to give that key to this endpoint) — never one
 * another reviewer, gh or git uses (the settings refuse those; this holds for any other caller too).
 */
export function codexReviewerEnvironment(base: NodeJS.ProcessEnv, reviewer: Pick<ReviewerConfig, 'apiKeyEnv' | 'baseUrl'>): Record<string, string> {
  const env = agentEnvironment(base, codexEnvironmentSpec);
  const usable = reviewer.apiKeyEnv !== undefined && apiKeyEnvProblem(reviewer.apiKeyEnv, reviewer.baseUrl) === null;
  const key = usable && reviewer.apiKeyEnv !== undefined ? base[reviewer.apiKeyEnv] : undefined;
  return reviewer.apiKeyEnv !== undefined && key !== undefined ? { ...env, [reviewer.apiKeyEnv]: key } : env;
}
