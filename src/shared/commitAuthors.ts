import type { Commit } from './reportModel';

/** The branch's authors as its commits name them, in order of first commit ("Ana Díaz, Bo Li"); null when they do not say. */
export function commitAuthors(commits: readonly Commit[]): string | null {
  const authors = [...new Set(commits.map((commit) => commit.author?.trim() ?? '').filter((author) => author !== ''))];
  return authors.length === 0 ? null : authors.join(', ');
}
