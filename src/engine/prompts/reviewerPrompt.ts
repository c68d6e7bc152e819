import type { AgentCli } from '../../shared/reviewerConfig';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PriorFinding } from '../../shared/ledgerModel';
import type { BranchSummary, ChangedFile, Commit } from '../../shared/reportModel';
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
  const everyFile = new Set(input.files);
  let chosen: { limits: ListLimits; values: Record<string, string>; room: number } | undefined;
  for (const limits of listLimitSteps) {
    const values = {
      repoName: clip(inline(input.repoName), maxNameChars),
      branch: clip(inline(input.branch), maxNameChars),
      base: clip(inline(input.base), maxNameChars),
      head: input.head,
      mergeBase: input.mergeBase,
      commitCount: plural(input.commits.length, 'commit'),
      commits: listCommits(input, limits.commits),
      fileCount: plural(input.files.length, 'file'),
      additions: String(input.additions),
      deletions: String(input.deletions),
      tools: toolsByCli[options.cli ?? 'claude'],
      earlierRounds: options.earlier ? earlierRoundsSection(input, options.earlier, limits) : '',
    };
    // Every file marked as left out: the longest the list can get.
    const withoutDiff = fillTemplate(template, { ...values, files: listFiles(input, everyFile, limits), diffSection: '' });
    const room = maxPromptBytes - Buffer.byteLength(withoutDiff, 'utf8') - diffSectionReserveBytes;
    chosen = { limits, values, room };
    if (room >= Math.min(patchBudget, minDiffRoomBytes)) break;
  }
  if (!chosen) throw new Error('No prompt list limits are defined.');
  const budget = Math.max(0, Math.min(patchBudget, chosen.room));
  const selection = selectPatchSections(input.patch, input.patchTruncated, input.files, budget);
  const omitted = new Set(selection.omitted);
  const prompt = fillTemplate(template, {
    ...chosen.values,
    files: listFiles(input, omitted, chosen.limits),
    diffSection: diffSection(selection.included, selection.omitted.length, input.mergeBase),
  });
  return { prompt, filesWithoutDiff: selection.omitted.map((file) => file.path) };
}

/** Replaces every `{{name}}` in one pass, so values are never expanded again; unknown names throw. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Prompt template uses {{${name}}}, which has no value.`);
    return value;
  });
}

function listCommits(input: ReviewerPromptInput, limit: number): string {
  const shown = input.commits.slice(-limit).map((commit) => `  - ${commitLine(commit)}`);
  const hidden = input.commits.length - shown.length;
  return [...(hidden > 0 ? [`  - (${hidden} older commits not listed; see \`git log ${input.mergeBase}..HEAD\`)`] : []), ...shown].join('\n');
}

function commitLine(commit: Commit): string {
  return `${commit.hash} ${clip(inline(commit.subject), maxNameChars)}`;
}

const omittedMark = ' — diff not included below';

/** The changed files with their stats, as many as the limits allow; `omitted` ones are marked. */
function listFiles(input: ReviewerPromptInput, omitted: ReadonlySet<ChangedFile>, limits: ListLimits): string {
  const lines: string[] = [];
  let bytes = 0;
  for (const file of input.files.slice(0, limits.files)) {
    const line = `  - ${fileName(file)} (${fileCounts(file)})`;
    // Counted with the mark, so the same files are listed whether or not their diff fits.
    bytes += Buffer.byteLength(line + omittedMark, 'utf8') + 1;
    if (bytes > limits.fileListBytes) break;
    lines.push(omitted.has(file) ? line + omittedMark : line);
  }
  const hidden = input.files.slice(lines.length);
  if (hidden.length > 0) {
    const hiddenWithoutDiff = hidden.filter((file) => omitted.has(file)).length;
    const which = hiddenWithoutDiff === 0 ? '' : hiddenWithoutDiff === hidden.length ? ', none of them with its diff below' : `, ${hiddenWithoutDiff} of them without their diff below`;
    lines.push(`  - … and ${hidden.length} more files${which} (list them with \`git diff --no-ext-diff --stat ${input.mergeBase} HEAD\`)`);
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

function diffSection(included: string, omittedCount: number, mergeBase: string): string {
  const parts = ['## The diff', ''];
  if (included !== '') {
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(included) + 1));
    parts.push(`\`git diff ${mergeBase} HEAD\`${omittedCount > 0 ? ', for the files that fit here' : ''}:`, '', `${fence}diff`, included.trimEnd(), fence, '');
  }
  if (omittedCount > 0) {
    parts.push(
      `${omittedCount === 1 ? 'One changed file is' : `${omittedCount} changed files are`} not in this prompt (marked "diff not included" above, or counted in the line on files not listed). ` +
        `Read each of their diffs with \`git diff --no-ext-diff ${mergeBase} HEAD -- <path>\` before you review it.`,
    );
  }
  return parts.join('\n').trimEnd();
}

/** Round N: what changed since the last reviewed commit, and the earlier findings with their status. */
function earlierRoundsSection(input: ReviewerPromptInput, earlier: EarlierRounds, limits: ListLimits): string {
  const { previousRound } = earlier;
  const at = input.commits.findIndex((commit) => previousRound.head.startsWith(commit.hash));
  const since = at === -1 ? null : input.commits.slice(at + 1);
  const lines = ['', `## Earlier rounds`, '', `This is round ${previousRound.round + 1} of the review of this branch. Round ${previousRound.round} reviewed commit \`${previousRound.head.slice(0, 12)}\`.`];
  if (since === null) {
    lines.push('That commit is no longer on the branch (it was rewritten), so review the whole change again.');
  } else if (since.length === 0) {
    lines.push('No commits were added since; review the whole change again.');
  } else {
    lines.push(`Commits since then (review what they change with \`git diff --no-ext-diff ${previousRound.head.slice(0, 12)} HEAD\`, and the rest of the branch as before):`);
    lines.push(...since.slice(-limits.commitsSincePrevious).map((commit) => `  - ${commitLine(commit)}`));
    if (since.length > limits.commitsSincePrevious) lines.push(`  - … and ${since.length - limits.commitsSincePrevious} earlier ones`);
  }
  const shown = earlier.priorFindings.slice(0, limits.priorFindings);
  if (shown.length > 0) {
    lines.push(
      '',
      'Findings of earlier rounds and where they stand. Report an open one again only if it is still there; report a fixed one again only if it came back; do not report a declined one again unless the code around it changed (its reason is given).',
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
