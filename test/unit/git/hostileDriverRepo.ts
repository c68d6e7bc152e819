import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { createReviewWorktree, type ReviewWorktree } from '../../../src/engine/git/reviewWorktree';
import type { TempRepo } from '../../fixtures/gitRepo';
import { tempDir, tempRepo } from './gitTestSupport';

/** A driver name an attacker can write in .gitattributes: dots, quotes, '=', a backslash and shell characters. */
export const weirdDriverName = 'a.b\'c=d"e\\f$x;y`';

/** The line the branch adds to each file, which every diff the agent runs must show. */
export const addedLines = {
  'app.txt': 'TWO-text-file',
  'guide.md': 'TWO-markdown-file',
  'lib/deep/util.js': 'export const TWO = "macro";',
  'weird/settings.cfg': 'TWO = "weird driver name"',
  'data.json': '"TWO": "global driver"',
  'notes.ini': 'TWO=info-attributes',
} as const;

export interface HostileDriverRepo {
  repo: TempRepo;
  /** The review worktree of the branch (disposed when the test ends). */
  worktree: ReviewWorktree;
  /** The user's home, whose ~/.gitconfig defines drivers too. */
  home: string;
  /** `sh -c` program that appends to marker `name`, then runs `then`. */
  program(name: string, then: string): string;
  /** Names of the driver programs that ran. */
  markers(): string[];
}

/**
 * A repository whose `feature` branch sends every file it changes through a driver, each chosen in a
 * different way: root .gitattributes, a macro used in a nested .gitattributes, a nested file with an
 * attacker-shaped name, the user's .git/info/attributes, and a name only the user's global config
 * defines. Each driver's program leaves a marker named after it (textconv ones still print the file).
 */
export async function createHostileDriverRepo(t: TestContext): Promise<HostileDriverRepo> {
  const markersDir = tempDir(t, 'deep-review-markers-');
  const home = tempDir(t, 'deep-review-home-');
  const program = (name: string, then: string): string => `sh -c 'echo ran >> "${path.join(markersDir, name)}"; ${then}' -`;
  const base = Object.fromEntries(Object.keys(addedLines).map((file) => [file, `${path.basename(file)} base line\n`]));
  const repo = tempRepo(t, base);
  repo.branch('feature');
  repo.write({
    '.gitattributes': [
      '[attr]sneaky diff=macro-textconv',
      '*.txt diff=textconv-driver filter=filter-driver',
      '*.md diff=command-driver merge=merge-driver',
      '*.json diff=global-textconv filter=global-filter',
      '',
    ].join('\n'),
    'lib/.gitattributes': '*.js sneaky\n',
    'weird/.gitattributes': `*.cfg diff=${weirdDriverName}\n`,
    ...Object.fromEntries(Object.entries(addedLines).map(([file, line]) => [file, `${base[file] ?? ''}${line}\n`])),
  });
  repo.commitAll('send every file through a driver');
  fs.writeFileSync(path.join(repo.root, '.git', 'info', 'attributes'), '*.ini diff=info-driver\n');

  const local: Array<[string, string]> = [
    ['diff.textconv-driver.textconv', program('textconv', 'cat "$1"')],
    ['diff.macro-textconv.textconv', program('macro-textconv', 'cat "$1"')],
    [`diff.${weirdDriverName}.textconv`, program('weird-name', 'cat "$1"')],
    ['diff.info-driver.textconv', program('info-attributes', 'cat "$1"')],
    ['diff.command-driver.command', program('diff-command', 'true')],
    ['filter.filter-driver.clean', program('clean', 'cat')],
    ['filter.filter-driver.smudge', program('smudge', 'cat')],
    ['filter.filter-driver.required', 'true'],
    ['merge.merge-driver.driver', program('merge-driver', 'exit 1')],
  ];
  for (const [key, value] of local) repo.git('config', key, value);
  const globalConfig = path.join(home, '.gitconfig');
  for (const [key, value] of [
    ['diff.global-textconv.textconv', program('global-textconv', 'cat "$1"')],
    ['filter.global-filter.clean', program('global-clean', 'cat')],
    ['filter.global-filter.smudge', program('global-smudge', 'cat')],
  ] as const) {
    execFileSync('git', ['config', '--file', globalConfig, key, value]);
  }

  const worktree = await createReviewWorktree(repo.root, 'feature');
  t.after(() => worktree.dispose());
  return { repo, worktree, home, program, markers: () => fs.readdirSync(markersDir).sort() };
}

/** `git <args>` in `cwd` with exactly `env`; stdout and stderr together, and whether it succeeded. */
export function gitWith(env: Record<string, string>, cwd: string, ...args: string[]): { output: string; ok: boolean } {
  try {
    return { output: execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), ok: true };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, ok: false };
  }
}

/** What an agent's shell typically runs to read the branch. */
export const agentGitCommands: readonly string[][] = [
  ['diff', 'main...HEAD'],
  ['show', 'HEAD'],
  ['log', '-p', 'main..HEAD'],
];
