import type { AgentCli } from '../../shared/reviewerConfig';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PriorFinding } from '../../shared/ledgerModel';
import type { BranchSummary, ChangedFile } from '../../shared/reportModel';
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
const maxListedCommits = 100;
const maxListedFiles = 300;

/** The reviewer prompt for a branch, from prompts/reviewer.md. */
export function renderReviewerPrompt(input: ReviewerPromptInput, options: ReviewerPromptOptions = {}): string {
  const template = readFileSync(path.join(options.promptsDir ?? findPromptsDir(), 'reviewer.md'), 'utf8');
  const values = {
    repoName: inline(input.repoName),
    branch: inline(input.branch),
    base: inline(input.base),
    head: input.head,
    mergeBase: input.mergeBase,
    commitCount: plural(input.commits.length, 'commit'),
    commits: listCommits(input),
    fileCount: plural(input.files.length, 'file'),
    additions: String(input.additions),
    deletions: String(input.deletions),
    tools: toolsByCli[options.cli ?? 'claude'],
    earlierRounds: options.earlier ? earlierRoundsSection(input, options.earlier) : '',
  };
  const withoutDiff = fillTemplate(template, { ...values, files: listFiles(input.files, new Set()), diffSection: '' });
  const room = (options.maxPromptBytes ?? defaultMaxPromptBytes) - Buffer.byteLength(withoutDiff, 'utf8') - 2_000;
  const budget = Math.max(0, Math.min(options.patchBudgetBytes ?? defaultPatchBudgetBytes, room));
  const selection = selectPatchSections(input.patch, input.patchTruncated, input.files, budget);
  return fillTemplate(template, {
    ...values,
    files: listFiles(input.files, new Set(selection.omitted)),
    diffSection: diffSection(selection.included, selection.omitted.length, input.mergeBase),
  });
}

/** Replaces every `{{name}}` in one pass, so values are never expanded again; unknown names throw. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Prompt template uses {{${name}}}, which has no value.`);
    return value;
  });
}

function listCommits(input: ReviewerPromptInput): string {
  const shown = input.commits.slice(-maxListedCommits).map((commit) => `  - ${commit.hash} ${inline(commit.subject)}`);
  const hidden = input.commits.length - shown.length;
  return [...(hidden > 0 ? [`  - (${hidden} older commits not listed; see \`git log ${input.mergeBase}..HEAD\`)`] : []), ...shown].join('\n');
}

function listFiles(files: readonly ChangedFile[], omitted: ReadonlySet<ChangedFile>): string {
  const lines = files.slice(0, maxListedFiles).map((file) => {
    const counts = file.additions === null || file.deletions === null ? 'binary' : `+${file.additions} -${file.deletions}`;
    const name = file.previousPath === null ? `\`${inline(file.path)}\`` : `\`${inline(file.previousPath)}\` → \`${inline(file.path)}\``;
    return `  - ${name} (${counts})${omitted.has(file) ? ' — diff not included below' : ''}`;
  });
  const hidden = files.length - lines.length;
  if (hidden > 0) lines.push(`  - … and ${hidden} more files (see \`git diff --no-ext-diff --stat\` against the merge-base)`);
  return lines.join('\n');
}

function diffSection(included: string, omittedCount: number, mergeBase: string): string {
  const parts = ['## The diff', ''];
  if (included !== '') {
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(included) + 1));
    parts.push(`\`git diff ${mergeBase} HEAD\`${omittedCount > 0 ? ', for the files that fit here' : ''}:`, '', `${fence}diff`, included.trimEnd(), fence, '');
  }
  if (omittedCount > 0) {
    parts.push(
      `${omittedCount === 1 ? 'One changed file is' : `${omittedCount} changed files are`} not in this prompt (marked "diff not included" above). ` +
        `Read each of their diffs with \`git diff --no-ext-diff ${mergeBase} HEAD -- <path>\` before you review it.`,
    );
  }
  return parts.join('\n').trimEnd();
}

const maxListedPriorFindings = 60;

/** Round N: what changed since the last reviewed commit, and the earlier findings with their status. */
function earlierRoundsSection(input: ReviewerPromptInput, earlier: EarlierRounds): string {
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
    lines.push(...since.map((commit) => `  - ${commit.hash} ${inline(commit.subject)}`));
  }
  const shown = earlier.priorFindings.slice(0, maxListedPriorFindings);
  if (shown.length > 0) {
    lines.push(
      '',
      'Findings of earlier rounds and where they stand. Report an open one again only if it is still there; report a fixed one again only if it came back; do not report a declined one again unless the code around it changed (its reason is given).',
      '',
      ...shown.map((finding) => {
        const reason = finding.reason === null ? '' : ` — ${inline(finding.reason)}`;
        return `  - [${finding.status}] ${finding.id} (round ${finding.round}, ${finding.severity}) \`${inline(finding.path)}:${finding.line}\` ${inline(finding.title)}${reason}`;
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

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
