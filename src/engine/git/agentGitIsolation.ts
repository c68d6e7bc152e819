import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ReviewError } from '../errors';
import { driverConfigPattern, driverOverrides, type GitSetting } from './filterDrivers';
import { hardenedGitVariables } from './gitHardening';

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
const agentSettings: readonly GitSetting[] = [['log.showSignature', 'false'], ['core.symlinks', 'false']];

/**
 * Variables for an agent CLI whose own git commands (git diff, git show, git log -p, git blame, git
 * status) run in the review worktree, to merge over its environment `env` (which gives PATH and HOME).
 * The branch's .gitattributes, in any folder, through macros too, choose which diff, filter and merge
 * driver each file goes through; only config can define a driver's program, and every config git still
 * reads there (the repository's own and its includes) is looked up now, with the agent's environment,
 * so each driver it defines is replaced by git's plain behaviour. The replacements are GIT_CONFIG_COUNT
 * settings, which rank above every config file; only an explicit `git -c` (GIT_CONFIG_PARAMETERS)
 * ranks above them, and that is the model's own command line, which the CLI's permissions govern.
 */
export async function agentGitVariables(worktree: string, env: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const view = { ...env, ...configIsolation };
  // A missing worktree runs no git; starting the agent there fails with its own clear error.
  const keys = existsSync(worktree) ? await configuredDriverKeys(worktree, view) : [];
  return { ...configIsolation, ...hardenedGitVariables([...agentSettings, ...driverOverrides(keys)]) };
}

/** Every config key in the worktree's view that can configure a driver. Fails rather than guess. */
function configuredDriverKeys(worktree: string, env: Record<string, string>): Promise<string[]> {
  const args = ['config', '--name-only', '-z', '--get-regexp', driverConfigPattern];
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: worktree, env, encoding: 'utf8', timeout: 30_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error === null) {
        resolve(stdout.split('\0').filter((key) => key !== ''));
      } else if (error.code === 1) {
        resolve([]);
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
