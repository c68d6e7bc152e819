import type { ReviewerConfig } from '../../../shared/reviewerConfig';

// The configuration opencode runs a review with, given inline (OPENCODE_CONFIG_CONTENT, which opencode
// merges last, over every file). With project config off (opencodeIsolationVariables) no file of the
// reviewed branch is read; this turns off what the user's own setup could add on top (MCP servers,
// plugins, extra instructions, language servers, formatters, sharing, snapshots) and allows read-only tools only.

/** The provider a reviewer's baseUrl becomes: OpenAI-compatible Chat Completions at that URL. */
export const opencodeEndpointProviderId = 'deep-review-endpoint';

/** The commands the model may run; every other command, and every other tool than these, is denied. */
export const opencodeAllowedCommands = ['git diff', 'git log', 'git show', 'git status'] as const;
export const opencodeReadTools = ['read', 'grep', 'glob', 'list'] as const;

/** Options that write files, read outside the checkout or run a program, even after an allowed command. */
const refusedCommandPatterns = ['*--output*', '*--no-index*', '*--ext-diff*', '*--textconv*', '* -O*', '*$*', '*`*', '*>*'];

/** opencode's `permission` value: later rules win, so the refusals come after the allowed commands. */
export function opencodePermissions(): Record<string, unknown> {
  const bash: Record<string, string> = { '*': 'deny' };
  for (const command of opencodeAllowedCommands) {
    bash[command] = 'allow';
    bash[`${command} *`] = 'allow';
  }
  for (const pattern of refusedCommandPatterns) bash[pattern] = 'deny';
  return {
    '*': 'deny',
    ...Object.fromEntries(opencodeReadTools.map((tool) => [tool, 'allow'])),
    external_directory: 'deny',
    bash,
  };
}

/** The model as opencode names it: `provider/model`; a reviewer with a baseUrl names the endpoint's model only. */
export function opencodeModel(reviewer: Pick<ReviewerConfig, 'model' | 'baseUrl'>): string {
  return reviewer.baseUrl === undefined ? reviewer.model : `${opencodeEndpointProviderId}/${reviewer.model}`;
}

/** The provider id of a reviewer's model ("anthropic" for "anthropic/claude-sonnet-4-5"); null when the model names none. */
export function opencodeProviderOf(reviewer: Pick<ReviewerConfig, 'model' | 'baseUrl'>): string | null {
  const slash = opencodeModel(reviewer).indexOf('/');
  return slash > 0 ? opencodeModel(reviewer).slice(0, slash) : null;
}

/** The inline configuration of one review run. */
export function opencodeConfig(reviewer: Pick<ReviewerConfig, 'model' | 'baseUrl' | 'apiKeyEnv'>): Record<string, unknown> {
  return {
    model: opencodeModel(reviewer),
    autoupdate: false,
    share: 'disabled',
    snapshot: false,
    lsp: false,
    formatter: false,
    mcp: {},
    plugin: [],
    instructions: [],
    permission: opencodePermissions(),
    ...(reviewer.baseUrl === undefined ? {} : { provider: endpointProvider(reviewer.baseUrl, reviewer.model, reviewer.apiKeyEnv) }),
  };
}

function endpointProvider(baseUrl: string, model: string, apiKeyEnv: string | undefined): Record<string, unknown> {
  return {
    [opencodeEndpointProviderId]: {
      npm: '@ai-sdk/openai-compatible',
      name: 'Deep Review endpoint',
      // opencode reads `{env:NAME}` at load time: the key stays in the environment, never on a command line.
      options: { baseURL: baseUrl, ...(apiKeyEnv === undefined ? {} : { apiKey: `{env:${apiKeyEnv}}` }) },
      models: { [model]: { name: model } },
    },
  };
}
