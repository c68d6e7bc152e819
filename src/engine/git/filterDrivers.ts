import type { SimpleGit } from 'simple-git';
import { tryGit } from './gitCommand';

/** A git setting forced on a process: key and value. */
export type GitSetting = readonly [key: string, value: string];

/** `git config --get-regexp` pattern of every key that can configure a driver program (and diff.external). */
export const driverConfigPattern = '^(diff|filter|merge)\\.';

/**
 * Settings that switch off every filter driver configured for the repository (in any config file).
 * The branch's .gitattributes chooses which files go through which driver, so a checkout of the
 * branch would otherwise run the user's smudge/clean/process programs on content the branch controls.
 */
export async function filterDriverOverrides(git: SimpleGit): Promise<GitSetting[]> {
  const keys = await tryGit(git, ['config', '--name-only', '-z', '--get-regexp', '^filter\\..+\\.(smudge|clean|process|required)$']);
  return driverOverrides((keys ?? '').split('\0'));
}

// Stand-ins for programs git cannot be told to skip: an empty textconv, diff command or merge driver is
// run as an empty command and fails (git diff dies), so each is replaced by git's own plain behaviour.
// textconv: the stored text as it is.
const plainTextconv = 'cat';
// External diff (diff.<driver>.command, diff.external), called as `path old-file old-hex old-mode new-file
// new-hex new-mode` (or with the path alone for an unmerged file): git's internal diff of the two files.
// The headers name git's temporary files; the lines are the real ones. `--no-index` exits 1 on a difference.
const plainExternalDiff =
  'plain_diff() { test $# -ge 7 || return 0; git --no-pager diff --no-index --no-ext-diff --no-textconv --no-color -- "$2" "$5"; test $? -le 1; }; plain_diff';
// Merge driver: git's own three-way text merge, in place into the current version (%A), conflicts marked.
const plainMerge = 'git merge-file --marker-size=%L %A %O %B';

// Canonical config keys: section and variable lower case, the subsection (the driver name) verbatim,
// so `diff.a.b.textconv` is driver `a.b`. Quotes, dots and '=' in a name are safe in GIT_CONFIG_KEY_<n>;
// a newline is not (git would refuse every command), and no config file can hold one, so it is skipped.
const driverKey = /^(diff|filter|merge)\.(.+)\.([a-z][a-z0-9-]*)$/;

/**
 * Settings that neutralize every driver program the given config keys configure (keys as `git config
 * --name-only` prints them): filters become "no filter" (an empty command; `required=false` keeps git
 * from failing without it), textconv shows the stored text (and caches nothing), external diffs and
 * merge drivers become git's own plain diff and merge. Keys that configure no program are ignored.
 */
export function driverOverrides(keys: readonly string[]): GitSetting[] {
  const settings = new Map<string, string>();
  for (const key of keys) {
    if (key === 'diff.external') {
      settings.set(key, plainExternalDiff);
      continue;
    }
    const match = driverKey.exec(key);
    if (!match) continue;
    const [, section, name = '', variable] = match;
    if (section === 'filter' && ['smudge', 'clean', 'process', 'required'].includes(variable ?? '')) {
      settings.set(`filter.${name}.smudge`, '');
      settings.set(`filter.${name}.clean`, '');
      settings.set(`filter.${name}.process`, '');
      settings.set(`filter.${name}.required`, 'false');
    } else if (section === 'diff' && variable === 'textconv') {
      settings.set(`diff.${name}.textconv`, plainTextconv);
      settings.set(`diff.${name}.cachetextconv`, 'false');
    } else if (section === 'diff' && variable === 'command') {
      settings.set(`diff.${name}.command`, plainExternalDiff);
    } else if (section === 'merge' && variable === 'driver') {
      settings.set(`merge.${name}.driver`, plainMerge);
    }
  }
  return [...settings];
}
