import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What one sandboxed process may see besides the system: everything else of the file system is absent. */
export interface SandboxSpec {
  /** Visible read-only at their own path: the review worktree and its git data, files the process only reads. */
  readOnly: readonly string[];
  /** Visible read-write at their own path: the CLI's private config home, run files, credential files it refreshes. */
  writable: readonly string[];
  /** Folders bound read-write at another path, with variables set inside (e.g. a config home moved out of /tmp). */
  relocated?: ReadonlyArray<{ source: string; target: string; variable: string }>;
  /** Share the host's network (an agent must reach its API); otherwise the process has only a loopback of its own. */
  network: boolean;
}

// System folders, read-only. /etc holds what programs need to start and resolve names; on a merged-/usr
// system /bin, /lib, /lib64 and /sbin are symlinks into /usr and are recreated as such.
const systemFolders = ['/usr', '/etc', '/opt', '/nix/store', '/run/systemd/resolve', '/run/current-system'];
const mergedUsrLinks = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/** Programs a CLI needs from PATH besides itself: the node that runs a JS CLI, the git the agent runs. */
const companionPrograms = ['node', 'git'];

/**
 * The bwrap arguments (without the program) that run `command` (an absolute path) in a sandbox: a private
 * /tmp and home, its own PID, IPC, UTS and user namespaces (so no other process and no parent's
 * /proc/<pid>/environ is visible), the system read-only, the CLI's own install read-only, `spec`'s paths,
 * and nothing else. bwrap dies with its parent, and its child with it.
 */
export function sandboxArgs(command: string, args: readonly string[], spec: SandboxSpec, env: Readonly<Record<string, string>>, cwd: string): string[] {
  const result = ['--die-with-parent', '--unshare-all', ...(spec.network ? ['--share-net'] : []), '--proc', '/proc', '--dev', '/dev'];
  for (const folder of systemFolders) result.push('--ro-bind-try', folder, folder);
  for (const link of mergedUsrLinks) {
    const target = symlinkTarget(link);
    if (target !== null) result.push('--symlink', target, link);
    else result.push('--ro-bind-try', link, link);
  }
  result.push('--tmpfs', '/tmp');
  for (const home of homes(env)) result.push('--tmpfs', home);
  for (const folder of unique([...installFolders(command, env.PATH ?? '', homes(env)), ...spec.readOnly])) result.push('--ro-bind', folder, folder);
  for (const folder of unique(spec.writable)) result.push('--bind', folder, folder);
  for (const { source, target, variable } of spec.relocated ?? []) result.push('--bind', source, target, '--setenv', variable, target);
  const tmpdir = env.TMPDIR;
  if (tmpdir !== undefined && !spec.writable.some((folder) => isInside(tmpdir, folder))) result.push('--setenv', 'TMPDIR', '/tmp');
  result.push('--chdir', cwd, '--', command, ...args);
  return result;
}

/** The home folders to replace by an empty private one: the environment's HOME and the account's. */
function homes(env: Readonly<Record<string, string>>): string[] {
  const candidates = [env.HOME, os.homedir()].filter((home): home is string => home !== undefined && path.isAbsolute(home) && home !== '/');
  return unique(candidates.filter((home) => !systemFolders.some((folder) => isInside(home, folder))));
}

/**
 * Where `command` and its companions are installed, outside the system folders: for an npm package the
 * node_modules folder holding it (its native parts are sibling packages), else the program's folder.
 */
export function installFolders(command: string, searchPath: string, hidden: readonly string[]): string[] {
  const programs = [command, ...companionPrograms.map((name) => findOnPath(name, searchPath)).filter((file): file is string => file !== null)];
  const folders: string[] = [];
  for (const program of programs) {
    for (const file of unique([program, realPath(program)])) {
      const folder = installFolderOf(file);
      // A program straight in a home folder (or in /) gets only its own file bound, never the folder.
      const bound = hidden.some((home) => isInside(home, folder)) ? file : folder;
      if (!systemFolders.some((system) => isInside(bound, system))) folders.push(bound);
    }
  }
  return unique(folders);
}

function installFolderOf(file: string): string {
  let folder = path.dirname(file);
  for (let current = folder; current !== path.dirname(current); current = path.dirname(current)) {
    if (path.basename(current) === 'node_modules') return current;
  }
  // A program in a bin folder (e.g. ~/.nvm/versions/node/v20/bin/node): its whole prefix, for its lib folder.
  if (path.basename(folder) === 'bin') folder = path.dirname(folder);
  return folder;
}

/**
 * The git data a worktree needs beyond its own folder: a linked worktree's `.git` file points into the
 * main repository's git folder, whose objects and refs git reads there.
 */
export function worktreeGitData(worktree: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(worktree, '.git'), 'utf8');
  } catch {
    return [];
  }
  const gitdir = /^gitdir:\s*(.+)$/m.exec(text)?.[1]?.trim();
  if (gitdir === undefined) return [];
  const worktreeGitDir = path.resolve(worktree, gitdir);
  let common = worktreeGitDir;
  try {
    common = path.resolve(worktreeGitDir, fs.readFileSync(path.join(worktreeGitDir, 'commondir'), 'utf8').trim());
  } catch {
    // No commondir: the git folder stands alone.
  }
  return unique([common, worktreeGitDir].filter((folder) => fs.existsSync(folder))).filter((folder, _index, all) => !all.some((other) => other !== folder && isInside(folder, other)));
}

export function findOnPath(name: string, searchPath: string): string | null {
  for (const folder of searchPath.split(path.delimiter)) {
    if (folder === '' || !path.isAbsolute(folder)) continue;
    const file = path.join(folder, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // next
    }
  }
  return null;
}

function symlinkTarget(file: string): string | null {
  try {
    return fs.lstatSync(file).isSymbolicLink() ? fs.readlinkSync(file) : null;
  } catch {
    return null;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
