import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultReviewers, parseReviewers, type ReviewerConfig } from '../shared/reviewerConfig';

export type ReportFormat = 'md' | 'json';

export interface ReviewCommand {
  command: 'review';
  repo: string;
  base: string | undefined;
  outDir: string;
  formats: ReportFormat[];
  reviewers: ReviewerConfig[];
  quiet: boolean;
}

export interface CheckCommand {
  command: 'check';
  reviewers: ReviewerConfig[];
}

export const usage = `Usage: deep-review review [options]
       deep-review check [--reviewers JSON]

review  Reviews the current branch of a git repository with AI reviewer agents and writes the report.
check   Shows, for each reviewer, whether its CLI is installed (path, version) and can authenticate.

Options:
  --repo PATH        repository (or a folder inside it) to review   [default: current directory]
  --base BRANCH      base branch to compare with                     [default: the remote default branch, else main/master]
  --out DIR          where to write the report files                 [default: current directory]
  --format LIST      comma-separated report formats: md,json         [default: md,json]
  --reviewers JSON   reviewer list as JSON, or a path to a JSON file (same shape as the deepReview.reviewers setting)
  --quiet            no progress on stderr
  -h, --help         show this help`;

export class UsageError extends Error {}

/** Parses `deep-review review …`; throws UsageError with a message for the user on bad input. */
export function parseCliArguments(argv: string[], cwd: string): ReviewCommand | CheckCommand | 'help' {
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
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const reviewers = values.reviewers === undefined ? [...defaultReviewers] : parseReviewerOption(values.reviewers);
  if (positionals.length === 1 && positionals[0] === 'check') return { command: 'check', reviewers };
  if (positionals[0] !== 'review' || positionals.length > 1) throw new UsageError(positionals.length === 0 ? 'Missing command: review or check' : `Unknown command: ${positionals.join(' ')}`);
  return {
    command: 'review',
    repo: values.repo ?? cwd,
    base: values.base,
    outDir: values.out ?? cwd,
    formats: parseFormats(values.format ?? 'md,json'),
    reviewers,
    quiet: values.quiet ?? false,
  };
}

function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((format) => format.trim()).filter(Boolean);
  const unknown = formats.filter((format) => format !== 'md' && format !== 'json');
  if (unknown.length > 0 || formats.length === 0) throw new UsageError(`--format takes md and/or json, got "${value}"`);
  return [...new Set(formats)] as ReportFormat[];
}

function parseReviewerOption(value: string): ReviewerConfig[] {
  const text = value.trimStart().startsWith('[') ? value : readFile(value);
  try {
    return parseReviewers(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`--reviewers is not a valid reviewer list: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readFile(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--reviewers: cannot read ${path} (give a JSON list or a path to a JSON file)`);
  }
}
