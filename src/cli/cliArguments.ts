import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultInlineCommentBudget } from '../engine/github/inlineReview';
import { reportFormats, type ReportFormat } from '../engine/report/reportFiles';
import { failOnLevels, type FailOn } from './failOn';
import { progressModes, type ProgressMode } from './progressOutput';
import { programSettingsInFileProblem } from './repositoryAgentFiles';
import { defaultVerifyTimeoutSeconds, type VerifyCommand } from '../shared/fixVerification';
import type { ScopeRequest } from '../shared/reviewScope';
import { defaultConsolidator, defaultReviewers, describeConfigError, parseConsolidator, parseReviewers, type AgentCli, type ReviewerConfig } from '../shared/reviewerConfig';

export interface ReviewCommand {
  command: 'review';
  repo: string;
  base: string | undefined;
  outDir: string;
  formats: ReportFormat[];
  reviewers: ReviewerConfig[];
  /** Null: the report is made from the reviewers' findings alone. */
  consolidator: ReviewerConfig | null;
  /** Look up the pull request with `gh`. */
  pullRequest: boolean;
  progress: ProgressMode;
  /** Exit 3 when the report has a finding at or above this severity. */
  failOn: FailOn;
  /** The review's wall-clock budget in minutes; null: each agent's own timeout only. */
  budgetMinutes: number | null;
  /** The review's spend budget in US dollars (enforced for Claude Code, which reports its cost); null: none. */
  budgetUsd: number | null;
  /** Create or update the report comment on the branch's pull request. */
  prComment: boolean;
  /** Post the findings on the diff's lines as a pull-request review (at most this many of our threads open); null: no inline review. */
  prReview: { budget: number } | null;
  /** full: review the whole branch even when only commits since its last round could be reviewed. */
  scope: ScopeRequest;
  /** Run this check with each fix applied in a scratch worktree; null: fixes are not verified. */
  verifyCommand: VerifyCommand | null;
}

export interface CheckCommand {
  command: 'check';
  reviewers: ReviewerConfig[];
  /** Whose review history gives the reviewers' track records. */
  repo: string;
}

/** The agent CLIs a review with these reviewers and consolidator runs (for installing them in CI). */
export interface ClisCommand {
  command: 'clis';
  clis: AgentCli[];
}

/** Runs the language server over stdin/stdout, for editors other than VS Code (docs/editors.md). */
export interface LspCommand {
  command: 'lsp';
}

export const usage = `Usage: deep-review review [options]
       deep-review check [--reviewers JSON] [--consolidator JSON|off]
       deep-review clis [--reviewers JSON] [--consolidator JSON|off]
       deep-review lsp --stdio

review  Reviews the current branch of a git repository with AI reviewer agents and writes the report.
check   Shows, for each reviewer and the consolidator, whether its CLI is installed (path, version) and can authenticate.
clis    Prints the agent CLIs (claude, codex, gemini) the enabled reviewers and the consolidator use, one per line.
lsp     Runs the language server (the one the VS Code extension uses) over stdin/stdout, for any LSP editor;
        its settings come from the editor (see docs/editors.md).

Options:
  --repo PATH        repository (or a folder inside it) to review   [default: current directory]
  --base BRANCH      base branch to compare with                     [default: the remote default branch, else main/master]
  --out DIR          where to write the report files                 [default: current directory]
  --format LIST      comma-separated report formats: md,json,sarif   [default: md,json]
  --reviewers JSON   reviewer list as JSON, or a path to a JSON file (same shape as the deepReview.reviewers setting)
                     in CI (CI=true), a file may not set command, args, baseUrl or apiKeyEnv: pass those inline
  --consolidator JSON|off
                     the consolidating agent as JSON or a JSON file (same shape as deepReview.consolidator),
                     or "off" to report the reviewers' findings merged by location only   [default: Claude Code, opus, high]
  --no-pr            do not look up the pull request with gh
  --full             review the whole branch; without it, a branch reviewed before that has only gained
                     commits since is reviewed incrementally: the new commits, plus the findings still open
  --fail-on LEVEL    critical|important|suggestion|never: exit 3 when the report has a finding
                     of that severity or higher                      [default: never]
  --budget-minutes N time budget of the whole review: reviewers get 75% of it (the consolidator the rest); a
                     reviewer stopped at its share keeps the findings it had announced, marked partial
  --budget-usd N     spend budget of the whole review in US dollars, shared the same way; enforced for
                     Claude Code (--max-budget-usd), the only CLI that reports its cost
  --verify-command CMD
                     verify fixes: run CMD (a shell command, e.g. "npm test") at the reviewed commit and then once
                     per fix with that fix applied, in a scratch worktree; runs the branch's code, so only for
                     branches you would build yourself
  --verify-timeout S stop each run of --verify-command after S seconds   [default: ${defaultVerifyTimeoutSeconds}]
  --verify-network   let --verify-command use the network (on Linux it runs in a sandbox without one)
  --progress MODE    text|json|none: progress on stderr as lines of text, one JSON object per line, or nothing
                                                                     [default: text]
  --quiet            same as --progress none
  --pr-comment       create or update one comment with the report on the branch's pull request (with gh);
                     it carries the branch's review history to the next run, e.g. on a fresh CI clone
  --pr-review        post the findings on changed lines as one pull-request review per round (with gh), with
                     a suggested change where the fix lies in the comment's lines; later rounds resolve the
                     threads of fixed findings and never post a finding twice
  --pr-review-budget N
                     at most N of Deep Review's review threads open at once, most severe first   [default: ${defaultInlineCommentBudget}]
  -h, --help         show this help

Exit codes: 0 report written, 1 review failed, 2 bad arguments, 3 report written with a finding at or
above --fail-on, 130 cancelled. review, check and clis never prompt and never read stdin (lsp speaks LSP on it).`;

