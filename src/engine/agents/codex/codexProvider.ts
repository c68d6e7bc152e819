// Which model provider a Codex reviewer uses. Deep Review starts Codex with --ignore-user-config, so
// a provider other than the built-in OpenAI one is chosen with `-c` options in the reviewer's args:
//   "args": ["-c", "model_provider=\"corp\"", "-c", "model_providers.corp.name=\"corp\"",
//            "-c", "model_providers.corp.base_url=\"https://llm.corp.example/v1\"",
//            "-c", "model_providers.corp.wire_api=\"responses\"", "-c", "model_providers.corp.env_key=\"CODEX_CORP_KEY\""]
// or, for an OpenAI-compatible proxy of the built-in provider: ["-c", "openai_base_url=\"https://proxy.example/v1\""].

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
