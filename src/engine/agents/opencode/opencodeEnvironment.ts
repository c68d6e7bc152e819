import { apiKeyEnvProblem } from '../../../shared/apiKeyEnv';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { agentEnvironment } from '../agentEnvironment';
import type { OpencodeHome } from './opencodeHome';
import { opencodeConfig, opencodeProviderOf } from './opencodeConfig';

/**
 * What keeps opencode from reading the reviewed branch: no project config (opencode.json(c), `.opencode/`
 * agents, commands, plugins, tools, AGENTS.md / CLAUDE.md / CONTEXT.md instructions), no `.claude/` or
 * `.agents/` skills and prompts, no default plugins, no language server downloads, no update or sharing.
 */
export const opencodeIsolationVariables: Readonly<Record<string, string>> = {
  OPENCODE_DISABLE_PROJECT_CONFIG: '1',
  OPENCODE_DISABLE_CLAUDE_CODE: '1',
  OPENCODE_DISABLE_CLAUDE_CODE_PROMPT: '1',
  OPENCODE_DISABLE_CLAUDE_CODE_SKILLS: '1',
  OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
  OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
  OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
  OPENCODE_DISABLE_AUTOUPDATE: '1',
  OPENCODE_DISABLE_SHARE: '1',
  OPENCODE_DISABLE_TERMINAL_TITLE: '1',
  NO_COLOR: '1',
};

/**
 * The API key variables opencode reads for a provider (models.dev names them): `<PROVIDER>_API_KEY`, and a
 * few providers' other names. Only the reviewer's own provider gets its key.
 */
const providerKeyVariables: Readonly<Record<string, readonly string[]>> = {
  google: ['GOOGLE_GENERATIVE_AI_API_KEY', 'GEMINI_API_KEY'],
  opencode: ['OPENCODE_API_KEY'],
};

export function opencodeKeyVariables(reviewer: Pick<ReviewerConfig, 'model' | 'baseUrl'>): string[] {
  const provider = opencodeProviderOf(reviewer);
  if (provider === null || reviewer.baseUrl !== undefined) return [];
  return providerKeyVariables[provider] ? [...providerKeyVariables[provider]] : [`${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`];
}

/**
 * The environment opencode runs a reviewer in: the reduced basics, the one key of the reviewer's provider
 * (or the variable its apiKeyEnv names, for a baseUrl endpoint), the private home as HOME and XDG folders
 * (so neither the user's nor the branch's opencode config is read; only the sign-in is linked in), the
 * isolation switches and the run's inline config. No OPENCODE_* variable of the user's is passed on.
 */
export function opencodeEnvironment(base: NodeJS.ProcessEnv, reviewer: ReviewerConfig, home: OpencodeHome): Record<string, string> {
  const env = agentEnvironment(base, { vendorPrefixes: [], quietVariables: opencodeIsolationVariables });
  const keys: Record<string, string> = {};
  for (const name of opencodeKeyVariables(reviewer)) {
    const value = base[name];
    if (value !== undefined) keys[name] = value;
  }
  const endpointKey = reviewer.apiKeyEnv !== undefined && apiKeyEnvProblem(reviewer.apiKeyEnv, reviewer.baseUrl) === null ? base[reviewer.apiKeyEnv] : undefined;
  if (reviewer.apiKeyEnv !== undefined && endpointKey !== undefined) keys[reviewer.apiKeyEnv] = endpointKey;
  return {
    ...env,
    ...keys,
    ...home.variables,
    // Models of a local endpoint need no catalogue; the built-in providers' models come from models.dev.
    ...(reviewer.baseUrl === undefined ? {} : { OPENCODE_DISABLE_MODELS_FETCH: '1' }),
    OPENCODE_CONFIG_CONTENT: JSON.stringify(opencodeConfig(reviewer)),
  };
}
