import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ReviewError } from '../errors';
import { driverConfigPattern, driverOverrides, type GitSetting } from './filterDrivers';
import { branchControlledSettings, canonicalConfigKey, type BranchControlledSetting } from './branchControlledConfig';
import { hardenedGitVariables } from './gitHardening';
import { agentProgramSettings, programConfigPattern, programOverrides } from './programSettings';

const nullDevice = process.platform === 'win32' ? 'NUL' : '/dev/null';

/**
 * The user's global and system git config are not read (git ≥ 2.32): their diff, filter and merge
 * drivers, diff.external, and settings that change what git prints (color.ui, diff.noprefix, …) do not
 * exist for the agent. Gemini CLI's shell sets the same for its commands.
 */
const configIsolation: Readonly<Record<string, string>> = {
  GIT_CONFIG_GLOBAL: nullDevice,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_ATTR_NOSYSTEM: '1',
};

// On top of the hardening every git process gets: a signature check would run gpg on the branch's commits.
// core.symlinks: the review worktree has its symlinks as plain files (see createReviewWorktree); git in it
// must know, or every link shows as a type change.
const agentSettings: readonly GitSetting[] = [['log.showSignature', 'false'], ['core.symlinks', 'false'], ...agentProgramSettings];

/**
 * Variables for an agent CLI whose own git commands (git diff, git show, git log -p, git blame, git
 * status) run in the review worktree, to merge over its environment `env` (which gives PATH and HOME).
 * The branch's .gitattributes, in any folder, through macros too, choose which diff, filter and merge
 * driver each file goes through; only config can define a driver's program, and every config git still
 * reads there (the repository's own and its includes) is looked up now, with the agent's environment,
 * so each driver it defines is replaced by git's plain behaviour. Every other program-valued setting is
 * replaced too (programSettings). The replacements are GIT_CONFIG_COUNT settings, which rank above every
 * config file; only an explicit `git -c` (GIT_CONFIG_PARAMETERS) ranks above them, and that is the
 * model's own command line, which the CLI's permissions govern.
 *
 * git cannot be told to skip an `include.path` / `includeIf` of the repository's config, and one that
 * reaches into a work tree reads a file the branch wrote. Settings from such a file are fine when one of
 * ours replaces them; any other one refuses the run, naming the file, rather than let the branch configure git.
 */
export async function agentGitVariables(worktree: string, env: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const view = { ...env, ...configIsolation };
  // A missing worktree runs no git; starting the agent there fails with its own clear error.
  if (!existsSync(worktree)) return { ...configIsolation, ...hardenedGitVariables(agentSettings) };
  const keys = await configuredKeys(worktree, view, `${driverConfigPattern}|${programConfigPattern}`);
  const settings = [...agentSettings, ...driverOverrides(keys), ...programOverrides(keys)];
  const variables = hardenedGitVariables(settings);
  const replaced = new Set(Object.entries(variables).filter(([name]) => name.startsWith('GIT_CONFIG_KEY_')).map(([, key]) => canonicalConfigKey(key)));
  const foreign = (await branchControlledConfig(worktree, view)).filter((setting) => !replaced.has(canonicalConfigKey(setting.key)));
  if (foreign.length > 0) throw includedFromWorkTree(foreign);
  return { ...configIsolation, ...variables };
}

function includedFromWorkTree(settings: readonly BranchControlledSetting[]): ReviewError {
  const files = [...new Set(settings.map((setting) => setting.file))];
  const keys = [...new Set(settings.map((setting) => setting.key))].slice(0, 5);
  return new ReviewError(
    'git-failed',
    `The repository's git config includes ${files.join(', ')}, a file inside a work tree, so the reviewed branch decides what it says; it sets ${keys.join(', ')}. The agents are not started with git settings a branch wrote.`,
    'Move the included file out of the work tree (for example into .git/), point include.path there, then run the review again.',
  );
}

/** Every config key in the worktree's view matching `pattern`. Fails rather than guess. */
async function configuredKeys(worktree: string, env: Record<string, string>, pattern: string): Promise<string[]> {
  const stdout = await readGit(worktree, env, ['config', '--name-only', '-z', '--get-regexp', pattern]);
  return stdout.split('\0').filter((key) => key !== '');
}

/** Settings the worktree's git reads from files inside a work tree (see branchControlledSettings). */
async function branchControlledConfig(worktree: string, env: Record<string, string>): Promise<BranchControlledSetting[]> {
  const [configList, worktreeList] = await Promise.all([
    readGit(worktree, env, ['config', '--show-origin', '-z', '--list']),
    // Without -z (git 2.36+): a path with a newline would not be listed, and its files would count as git's own.
    readGit(worktree, env, ['worktree', 'list', '--porcelain']),
  ]);
  return branchControlledSettings(configList, worktreeList, worktree);
}

/** stdout of a read-only git command in the worktree; exit 1 (nothing found) is empty output. */
function readGit(worktree: string, env: Record<string, string>, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: worktree, env, encoding: 'utf8', timeout: 30_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error === null) {
        resolve(stdout);
      } else if (error.code === 1) {
        resolve('');
      } else {
        const reason = stderr.split('\n').find((line) => line.trim() !== '') ?? error.message;
        reject(
          new ReviewError(
            'git-failed',
            `Cannot read the git configuration of the review worktree, so the agents cannot be started safely: ${reason.trim()}`,
            'Check that `git config --list` works in this repository, then run the review again.',
          ),
        );
      }
    });
  });
}
