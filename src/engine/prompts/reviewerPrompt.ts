import type { AgentCli } from '../../shared/reviewerConfig';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PriorFinding } from '../../shared/ledgerModel';
import { progressiveFindingMarker } from '../review/progressiveFindings';
import type { BranchSummary, ChangedFile, Commit } from '../../shared/reportModel';
import type { ChangesSince } from '../git/changesSince';
import { selectPatchSections } from './patchSections';
import { findPromptsDir } from './promptsDir';

export type ReviewerPromptInput = BranchSummary & {
  /** `git diff mergeBase HEAD`, possibly cut short. */
  patch: string;
  patchTruncated: boolean;
};

export interface ReviewerPromptOptions {
  /** At most this much of the patch goes into the prompt (UTF-8 bytes). */
  patchBudgetBytes?: number;
  /** The whole prompt stays below this: it is passed on the command line (Linux allows 128 KiB per argument). */
  maxPromptBytes?: number;
  promptsDir?: string;
  /** Whose tools the prompt describes (default: Claude Code's). */
  cli?: AgentCli;
  /** What earlier rounds of this branch found, and where they stand. */
  earlier?: EarlierRounds | undefined;
  /**
   * Review only the commits since an earlier round: their commits, files and diff take the place of the
   * branch's, whose changed files are listed for orientation. Goes with `earlier` (the open findings).
   */
  incremental?: IncrementalChanges | undefined;
  /**
   * The review has a time or spend budget: ask the reviewer to announce each finding in its messages as it
   * goes, so the findings survive when it is stopped at its share before its final answer.
   */
  announceFindings?: boolean | undefined;
  /** The branch is too big for one prompt and is reviewed in parts: this prompt is for one of them (its files only). */
  part?: { index: number; count: number; branchFiles: number } | undefined;
}

export interface IncrementalChanges {
  sinceRound: number;
  sinceHead: string;
  changes: ChangesSince;
}

export interface EarlierRounds {
  previousRound: { round: number; head: string };
  priorFindings: readonly PriorFinding[];
}

/** Each CLI's read-only tools, as its model sees them. */
export const toolsByCli: Record<AgentCli, string> = {
  claude: 'Read, Grep and Glob for files inside the checkout, and the shell commands `git diff`, `git log` and `git show`. Any other command is refused.',
  codex: 'a shell in a read-only sandbox, for `git diff`, `git log`, `git show`, `rg`, `cat` and `ls`; anything that writes fails.',
  gemini: 'read_file, read_many_files, list_directory, glob and grep_search for files inside the checkout, and run_shell_command for `git diff --no-ext-diff`, `git log`, `git show` and `git status`. Any other command is refused.',
};

export const defaultPatchBudgetBytes = 60_000;
export const defaultMaxPromptBytes = 100_000;
// Room kept for the diff section's own words (fence, heading, the note on files left out).
const diffSectionReserveBytes = 2_000;
// Branch text is shortened to this many characters: one name or subject cannot crowd out the rest.
const maxNameChars = 200;
const maxPathChars = 300;
const maxReasonChars = 300;

/** How much of each list goes into the prompt; the first set whose text leaves room for a diff is used. */
interface ListLimits {
  commits: number;
  files: number;
  fileListBytes: number;
  priorFindings: number;
  commitsSincePrevious: number;
}
const listLimitSteps: readonly ListLimits[] = [
  { commits: 100, files: 300, fileListBytes: 40_000, priorFindings: 60, commitsSincePrevious: 50 },
  { commits: 30, files: 100, fileListBytes: 12_000, priorFindings: 20, commitsSincePrevious: 15 },
  { commits: 10, files: 30, fileListBytes: 4_000, priorFindings: 5, commitsSincePrevious: 5 },
];
const minDiffRoomBytes = 20_000;

export interface ReviewerPromptPlan {
  prompt: string;
  /** Changed files whose diff is not in the prompt: the reviewer is told to read them with git. */
  filesWithoutDiff: string[];
}

/** The reviewer prompt for a branch, from prompts/reviewer.md. */
export function renderReviewerPrompt(input: ReviewerPromptInput, options: ReviewerPromptOptions = {}): string {
  return planReviewerPrompt(input, options).prompt;
}

/**
 * The reviewer prompt and what of the diff it holds. The prompt stays below maxPromptBytes whatever
 * the branch holds (thousands of files, huge names and subjects): lists are shortened first, then
 * the diff gets what room is left, in whole files.
 */
