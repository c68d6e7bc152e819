import type { SimpleGit } from 'simple-git';
import type { ChangedFile, Commit } from '../../shared/reportModel';
import { runGit } from './gitCommand';

export const defaultMaxPatchBytes = 400_000;

// Options that keep user and repository config from changing what the diff says or how it looks:
// no external diff or textconv programs, no colours, paths from the repository root, a/ b/ prefixes.
const plainDiffOptions = ['--no-ext-diff', '--no-textconv', '--no-color', '--no-relative', '-M'];

/** Commits in `from..to`, oldest first, with 7+ character hashes. */
export async function listCommits(git: SimpleGit, from: string, to: string): Promise<Commit[]> {
  const output = await runGit(git, [
    'log',
    '--no-show-signature',
    '--no-color',
    '--encoding=UTF-8',
    '--reverse',
    '--abbrev=7',
    '-z',
    '--format=%h%x00%s%x00%b',
    `${from}..${to}`,
  ]);
  // Three fields per commit; an empty body of the last commit is a field too, so only a terminator is dropped.
  const fields = output.split('\0');
  if (fields.length % 3 === 1 && fields.at(-1) === '') fields.pop();
  const commits: Commit[] = [];
  for (let index = 0; index + 2 < fields.length; index += 3) {
    commits.push({ hash: fields[index] ?? '', subject: fields[index + 1] ?? '', body: (fields[index + 2] ?? '').trim() });
  }
  return commits;
}

/** Per-file line counts between two commits, with renames detected. */
export async function listChangedFiles(git: SimpleGit, from: string, to: string): Promise<ChangedFile[]> {
  return parseNumstat(await runGit(git, ['diff', '--numstat', '-z', ...plainDiffOptions, from, to]));
}

/**
 * Parses `git diff --numstat -z`: `adds\tdels\tpath\0` per file, or `adds\tdels\t\0old\0new\0` for a
 * rename; binary files have `-` for both counts.
 */
export function parseNumstat(output: string): ChangedFile[] {
  const fields = splitNulTerminated(output);
  const files: ChangedFile[] = [];
  for (let index = 0; index < fields.length; index++) {
    const match = /^(-|\d+)\t(-|\d+)\t([\s\S]*)$/.exec(fields[index] ?? '');
    if (!match) continue;
    const [, additions = '-', deletions = '-', inlinePath = ''] = match;
    const counts = { additions: parseCount(additions), deletions: parseCount(deletions) };
    if (inlinePath !== '') {
      files.push({ path: inlinePath, ...counts, previousPath: null });
    } else {
      files.push({ path: fields[index + 2] ?? '', ...counts, previousPath: fields[index + 1] ?? '' });
      index += 2;
    }
  }
  return files;
}

/** The unified diff between two commits, cut at a line boundary to at most `maxBytes` UTF-8 bytes. */
export async function readPatch(
  git: SimpleGit,
  from: string,
  to: string,
  maxBytes: number,
): Promise<{ patch: string; patchTruncated: boolean }> {
  const patch = await runGit(git, ['diff', ...plainDiffOptions, '--src-prefix=a/', '--dst-prefix=b/', from, to]);
  return capPatch(patch, maxBytes);
}

export function capPatch(patch: string, maxBytes: number): { patch: string; patchTruncated: boolean } {
  const bytes = Buffer.from(patch, 'utf8');
  if (bytes.length <= maxBytes) return { patch, patchTruncated: false };
  const lastNewline = bytes.subarray(0, maxBytes).lastIndexOf(0x0a);
  return { patch: bytes.subarray(0, lastNewline + 1).toString('utf8'), patchTruncated: true };
}

function splitNulTerminated(output: string): string[] {
  const fields = output.split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}

function parseCount(value: string): number | null {
  return value === '-' ? null : Number(value);
}
