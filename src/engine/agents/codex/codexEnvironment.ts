import type { AgentEnvironmentSpec } from '../agentEnvironment';

/**
 * Codex's variables: CODEX_HOME (login and state), CODEX_API_KEY, CODEX_CA_CERTIFICATE, OPENAI_*
 * (and the `env_key` of a custom provider, which must therefore start with one of these prefixes),
 * plus the CA bundle variables Codex reads on corporate networks.
 */
export const codexEnvironmentSpec: AgentEnvironmentSpec = {
  vendorPrefixes: ['OPENAI_', 'CODEX_', 'SSL_CERT_'],
  quietVariables: {
    NO_COLOR: '1',
  },
};
