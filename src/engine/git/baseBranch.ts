import type { SimpleGit } from 'simple-git';
import { ReviewError } from '../errors';
import { tryGit } from './gitCommand';

/** The branch a review compares against: `name` as the user knows it, `ref` as git resolves it. */
export interface BaseBranch {
  name: string;
  ref: string;
}

const baseSetting = 'deepReview.baseBranch';
const conventionalBases = ['refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master'];

/**
 * The requested base (a local branch, else a remote-tracking one, e.g. `main` → `origin/main`), or when
 * none is requested: origin's default branch, then main, master, origin/main, origin/master.
 * The branch under review is never its own base.
 */
export async function resolveBaseBranch(
  git: SimpleGit,
  options: { requested?: string | undefined; currentBranch: string },
): Promise<BaseBranch> {
  const requested = options.requested?.trim() ?? '';
  return requested === ''
    ? resolveDefaultBase(git, options.currentBranch)
    : resolveRequestedBase(git, requested, options.currentBranch);
}

async function resolveRequestedBase(git: SimpleGit, requested: string, currentBranch: string): Promise<BaseBranch> {
  const candidates = requested.startsWith('refs/') ? [requested] : candidateRefs(requested);
  for (const ref of candidates) {
    if (!(await isCommitRef(git, ref))) continue;
    if (ref === `refs/heads/${currentBranch}`) {
      throw new ReviewError(
        'base-not-found',
        `The base branch '${requested}' is the branch being reviewed.`,
        `Check out the branch you want to review, or set ${baseSetting} to the branch '${currentBranch}' should be compared with.`,
      );
    }
    return { name: displayName(ref), ref };
  }
  throw new ReviewError(
    'base-not-found',
    `Base branch '${requested}' not found (tried ${[...new Set(candidates.map(displayName))].join(', ')}).`,
    `Check the ${baseSetting} setting, or fetch the branch (git fetch origin ${requested.replace(/^origin\//, '')}).`,
  );
}

/** A local branch first, then a remote-tracking branch (`upstream/main`), then origin's branch of that name. */
function candidateRefs(name: string): string[] {
  return [
    `refs/heads/${name}`,
    ...(name.includes('/') ? [`refs/remotes/${name}`] : []),
    ...(name.startsWith('origin/') ? [] : [`refs/remotes/origin/${name}`]),
  ];
}

async function resolveDefaultBase(git: SimpleGit, currentBranch: string): Promise<BaseBranch> {
  const currentRef = `refs/heads/${currentBranch}`;
  const remoteDefault = await tryGit(git, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
  const candidates = [...(remoteDefault !== null ? [remoteDefault] : []), ...conventionalBases];
  for (const ref of candidates) {
    if (ref !== currentRef && (await isCommitRef(git, ref))) return { name: displayName(ref), ref };
  }
  const tried = ['origin/HEAD', ...conventionalBases.filter((ref) => ref !== currentRef).map(displayName)];
  const skipped = conventionalBases.includes(currentRef) ? `; '${currentBranch}' is the branch being reviewed` : '';
  throw new ReviewError(
    'base-not-found',
    `No base branch found for '${currentBranch}' (tried ${tried.join(', ')}${skipped}).`,
    `Set ${baseSetting} to the branch '${currentBranch}' should be compared with (for example develop or origin/develop)` +
      (skipped === '' ? '.' : `, or check out the branch you want to review.`),
  );
}

async function isCommitRef(git: SimpleGit, ref: string): Promise<boolean> {
  if (!(await isWellFormedRef(git, ref))) return false;
  return (await tryGit(git, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])) !== null;
}

// Keeps revision syntax (`main~2`, `a..b`, `HEAD@{1}`) in a user's setting from being read as something else.
async function isWellFormedRef(git: SimpleGit, ref: string): Promise<boolean> {
  return (await tryGit(git, ['check-ref-format', '--normalize', ref])) === ref;
}

function displayName(ref: string): string {
  return ref.replace(/^refs\/(heads|remotes)\//, '');
}
