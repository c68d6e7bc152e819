import type { ReviewerConfig } from '../../../shared/reviewerConfig';

// Which model provider a Codex reviewer uses. Deep Review starts Codex with --ignore-user-config, so
// a provider other than the built-in OpenAI one is chosen with the reviewer's baseUrl (and apiKeyEnv),
// which become a custom provider (endpointProviderArgs). Reviewer args cannot choose a provider or an
// endpoint (extraArgs/cliExtraArgs.ts); the provider is still read from the whole command line, so what
// Codex is told and what Deep Review reports about it cannot disagree.

export const builtInProvider = 'openai';

export interface CodexProvider {
  /** Provider id; "openai" for the built-in one (which signs in with `codex login` or CODEX_API_KEY). */
  id: string;
  /** The environment variable holding the provider's API key (`env_key`), if configured. */
  envKey: string | null;
  /** The endpoint, when the args set one. */
  baseUrl: string | null;
  /** `--oss`: a local open-source provider (Ollama, LM Studio) that needs no sign-in. */
  local: boolean;
}

/** The id of the custom provider a reviewer's baseUrl becomes. */
export const endpointProviderId = 'deep-review-endpoint';

/**
 * `-c` options that make the reviewer's baseUrl Codex's model provider: the Responses API at that URL,
 * with the key from the variable apiKeyEnv names (as `Authorization: Bearer`), or no key at all.
 * Empty without a baseUrl. The reviewer's own args come later on the command line, so they can still
 * tune the provider (e.g. `model_providers.deep-review-endpoint.request_max_retries=0`).
 */
export function endpointProviderArgs(reviewer: Pick<ReviewerConfig, 'baseUrl' | 'apiKeyEnv'>): string[] {
  if (reviewer.baseUrl === undefined) return [];
  const provider = `model_providers.${endpointProviderId}`;
  const settings: Array<[string, string]> = [
    ['model_provider', tomlString(endpointProviderId)],
    [`${provider}.name`, tomlString('Deep Review endpoint')],
    [`${provider}.base_url`, tomlString(reviewer.baseUrl)],
    [`${provider}.wire_api`, tomlString('responses')],
    ...(reviewer.apiKeyEnv === undefined ? [] : [[`${provider}.env_key`, tomlString(reviewer.apiKeyEnv)] as [string, string]]),
  ];
  return settings.flatMap(([key, value]) => ['-c', `${key}=${value}`]);
}

/** The provider a Codex reviewer uses: its baseUrl's, unless its args choose another. */
export function codexProviderOf(reviewer: Pick<ReviewerConfig, 'baseUrl' | 'apiKeyEnv' | 'args'>): CodexProvider {
  return codexProviderFromArgs([...endpointProviderArgs(reviewer), ...(reviewer.args ?? [])]);
}

/** A TOML basic string: JSON's string escapes are valid TOML; TOML also wants DEL escaped. */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007f');
}

/** The provider that `args` (a reviewer's extra Codex arguments) select. */
export function codexProviderFromArgs(args: readonly string[]): CodexProvider {
  const overrides = configOverrides(args);
  const id = overrides.get('model_provider') ?? builtInProvider;
  const baseUrl = id === builtInProvider ? overrides.get('openai_base_url') : overrides.get(`model_providers.${id}.base_url`);
  return {
    id,
    envKey: overrides.get(`model_providers.${id}.env_key`) ?? null,
    baseUrl: baseUrl ?? null,
    local: args.includes('--oss'),
  };
}

/** `-c key=value` / `--config key=value` / `--config=key=value` pairs; later ones win, as in Codex. */
function configOverrides(args: readonly string[]): Map<string, string> {
  const overrides = new Map<string, string>();
  args.forEach((arg, index) => {
    const pair = arg === '-c' || arg === '--config' ? args[index + 1] : arg.startsWith('--config=') ? arg.slice('--config='.length) : undefined;
    const equals = pair?.indexOf('=') ?? -1;
    if (pair === undefined || equals <= 0) return;
    overrides.set(pair.slice(0, equals).trim(), tomlValueText(pair.slice(equals + 1).trim()));
  });
  return overrides;
}

/** The text of a TOML string value ("x" or 'x'); anything else as written (Codex takes it literally too). */
function tomlValueText(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  return value;
}
