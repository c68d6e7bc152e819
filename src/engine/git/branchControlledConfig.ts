import fs from 'node:fs';
import path from 'node:path';

/** A setting git reads from a config file inside a work tree: the branch checked out there wrote it. */
export interface BranchControlledSetting {
  file: string;
  key: string;
}

/**
 * The settings of `git config --show-origin -z --list` (run in `cwd`) that come from a file inside one
 * of the repository's work trees (`git worktree list --porcelain`, with or without -z) but not inside a `.git` folder:
 * a user's `[include] path = ../shared.cfg` or `includeIf` reaching into a checkout makes that file's
 * settings the branch's. Symlinked config files count where they lead.
 */
export function branchControlledSettings(configList: string, worktreeList: string, cwd: string): BranchControlledSetting[] {
  // One block per work tree; a bare repository's own entry is its git directory, not a checkout.
  const worktrees = worktreeList
    .split(/\0\0|\n\n/)
    .map((block) => block.split(/\0|\n/))
    .filter((lines) => !lines.includes('bare'))
    .flatMap((lines) => lines.filter((line) => line.startsWith('worktree ')))
    .map((line) => realPath(path.resolve(cwd, line.slice('worktree '.length))));
  const fields = configList.split('\0');
  const found: BranchControlledSetting[] = [];
  for (let at = 0; at + 1 < fields.length; at += 2) {
    const origin = fields[at] ?? '';
    const entry = fields[at + 1] ?? '';
    if (!origin.startsWith('file:')) continue;
    const file = realPath(path.resolve(cwd, origin.slice('file:'.length)));
    const key = entry.split('\n', 1)[0] ?? '';
    if (worktrees.some((worktree) => insideCheckout(worktree, file))) found.push({ file, key });
  }
  return found;
}

/** Inside the work tree's checkout, not its (or a nested) `.git` folder. */
function insideCheckout(worktree: string, file: string): boolean {
  const relative = path.relative(worktree, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  return !relative.split(path.sep).some((segment) => segment.toLowerCase() === '.git');
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** A config key as git prints it: section and variable lower case, the subsection verbatim. */
export function canonicalConfigKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first === -1) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}${key.slice(last).toLowerCase()}`;
}
