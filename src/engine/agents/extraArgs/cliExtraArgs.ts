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

/** A TOML string as Codex reads `-c` values: quoted, or bare (Codex takes what is not TOML as a string). */
function tomlChoice(values: readonly string[]): ValueCheck {
  const check = oneOf(values);
  return (value) => check(/^"[^"]*"$|^'[^']*'$/.test(value) ? value.slice(1, -1) : value);
}

/**
 * The `-c key=value` keys a Codex reviewer may set: how its reasoning is summarised and shown, and the
 * retry and idle limits of the endpoint its baseUrl becomes. Keys that choose the provider, its URL or
 * key, the sandbox, approvals, MCP servers, shell environment, features, profiles or instructions are refused.
 */
const codexConfigKeys: Record<string, ValueCheck> = {
  model_reasoning_summary: tomlChoice(['auto', 'concise', 'detailed', 'none']),
  model_verbosity: tomlChoice(['low', 'medium', 'high']),
  hide_agent_reasoning: tomlBoolean,
  [`model_providers.${endpointProviderId}.request_max_retries`]: nonNegativeInteger,
  [`model_providers.${endpointProviderId}.stream_max_retries`]: nonNegativeInteger,
  [`model_providers.${endpointProviderId}.stream_idle_timeout_ms`]: positiveInteger,
};

const codexConfigOverride: ValueCheck = (pair) => {
  const equals = pair.indexOf('=');
  const key = equals > 0 ? pair.slice(0, equals).trim() : pair.trim();
  const check = codexConfigKeys[key];
  if (check === undefined) return `the key \`${key}\` is not one Deep Review allows (${Object.keys(codexConfigKeys).join(', ')})`;
  if (equals <= 0) return 'key=value is expected';
  return check(pair.slice(equals + 1).trim());
};

/**
 * Codex (`codex exec --help`): only `-c`/`--config` with the keys above. Refused, among the rest:
 * `--dangerously-bypass-approvals-and-sandbox`, `--sandbox`, `--add-dir`, `--cd`, `--profile`,
 * `--enable`/`--disable` of features, `--oss`/`--local-provider` (an endpoint: use baseUrl), `--trust`.
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

export const extraArgsPolicies = { claude: claudeExtraArgs, codex: codexExtraArgs, gemini: geminiExtraArgs } as const;
