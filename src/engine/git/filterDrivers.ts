import type { SimpleGit } from 'simple-git';
import { tryGit } from './gitCommand';

/** A git setting forced on a process: key and value. */
export type GitSetting = readonly [key: string, value: string];

/**
 * Settings that switch off every filter driver configured for the repository (in any config file).
 * The branch's .gitattributes chooses which files go through which driver, so a checkout of the
 * branch would otherwise run the user's smudge/clean/process programs on content the branch controls.
 * An empty command is "no filter"; `required=false` keeps git from failing without it.
 */
export async function filterDriverOverrides(git: SimpleGit): Promise<GitSetting[]> {
  const keys = await tryGit(git, ['config', '--name-only', '-z', '--get-regexp', '^filter\\..+\\.(smudge|clean|process|required)$']);
  const names = new Set<string>();
  for (const key of (keys ?? '').split('\0')) {
    const match = /^filter\.(.+)\.[a-z]+$/.exec(key);
    if (match?.[1] !== undefined) names.add(match[1]);
  }
  return [...names].flatMap((name): GitSetting[] => [
    [`filter.${name}.smudge`, ''],
    [`filter.${name}.clean`, ''],
    [`filter.${name}.process`, ''],
    [`filter.${name}.required`, 'false'],
  ]);
}