export class UsageError extends Error {}

/** Parses `deep-review review …`; throws UsageError with a message for the user on bad input. */
export function parseCliArguments(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): ReviewCommand | CheckCommand | ClisCommand | LspCommand | 'help' {
  if (argv[0] === 'lsp') {
    // stdio is the one transport: the editor starts the server as its child process.
    if (argv.length !== 2 || argv[1] !== '--stdio') throw new UsageError('lsp takes exactly --stdio: the editor starts "deep-review lsp --stdio" and speaks LSP over its stdin and stdout');
    return { command: 'lsp' };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        repo: { type: 'string' },
        base: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        reviewers: { type: 'string' },
        consolidator: { type: 'string' },
        'no-pr': { type: 'boolean' },
        'fail-on': { type: 'string' },
        'budget-minutes': { type: 'string' },
        'budget-usd': { type: 'string' },
        progress: { type: 'string' },
        quiet: { type: 'boolean' },
        'pr-comment': { type: 'boolean' },
        'pr-review': { type: 'boolean' },
        'pr-review-budget': { type: 'string' },
        full: { type: 'boolean' },
        'verify-command': { type: 'string' },
        'verify-timeout': { type: 'string' },
        'verify-network': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const reviewers = values.reviewers === undefined ? [...defaultReviewers] : parseReviewerOption(values.reviewers, env);
  const parseConsolidatorOption = (value: string): ReviewerConfig | null => parseConsolidatorValue(value, env);
  if (positionals.length === 1 && positionals[0] === 'check') {
    // A review needs the consolidator's CLI as much as the reviewers'.
    const consolidator = values.consolidator === undefined ? defaultConsolidator : parseConsolidatorOption(values.consolidator);
    return { command: 'check', reviewers: consolidator ? [...reviewers, consolidator] : reviewers, repo: values.repo ?? cwd };
  }
  if (positionals.length === 1 && positionals[0] === 'clis') {
    const consolidator = values.consolidator === undefined ? defaultConsolidator : parseConsolidatorOption(values.consolidator);
    const agents = [...reviewers, ...(consolidator ? [consolidator] : [])].filter((agent) => agent.enabled);
    return { command: 'clis', clis: [...new Set(agents.map((agent) => agent.cli))] };
  }
  if (positionals[0] !== 'review' || positionals.length > 1) throw new UsageError(positionals.length === 0 ? 'Missing command: review, check or clis' : `Unknown command: ${positionals.join(' ')}`);
  return {
    command: 'review',
    repo: values.repo ?? cwd,
    base: values.base,
    outDir: values.out ?? cwd,
    formats: parseFormats(values.format ?? 'md,json'),
    reviewers,
    consolidator: values.consolidator === undefined ? defaultConsolidator : parseConsolidatorOption(values.consolidator),
    pullRequest: !(values['no-pr'] ?? false),
    progress: parseProgress(values.progress, values.quiet ?? false),
    failOn: parseChoice(values['fail-on'] ?? 'never', failOnLevels, '--fail-on'),
    budgetMinutes: values['budget-minutes'] === undefined ? null : parseBudget(values['budget-minutes']),
    budgetUsd: values['budget-usd'] === undefined ? null : parseSpend(values['budget-usd']),
    prComment: values['pr-comment'] ?? false,
    prReview: parsePrReview(values['pr-review'] ?? false, values['pr-review-budget']),
    scope: values.full ? 'full' : 'auto',
    verifyCommand: parseVerifyCommand(values['verify-command'], values['verify-timeout'], values['verify-network'] ?? false),
  };
}

function parseVerifyCommand(command: string | undefined, timeout: string | undefined, network: boolean): VerifyCommand | null {
  if (command === undefined) {
    if (timeout !== undefined) throw new UsageError('--verify-timeout goes with --verify-command');
    if (network) throw new UsageError('--verify-network goes with --verify-command');
    return null;
  }
  if (command.trim() === '') throw new UsageError('--verify-command takes a shell command, e.g. --verify-command "npm test"');
  const seconds = timeout === undefined ? defaultVerifyTimeoutSeconds : Number(timeout);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) throw new UsageError(`--verify-timeout takes a whole number of seconds from 1 to 86400, got "${timeout ?? ''}"`);
  return network ? { command: command.trim(), timeoutSeconds: seconds, network } : { command: command.trim(), timeoutSeconds: seconds };
}