export function planReviewerPrompt(input: ReviewerPromptInput, options: ReviewerPromptOptions = {}): ReviewerPromptPlan {
  const template = readFileSync(path.join(options.promptsDir ?? findPromptsDir(), 'reviewer.md'), 'utf8');
  const maxPromptBytes = options.maxPromptBytes ?? defaultMaxPromptBytes;
  const patchBudget = options.patchBudgetBytes ?? defaultPatchBudgetBytes;
  const { incremental } = options;
  // What the reviewers review: the whole branch, or the commits since an earlier round.
  const reviewed: ReviewedChanges = incremental ? { ...incremental.changes, diffBase: incremental.sinceHead } : { ...input, diffBase: input.mergeBase };
  const everyFile = new Set(reviewed.files);
  let chosen: { limits: ListLimits; values: Record<string, string>; room: number } | undefined;
  for (const limits of listLimitSteps) {
    const values = {
      repoName: clip(inline(input.repoName), maxNameChars),
      branch: clip(inline(input.branch), maxNameChars),
      base: clip(inline(input.base), maxNameChars),
      head: input.head,
      mergeBase: input.mergeBase,
      diffBase: reviewed.diffBase,
      tools: toolsByCli[options.cli ?? 'claude'],
      reviewFocus: incremental ? incrementalFocus(incremental.sinceRound) : options.part ? partFocus(options.part) : 'Review only what the branch changes (and what those changes break elsewhere).',
      earlierRounds: options.earlier ? earlierRoundsSection(input, options.earlier, limits, incremental !== undefined) : '',
      announceFindings: options.announceFindings ? announceFindingsSection : '',
    };
    const changeLists = (omitted: ReadonlySet<ChangedFile>): string =>
      incremental ? incrementalChangeLists(input, incremental, reviewed, omitted, limits) : branchChangeLists(reviewed, omitted, limits);
    // Every file marked as left out: the longest the list can get.
    const withoutDiff = fillTemplate(template, { ...values, changeLists: changeLists(everyFile), diffSection: '' });
    const room = maxPromptBytes - Buffer.byteLength(withoutDiff, 'utf8') - diffSectionReserveBytes;
    chosen = { limits, values, room };
    if (room >= Math.min(patchBudget, minDiffRoomBytes)) break;
  }
  if (!chosen) throw new Error('No prompt list limits are defined.');
  const budget = Math.max(0, Math.min(patchBudget, chosen.room));
  const selection = selectPatchSections(reviewed.patch, reviewed.patchTruncated, reviewed.files, budget);
  const omitted = new Set(selection.omitted);
  const { limits } = chosen;
  const prompt = fillTemplate(template, {
    ...chosen.values,
    changeLists: incremental ? incrementalChangeLists(input, incremental, reviewed, omitted, limits) : branchChangeLists(reviewed, omitted, limits),
    diffSection: diffSection(selection.included, selection.omitted.length, reviewed.diffBase),
  });
  return { prompt, filesWithoutDiff: selection.omitted.map((file) => file.path) };
}

/** The commits, files and diff under review, and the commit their diff starts from. */
type ReviewedChanges = Pick<ChangesSince, 'commits' | 'files' | 'additions' | 'deletions' | 'patch' | 'patchTruncated'> & { diffBase: string };

/** A full review: the branch's commits and changed files. */
function branchChangeLists(reviewed: ReviewedChanges, omitted: ReadonlySet<ChangedFile>, limits: ListLimits): string {
  return [
    `- ${plural(reviewed.commits.length, 'commit')} on the branch, oldest first:`,
    listCommits(reviewed.commits, limits.commits, reviewed.diffBase),
    `- ${plural(reviewed.files.length, 'file')} changed (+${reviewed.additions} / -${reviewed.deletions} lines):`,
    listFiles(reviewed.files, omitted, limits, reviewed.diffBase),
  ].join('\n');
}

