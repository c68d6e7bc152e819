import type { SimpleGit } from 'simple-git';
import { ReviewError } from '../errors';

/** stdout of a git command; a failure becomes a 'git-failed' ReviewError naming the command. */
export async function runGit(git: SimpleGit, args: readonly string[]): Promise<string> {
  try {
    return await git.raw([...args]);
  } catch (error) {
    throw new ReviewError(
      'git-failed',
      `\`git ${args[0] ?? ''}\` failed: ${gitErrorText(error)}`,
      'Check that git works in this repository (for example `git status` in a terminal), then run the review again.',
    );
  }
}

/**
 * Trimmed stdout, or null when the command fails or prints nothing. For lookups whose success
 * always prints something (rev-parse --verify, symbolic-ref, merge-base, config --get): they exit
 * 1 without stderr on "not found", which simple-git resolves with empty output rather than rejecting.
 */
export async function tryGit(git: SimpleGit, args: readonly string[]): Promise<string | null> {
  try {
    const output = (await git.raw([...args])).trim();
    return output === '' ? null : output;
  } catch {
    return null;
  }
}

/** The first meaningful line of git's error output. */
export function gitErrorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part !== '');
  return line ?? 'unknown error';
}
