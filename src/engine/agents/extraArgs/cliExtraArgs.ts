import { apiKeyEnvProblem } from '../../../shared/apiKeyEnv';
import { endpointUrlProblem } from '../../../shared/reviewerConfig';
import { endpointProviderId } from '../codex/codexProvider';
import { modelName, nonNegativeInteger, oneOf, positiveInteger, positiveNumber, type ExtraArgsPolicy, type ValueCheck } from './extraArgs';

/**
 * Claude Code (`claude --help`): limits of the run and a fallback model. Everything else — tools
 * (`--allowedTools`, `--tools`), `--settings`, `--setting-sources`, `--mcp-config`, `--add-dir`,
 * `--plugin-dir`, `--agents`, permission modes, system prompts, sessions — is refused.
 */
export const claudeExtraArgs: ExtraArgsPolicy = {
  cli: 'claude',
  options: [
    { names: ['--max-turns'], value: positiveInteger },
    { names: ['--max-budget-usd'], value: positiveNumber },
    { names: ['--fallback-model'], value: modelName },
    { names: ['--verbose'] },
  ],
};

const tomlBoolean = oneOf(['true', 'false']);

/** A TOML string value as Codex reads `-c` values: the text inside the quotes, or the bare text (Codex takes what is not TOML as a string). */
function tomlText(value: string): string {
  return /^"[^"\\]*"$|^'[^']*'$/.test(value) ? value.slice(1, -1) : value;
}

function tomlChoice(values: readonly string[]): ValueCheck {
  const check = oneOf(values);
  return (value) => check(tomlText(value));
}

/**
 * The `-c key=value` keys a Codex reviewer may set: how its reasoning is summarised and shown, and the
 * retry and idle limits of the endpoint its baseUrl becomes. Keys that choose the sandbox, approvals, MCP
 * servers, shell environment, notifications, features, profiles or instructions are refused.
 */
const codexConfigKeys: Record<string, ValueCheck> = {
  model_reasoning_summary: tomlChoice(['auto', 'concise', 'detailed', 'none']),
  model_verbosity: tomlChoice(['low', 'medium', 'high']),
  hide_agent_reasoning: tomlBoolean,
  [`model_providers.${endpointProviderId}.request_max_retries`]: nonNegativeInteger,
  [`model_providers.${endpointProviderId}.stream_max_retries`]: nonNegativeInteger,
  [`model_providers.${endpointProviderId}.stream_idle_timeout_ms`]: positiveInteger,
};

/**
 * A model provider defined in the args, as Codex's own documentation configures one (the older way to reach
 * a custom endpoint; baseUrl and apiKeyEnv are the same in two settings). Only the fields that say where
 * requests go and how: the URL under baseUrl's rules (https, or http to this machine), the key variable
 * under apiKeyEnv's (never another reviewer's, gh's or git's, nor Codex's OpenAI key), and no headers.
 * Args come only from the user's own settings or command line, like baseUrl.
 */
const providerId = /^[A-Za-z0-9_-]+$/;
const builtInProviderIds = new Set(['openai', 'oss', 'ollama', 'lmstudio']);
const providerFields: Record<string, ValueCheck> = {
  name: (value) => (tomlText(value).length > 0 ? null : 'a name is expected'),
  base_url: (value) => endpointUrlProblem(tomlText(value)),
  wire_api: tomlChoice(['responses', 'chat']),
  env_key: (value) => {
    const name = tomlText(value);
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? apiKeyEnvProblem(name, undefined) : 'an environment variable name is expected';
  },
  request_max_retries: nonNegativeInteger,
  stream_max_retries: nonNegativeInteger,
  stream_idle_timeout_ms: positiveInteger,
};

function codexKeyCheck(key: string): ValueCheck | undefined {
  const fixed = codexConfigKeys[key];
  if (fixed !== undefined) return fixed;
  if (key === 'model_provider') return (value) => (providerId.test(tomlText(value)) ? null : 'a provider id (letters, digits, "_" and "-") is expected');
  const field = /^model_providers\.([A-Za-z0-9_-]+)\.([a-z_]+)$/.exec(key);
  // Codex's built-in providers are never redefined: the OpenAI one sends the `codex login` credentials.
  if (field?.[1] === undefined || field[2] === undefined || builtInProviderIds.has(field[1])) return undefined;
  return providerFields[field[2]];
}

const codexConfigOverride: ValueCheck = (pair) => {
  const equals = pair.indexOf('=');
  const key = equals > 0 ? pair.slice(0, equals).trim() : pair.trim();
  const check = codexKeyCheck(key);
  if (check === undefined) {
    const allowed = [...Object.keys(codexConfigKeys), 'model_provider', ...Object.keys(providerFields).map((field) => `model_providers.<id>.${field}`)];
    return `the key \`${key}\` is not one Deep Review allows (${allowed.join(', ')})`;
  }
  if (equals <= 0) return 'key=value is expected';
  return check(pair.slice(equals + 1).trim());
};

/**
 * Codex (`codex exec --help`): only `-c`/`--config` with the keys above. Refused, among the rest:
 * `--dangerously-bypass-approvals-and-sandbox`, `--sandbox`, `--add-dir`, `--cd`, `--profile`,
 * `--enable`/`--disable` of features, `--oss`/`--local-provider`, `--trust`.
 */
export const codexExtraArgs: ExtraArgsPolicy = {
  cli: 'codex',
  options: [{ names: ['--config', '-c'], value: codexConfigOverride }],
};

/**
 * Gemini CLI (`gemini --help`): `--debug` only. Refused, among the rest: `--skip-trust`, `--yolo`,
 * `--approval-mode`, `--allowed-tools`, `--allowed-mcp-server-names`, `--extensions`, `--policy`,
 * `--admin-policy`, `--include-directories`, `--sandbox` (and its `--no-` negation), `--resume`.
 */
export const geminiExtraArgs: ExtraArgsPolicy = {
  cli: 'gemini',
  options: [{ names: ['--debug', '-d'] }],
};

/**
 * opencode (`opencode run --help`): `--thinking` only. Refused, among the rest: `--auto` (approves every
 * permission), `--agent`, `--command`, `--attach`, `--dir`, `--port`, `--file`, `--share`, `--continue`,
 * `--session`, `--fork`, `--model` and `--variant` (set from the reviewer's model and effort).
 */
export const opencodeExtraArgs: ExtraArgsPolicy = {
  cli: 'opencode',
  options: [{ names: ['--thinking'] }],
};

export const extraArgsPolicies = { claude: claudeExtraArgs, codex: codexExtraArgs, gemini: geminiExtraArgs, opencode: opencodeExtraArgs } as const;