/** An incremental review: the commits since the earlier round and their files, then the whole branch's files for orientation. */
function incrementalChangeLists(input: ReviewerPromptInput, incremental: IncrementalChanges, reviewed: ReviewedChanges, omitted: ReadonlySet<ChangedFile>, limits: ListLimits): string {
  const since = `round ${incremental.sinceRound}`;
  return [
    `- This is an incremental review: ${since} reviewed the branch at \`${incremental.sinceHead.slice(0, 12)}\`, and you review the`,
    `  ${plural(reviewed.commits.length, 'commit')} added since then.`,
    `- ${plural(reviewed.commits.length, 'commit')} since ${since}, oldest first:`,
    listCommits(reviewed.commits, limits.commits, reviewed.diffBase),
    `- ${plural(reviewed.files.length, 'file')} changed by them (+${reviewed.additions} / -${reviewed.deletions} lines):`,
    listFiles(reviewed.files, omitted, limits, reviewed.diffBase),
    `- For orientation, the ${plural(input.files.length, 'file')} the whole branch changes against \`${clip(inline(input.base), maxNameChars)}\` (+${input.additions} / -${input.deletions} lines;`,
    `  \`git diff --no-ext-diff ${input.mergeBase} HEAD -- <path>\` shows one):`,
    listFiles(input.files, new Set(), limits, input.mergeBase),
  ].join('\n');
}

function partFocus(part: NonNullable<ReviewerPromptOptions['part']>): string {
  return (
    `The branch changes ${plural(part.branchFiles, 'file')}, too many for one review, so it is reviewed in ${part.count} parts of related files, each by its own run. ` +
    `You review part ${part.index} of ${part.count}: the files listed below. Review only what they change (and what those changes break elsewhere); ` +
    'read the rest of the branch with git only as far as you need it to judge them: the other parts are reviewed without you.'
  );
}

function incrementalFocus(sinceRound: number): string {
  return (
    `Review only what the commits since round ${sinceRound} change (and what those changes break elsewhere). ` +
    'Earlier rounds reviewed the rest of the branch: read it for context, but do not review it again. ' +
    'Report a finding of an earlier round again only when these commits change its code or bring it back; ' +
    'one they leave alone stays open in the report without you.'
  );
}

/** Replaces every `{{name}}` in one pass, so values are never expanded again; unknown names throw. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Prompt template uses {{${name}}}, which has no value.`);
    return value;
  });
}

function listCommits(commits: readonly Commit[], limit: number, from: string): string {
  const shown = commits.slice(-limit).map((commit) => `  - ${commitLine(commit)}`);
  const hidden = commits.length - shown.length;
  return [...(hidden > 0 ? [`  - (${hidden} older commits not listed; see \`git log ${from}..HEAD\`)`] : []), ...shown].join('\n');
}

function commitLine(commit: Commit): string {
  return `${commit.hash} ${clip(inline(commit.subject), maxNameChars)}`;
}

const omittedMark = ' — diff not included below';

/** The changed files with their stats, as many as the limits allow; `omitted` ones are marked. */
function listFiles(files: readonly ChangedFile[], omitted: ReadonlySet<ChangedFile>, limits: ListLimits, diffBase: string): string {
  const lines: string[] = [];
  let bytes = 0;
  for (const file of files.slice(0, limits.files)) {
    const line = `  - ${fileName(file)} (${fileCounts(file)})`;
    // Counted with the mark, so the same files are listed whether or not their diff fits.
    bytes += Buffer.byteLength(line + omittedMark, 'utf8') + 1;
    if (bytes > limits.fileListBytes) break;
    lines.push(omitted.has(file) ? line + omittedMark : line);
  }
  const hidden = files.slice(lines.length);
  if (hidden.length > 0) {
    const hiddenWithoutDiff = hidden.filter((file) => omitted.has(file)).length;
    const which = hiddenWithoutDiff === 0 ? '' : hiddenWithoutDiff === hidden.length ? ', none of them with its diff below' : `, ${hiddenWithoutDiff} of them without their diff below`;
    lines.push(`  - … and ${hidden.length} more files${which} (list them with \`git diff --no-ext-diff --stat ${diffBase} HEAD\`)`);
  }
  return lines.join('\n');
}

function fileName(file: ChangedFile): string {
  const now = `\`${clip(inline(file.path), maxPathChars)}\``;
  return file.previousPath === null ? now : `\`${clip(inline(file.previousPath), maxPathChars)}\` → ${now}`;
}

function fileCounts(file: ChangedFile): string {
  return file.additions === null || file.deletions === null ? 'binary' : `+${file.additions} -${file.deletions}`;
}