function parsePrReview(enabled: boolean, budget: string | undefined): ReviewCommand['prReview'] {
  if (!enabled) {
    if (budget !== undefined) throw new UsageError('--pr-review-budget goes with --pr-review');
    return null;
  }
  const count = budget === undefined ? defaultInlineCommentBudget : Number(budget);
  if (budget?.trim() === '' || !Number.isInteger(count) || count < 0 || count > 1000) throw new UsageError(`--pr-review-budget takes a whole number from 0 to 1000, got "${budget ?? ''}"`);
  return { budget: count };
}

function parseProgress(value: string | undefined, quiet: boolean): ProgressMode {
  if (quiet && value !== undefined && value !== 'none') throw new UsageError(`--quiet means --progress none; it cannot go with --progress ${value}`);
  return quiet ? 'none' : parseChoice(value ?? 'text', progressModes, '--progress');
}

function parseChoice<T extends string>(value: string, choices: readonly T[], option: string): T {
  const found = choices.find((choice) => choice === value.trim());
  if (found === undefined) throw new UsageError(`${option} takes ${choices.join(', ')}, got "${value}"`);
  return found;
}

function parseBudget(value: string): number {
  const minutes = Number(value);
  if (value.trim() === '' || !Number.isFinite(minutes) || minutes <= 0) throw new UsageError(`--budget-minutes takes a positive number of minutes, got "${value}"`);
  return minutes;
}

function parseSpend(value: string): number {
  const usd = Number(value);
  if (value.trim() === '' || !Number.isFinite(usd) || usd <= 0 || usd > 100_000) throw new UsageError(`--budget-usd takes a positive amount of US dollars, got "${value}"`);
  return usd;
}

function parseConsolidatorValue(value: string, env: NodeJS.ProcessEnv): ReviewerConfig | null {
  if (value.trim() === 'off') return null;
  const inline = value.trimStart().startsWith('{');
  const text = inline ? value : readFile(value, '--consolidator', 'a JSON object');
  let consolidator;
  try {
    consolidator = parseConsolidator(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`--consolidator is not a valid consolidator: ${describeConfigError(error)}`);
  }
  const problem = inline ? null : programSettingsInFileProblem([consolidator], '--consolidator', value, env);
  if (problem !== null) throw new UsageError(problem);
  return consolidator.enabled ? consolidator : null;
}

function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((format) => format.trim()).filter(Boolean);
  if (formats.length === 0 || !formats.every(isReportFormat)) {
    throw new UsageError(`--format takes md and/or json and/or sarif, comma-separated, got "${value}"`);
  }
  return [...new Set(formats)];
}

function isReportFormat(value: string): value is ReportFormat {
  return (reportFormats as readonly string[]).includes(value);
}

function parseReviewerOption(value: string, env: NodeJS.ProcessEnv): ReviewerConfig[] {
  const inline = value.trimStart().startsWith('[');
  const text = inline ? value : readFile(value, '--reviewers', 'a JSON list');
  let reviewers;
  try {
    reviewers = parseReviewers(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`--reviewers is not a valid reviewer list: ${describeConfigError(error)}`);
  }
  const problem = inline ? null : programSettingsInFileProblem(reviewers, '--reviewers', value, env);
  if (problem !== null) throw new UsageError(problem);
  return reviewers;
}

function readFile(path: string, option: string, shape: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${option}: cannot read ${path} (give ${shape} or a path to a JSON file)`);
  }
}
