import { agentEnvironment, type AgentEnvironmentSpec } from '../agents/agentEnvironment';

// gh's auth variables (GH_TOKEN, GH_ENTERPRISE_TOKEN, GITHUB_TOKEN, GITHUB_ENTERPRISE_TOKEN), where its
// config lives (GH_CONFIG_DIR, or HOME/XDG_CONFIG_HOME from the basics) and the CA bundle Go trusts.
const ghEnvironmentSpec: AgentEnvironmentSpec = {
  vendorPrefixes: ['GH_', 'GITHUB_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'SSL_CERT_'],
  quietVariables: {
    GH_PROMPT_DISABLED: '1',
    GH_NO_UPDATE_NOTIFIER: '1',
    GH_NO_EXTENSION_UPDATE_NOTIFIER: '1',
    GH_SPINNER_DISABLED: '1',
    GH_PAGER: 'cat',
    NO_COLOR: '1',
    CLICOLOR: '0',
  },
};

// GH_REPO would point gh at another repository than the reviewed one; the others change its output.
const droppedVariables = ['GH_REPO', 'GH_FORCE_TTY', 'GH_DEBUG', 'CLICOLOR_FORCE'];

/**
 * The environment for `gh`: the basics, gh's auth and config variables, git hardening (gh runs git in
 * the reviewed repository to find its remote) and no prompts, colors, spinners or update checks.
 */
export function ghEnvironment(base: NodeJS.ProcessEnv): Record<string, string> {
  const env = agentEnvironment(base, ghEnvironmentSpec);
  for (const name of droppedVariables) Reflect.deleteProperty(env, name);
  return env;
}