function diffSection(included: string, omittedCount: number, diffBase: string): string {
  const parts = ['## The diff', ''];
  if (included !== '') {
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(included) + 1));
    parts.push(`\`git diff ${diffBase} HEAD\`${omittedCount > 0 ? ', for the files that fit here' : ''}:`, '', `${fence}diff`, included.trimEnd(), fence, '');
  }
  if (omittedCount > 0) {
    parts.push(
      `${omittedCount === 1 ? 'One changed file is' : `${omittedCount} changed files are`} not in this prompt (marked "diff not included" above, or counted in the line on files not listed). ` +
        `Read each of their diffs with \`git diff --no-ext-diff ${diffBase} HEAD -- <path>\` before you review it.`,
    );
  }
  return parts.join('\n').trimEnd();
}

/**
 * Round N: what changed since the last reviewed commit (in a full review; an incremental one lists those
 * commits as the change under review), and the earlier findings with their status.
 */
function earlierRoundsSection(input: ReviewerPromptInput, earlier: EarlierRounds, limits: ListLimits, incremental: boolean): string {
  const { previousRound } = earlier;
  const lines = ['', `## Earlier rounds`, '', `This is round ${previousRound.round + 1} of the review of this branch. Round ${previousRound.round} reviewed commit \`${previousRound.head.slice(0, 12)}\`.`];
  // An incremental review has the commits since then as the change under review, listed above.
  if (!incremental) lines.push(...commitsSinceLines(input, previousRound.head, limits));
  const shown = earlier.priorFindings.slice(0, limits.priorFindings);
  if (shown.length > 0) {
    lines.push(
      '',
      incremental
        ? 'Findings of earlier rounds and where they stand. An open one stays open in this round\'s report without you: report it again only if the new commits change its code (as it is now); report a fixed one again only if the new commits bring it back; do not report a declined one again unless the new commits change the code around it (its reason is given).'
        : 'Findings of earlier rounds and where they stand. Report an open one again only if it is still there; report a fixed one again only if it came back; do not report a declined one again unless the code around it changed (its reason is given).',
      '',
      ...shown.map((finding) => {
        const reason = finding.reason === null ? '' : ` — ${clip(inline(finding.reason), maxReasonChars)}`;
        return `  - [${finding.status}] ${finding.id} (round ${finding.round}, ${finding.severity}) \`${clip(inline(finding.path), maxPathChars)}:${finding.line}\` ${clip(inline(finding.title), maxNameChars)}${reason}`;
      }),
    );
    if (earlier.priorFindings.length > shown.length) lines.push(`  - … and ${earlier.priorFindings.length - shown.length} more`);
  }
  return `${lines.join('\n')}\n`;
}

/** In a full review of round N: the commits since the last reviewed one, or why the whole change is reviewed again. */
function commitsSinceLines(input: ReviewerPromptInput, previousHead: string, limits: ListLimits): string[] {
  const at = input.commits.findIndex((commit) => previousHead.startsWith(commit.hash));
  if (at === -1) return ['That commit is no longer on the branch (it was rewritten), so review the whole change again.'];
  const since = input.commits.slice(at + 1);
  if (since.length === 0) return ['No commits were added since; review the whole change again.'];
  return [
    `Commits since then (review what they change with \`git diff --no-ext-diff ${previousHead.slice(0, 12)} HEAD\`, and the rest of the branch as before):`,
    ...since.slice(-limits.commitsSincePrevious).map((commit) => `  - ${commitLine(commit)}`),
    ...(since.length > limits.commitsSincePrevious ? [`  - … and ${since.length - limits.commitsSincePrevious} earlier ones`] : []),
  ];
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/** Branch data on one line: names and subjects come from the branch and must not break the layout. */
export function inline(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** `text` shortened to `max` characters, the cut marked with an ellipsis (never splitting a surrogate pair). */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, cut)}…`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Findings written out as they are found survive a reviewer stopped at its budget (see progressiveFindings). */
const announceFindingsSection = [
  '## This review has a budget',
  '',
  'You may be stopped before you finish. As soon as you are sure of a finding, write it in your reply as one',
  `line: \`${progressiveFindingMarker}\` followed by the finding as one line of JSON, with the fields of a finding in`,
  'the answer below (`severity`, `title`, `body`, `file`, `startLine`, `endLine`, `snippet`, `fix`, `tags`). Then',
  'go on reviewing. Your final answer must still list every finding, these included.',
  '',
  '',
].join('\n');
