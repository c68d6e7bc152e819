import type { SimpleGit } from 'simple-git';
import type { ChangedFile, Commit } from '../../shared/reportModel';
import { readGitOutputUpTo } from './boundedGitOutput';
import { runGit } from './gitCommand';

export const defaultMaxPatchBytes = 400_000;
/** A file with more changed lines than this has a diff no prompt could hold: it is left out of the patch. */
export const defaultMaxPatchLinesPerFile = 5_000;
// Leaving out more files than this would make the command line too long; the byte budget cuts the rest.
const maxLeftOutFiles = 1_000;

// Options that keep user and repository config from changing what the diff says or how it looks:
// no external diff or textconv programs, no colours, paths from the repository root, a/ b/ prefixes,
// submodules as their commit ids. An explicit --ignore-submodules also keeps git from reading the
// branch's .gitmodules, whose invalid entries (`update = !command`) would otherwise make it die;
// "dirty" ignores nothing in a diff between two commits.
const plainDiffOptions = ['--no-ext-diff', '--no-textconv', '--no-color', '--no-relative', '-M', '--submodule=short', '--ignore-submodules=dirty'];

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

export interface PatchLimits {
  /** Budget for the whole patch in bytes: it is cut after a whole line. */
  maxBytes: number;
  /** Files of `files` with more changed lines than this are left out, so they do not use up the budget. */
  maxLinesPerFile: number;
}

/**
 * The unified diff between two commits in the repository at `repoRoot`, without the diffs of huge
 * files (by the line counts in `files`), cut at a line boundary to at most `maxBytes` bytes. Git is
 * stopped once the budget is used, however large the diff.
 */
export async function readPatch(
  repoRoot: string,
  range: { from: string; to: string; files: readonly ChangedFile[]; onlyListedFiles?: boolean },
  limits: PatchLimits,
): Promise<{ patch: string; patchTruncated: boolean }> {
  const pathsOf = (file: ChangedFile): string[] => (file.previousPath === null ? [file.path] : [file.previousPath, file.path]);
  const tooBig = (file: ChangedFile): boolean => (file.additions ?? 0) + (file.deletions ?? 0) > limits.maxLinesPerFile;
  // One part of a big branch: its files only, in one git process.
  const pathspecs = range.onlyListedFiles
    ? ['--', ...range.files.filter((file) => !tooBig(file)).flatMap(pathsOf).map((file) => `:(top,literal)${file}`)]
    : excludedPathspecs(range.files.filter(tooBig).slice(0, maxLeftOutFiles).flatMap(pathsOf));
  if (range.onlyListedFiles && pathspecs.length === 1) return { patch: '', patchTruncated: false };
  const args = ['diff', ...plainDiffOptions, '--src-prefix=a/', '--dst-prefix=b/', range.from, range.to, ...pathspecs];
  const { output, complete } = await readGitOutputUpTo(repoRoot, args, limits.maxBytes);
  return capPatchBytes(output, limits.maxBytes, !complete);
}

function excludedPathspecs(paths: readonly string[]): string[] {
  return paths.length === 0 ? [] : ['--', ...paths.map((file) => `:(top,literal,exclude)${file}`)];
}

export function capPatch(patch: string, maxBytes: number): { patch: string; patchTruncated: boolean } {
  return capPatchBytes(Buffer.from(patch, 'utf8'), maxBytes, false);
}

// Cutting after a newline byte never splits a UTF-8 character: 0x0a is never part of a multi-byte one.
function capPatchBytes(bytes: Buffer, maxBytes: number, cutShort: boolean): { patch: string; patchTruncated: boolean } {
  if (!cutShort && bytes.length <= maxBytes) return { patch: bytes.toString('utf8'), patchTruncated: false };
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
