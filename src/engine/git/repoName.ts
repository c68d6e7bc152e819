import path from 'node:path';
import type { SimpleGit } from 'simple-git';
import { tryGit } from './gitCommand';

/** `org/name` from origin's URL when it is hosted somewhere, else the folder name of the repository. */
export async function resolveRepoName(git: SimpleGit, repoRoot: string): Promise<string> {
  const url = await tryGit(git, ['config', '--get', 'remote.origin.url']);
  return (url !== null ? repoNameFromRemoteUrl(url) : null) ?? path.basename(repoRoot);
}

/**
 * The repository path of a hosted remote URL without `.git` (`https://github.com/org/name.git` and
 * `git@github.com:org/name.git` → `org/name`); null for local paths and file:// URLs.
 * Credentials in the URL never reach the result.
 */
export function repoNameFromRemoteUrl(url: string): string | null {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (scheme) {
    if (scheme[1]?.toLowerCase() === 'file') return null;
    try {
      return cleanRepoPath(decodeURIComponent(new URL(trimmed).pathname));
    } catch {
      return null;
    }
  }
  // scp-like syntax: [user@]host:path — but not a Windows drive (C:\repo) or a relative path with a colon later.
  const scpLike = /^(?:[^@/\s]+@)?([^:/\s]{2,}):(?!\/\/)(.+)$/.exec(trimmed);
  if (scpLike?.[2] !== undefined) return cleanRepoPath(scpLike[2]);
  return null;
}

function cleanRepoPath(repoPath: string): string | null {
  const cleaned = repoPath
    .replace(/^[/~]+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '');
  return cleaned === '' ? null : cleaned;
}
