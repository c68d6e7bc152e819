// Git settings forced on every git process we start and every agent we spawn. The reviewed branch
// (and the user's clone, e.g. a husky `core.hooksPath`) must not be able to run code through git.
// GIT_CONFIG_COUNT entries rank above every config file, so they win over repository config.
// diff.external cannot be unset this way (an empty value makes git run an empty command); a branch
// cannot set it, GIT_EXTERNAL_DIFF is dropped below, and agents are refused --ext-diff.
const forcedConfig: ReadonlyArray<readonly [string, string]> = [
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['core.pager', 'cat'],
  ['core.editor', 'true'],
  ['core.sshCommand', 'false'],
  ['protocol.ext.allow', 'never'],
  ['filter.lfs.smudge', ''],
  ['filter.lfs.process', ''],
  ['filter.lfs.required', 'false'],
];

const gitVariablesToDrop = /^GIT_(?!CONFIG_NOSYSTEM$)/;

/**
 * Environment variables that harden git, to merge over a base environment. `extraConfig` adds
 * settings of the same rank (e.g. filterDriverOverrides for a checkout of the branch).
 */
export function hardenedGitVariables(extraConfig: ReadonlyArray<readonly [string, string]> = []): Record<string, string> {
  const settings = [...forcedConfig, ...extraConfig];
  const variables: Record<string, string> = {
    GIT_CONFIG_COUNT: String(settings.length),
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_PAGER: 'cat',
  };
  settings.forEach(([key, value], index) => {
    variables[`GIT_CONFIG_KEY_${index}`] = key;
    variables[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return variables;
}

/** `base` without inherited GIT_* variables (GIT_DIR, GIT_EXTERNAL_DIFF, …), plus the hardening. */
export function hardenedGitEnv(base: NodeJS.ProcessEnv, extraConfig: ReadonlyArray<readonly [string, string]> = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !gitVariablesToDrop.test(name)) env[name] = value;
  }
  return { ...env, ...hardenedGitVariables(extraConfig) };
}
