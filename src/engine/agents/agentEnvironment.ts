import { agentGitVariables } from '../git/agentGitIsolation';
import { hardenedGitVariables } from '../git/gitHardening';

/** What one CLI needs from the environment beyond the basics every process needs. */
export interface AgentEnvironmentSpec {
  /** Variables starting with one of these are passed through, e.g. `ANTHROPIC_`. */
  vendorPrefixes: readonly string[];
  /** More prefixes, passed only when the named variable is set (e.g. cloud credentials for a cloud provider mode). */
  conditionalPrefixes?: ReadonlyArray<{ whenSet: string; prefixes: readonly string[] }>;
  /** Set last: switches that keep the CLI quiet (no telemetry, no auto-update). */
  quietVariables: Readonly<Record<string, string>>;
}

// Basics: where programs and the home folder are, who the user is, locale, time zone, temp and XDG
// folders, proxies and extra CA certificates (corporate networks), and what Windows needs to start anything.
const basicNames = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
]);
const basicPrefixes = ['LC_', 'XDG_'];
const windowsNames = new Set(['SYSTEMROOT', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'TEMP', 'TMP']);

/**
 * The environment for an agent CLI: only the basics and the CLI's own variables from `base`
 * (so unrelated secrets such as other vendors' API keys never reach it), then git hardening
 * and the CLI's quiet switches.
 */
export function agentEnvironment(base: NodeJS.ProcessEnv, spec: AgentEnvironmentSpec): Record<string, string> {
  const prefixes = [...basicPrefixes, ...spec.vendorPrefixes];
  for (const { whenSet, prefixes: extra } of spec.conditionalPrefixes ?? []) {
    if (isSet(base[whenSet])) prefixes.push(...extra);
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    const passes =
      basicNames.has(name) ||
      (process.platform === 'win32' && windowsNames.has(name.toUpperCase())) ||
      prefixes.some((prefix) => name.startsWith(prefix));
    if (passes) env[name] = value;
  }
  return { ...env, ...hardenedGitVariables(), ...spec.quietVariables };
}

/**
 * `env` (an agent CLI's environment) for a run in the review worktree: the git the agent runs there
 * reads no user or system config and runs no diff, filter or merge program that the branch's
 * .gitattributes could pick (see agentGitVariables).
 */
export async function inReviewWorktree(env: Record<string, string>, worktree: string): Promise<Record<string, string>> {
  return { ...env, ...(await agentGitVariables(worktree, env)) };
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
