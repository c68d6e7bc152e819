import { simpleGit, type SimpleGit } from 'simple-git';
import { hardenedGitEnv } from './gitHardening';

// simple-git 4 rejects a task whose `.env()` holds a "guarded" variable that is not listed in
// `allowEnvironment`, and its "unsafe" plugin rejects GIT_CONFIG_COUNT / GIT_PAGER and the config keys
// they set (hooksPath, fsmonitor, pager, …) unless the matching flag is on. Our variables only *disable*
// those features, so we allow exactly them. The flags apply to arguments too, which is acceptable
// because every command in src/engine/git is built from fixed options plus validated ref names.
const allowUnsafeForHardening = {
  allowUnsafeConfigEnvCount: true,
  allowUnsafePager: true,
  allowUnsafeEditor: true,
  allowUnsafeHooksPath: true,
  allowUnsafeFsMonitor: true,
  allowUnsafeSshCommand: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeProtocolOverride: true,
  allowUnsafeFilter: true,
} as const;

// Variables simple-git guards that are not GIT_*; git never needs them for what we run (the forced
// core.editor / core.pager / GIT_PAGER win over them anyway), so we drop them instead of allowing them.
const guardedNonGitVariables = new Set(['editor', 'visual', 'pager', 'ssh_askpass', 'prefix']);

/** The environment every engine git process gets: hardened, without variables simple-git would refuse. */
export function safeGitEnv(base: NodeJS.ProcessEnv = process.env, extraConfig: ReadonlyArray<readonly [string, string]> = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(hardenedGitEnv(base, extraConfig))) {
    if (!guardedNonGitVariables.has(name.toLowerCase())) env[name] = value;
  }
  return env;
}

/** `-c` settings of every engine git process: Unicode paths verbatim in every command's output (paths with control characters stay quoted). */
export const safeGitConfig: readonly string[] = ['core.quotePath=false'];

/**
 * A simple-git instance for `baseDir` whose processes cannot run hooks, fsmonitor, pagers or editors
 * from the repository's or the user's git config. Commands that check files out also need
 * `extraConfig` from filterDriverOverrides; diffs pass --no-ext-diff --no-textconv themselves.
 */
export function createSafeGit(baseDir: string, extraConfig: ReadonlyArray<readonly [string, string]> = []): SimpleGit {
  const env = safeGitEnv(process.env, extraConfig);
  const allowEnvironment = Object.keys(env).filter((name) => name.toUpperCase().startsWith('GIT_'));
  return simpleGit({
    baseDir,
    maxConcurrentProcesses: 3,
    config: [...safeGitConfig],
    allowEnvironment,
    unsafe: allowUnsafeForHardening,
  }).env(env);
}
