import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { reportFormats, type ReportFormat } from '../engine/report/reportFiles';
import { defaultConsolidator, defaultReviewers, describeConfigError, parseConsolidator, parseReviewers, type ReviewerConfig } from '../shared/reviewerConfig';

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
  quiet: boolean;
}

export interface CheckCommand {
  command: 'check';
  reviewers: ReviewerConfig[];
}

export const usage = `Usage: deep-review review [options]
       deep-review check [--reviewers JSON] [--consolidator JSON|off]

review  Reviews the current branch of a git repository with AI reviewer agents and writes the report.
check   Shows, for each reviewer and the consolidator, whether its CLI is installed (path, version) and can authenticate.

Options:
  --repo PATH        repository (or a folder inside it) to review   [default: current directory]
  --base BRANCH      base branch to compare with                     [default: the remote default branch, else main/master]
  --out DIR          where to write the report files                 [default: current directory]
  --format LIST      comma-separated report formats: md,json,sarif   [default: md,json]
  --reviewers JSON   reviewer list as JSON, or a path to a JSON file (same shape as the deepReview.reviewers setting)
  --consolidator JSON|off
                     the consolidating agent as JSON or a JSON file (same shape as deepReview.consolidator),
                     or "off" to report the reviewers' findings merged by location only   [default: Claude Code, opus, high]
  --no-pr            do not look up the pull request with gh
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
        consolidator: { type: 'string' },
        'no-pr': { type: 'boolean' },
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
  if (positionals.length === 1 && positionals[0] === 'check') {
    // A review needs the consolidator's CLI as much as the reviewers'.
    const consolidator = values.consolidator === undefined ? defaultConsolidator : parseConsolidatorOption(values.consolidator);
    return { command: 'check', reviewers: consolidator ? [...reviewers, consolidator] : reviewers };
  }
  if (positionals[0] !== 'review' || positionals.length > 1) throw new UsageError(positionals.length === 0 ? 'Missing command: review or check' : `Unknown command: ${positionals.join(' ')}`);
  return {
    command: 'review',
    repo: values.repo ?? cwd,
    base: values.base,
    outDir: values.out ?? cwd,
    formats: parseFormats(values.format ?? 'md,json'),
    reviewers,
    consolidator: values.consolidator === undefined ? defaultConsolidator : parseConsolidatorOption(values.consolidator),
    pullRequest: !(values['no-pr'] ?? false),
    quiet: values.quiet ?? false,
  };
}

function parseConsolidatorOption(value: string): ReviewerConfig | null {
  if (value.trim() === 'off') return null;
  const text = value.trimStart().startsWith('{') ? value : readFile(value, '--consolidator', 'a JSON object');
  try {
    const consolidator = parseConsolidator(JSON.parse(text));
    return consolidator.enabled ? consolidator : null;
  } catch (error) {
    throw new UsageError(`--consolidator is not a valid consolidator: ${describeConfigError(error)}`);
  }
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

function parseReviewerOption(value: string): ReviewerConfig[] {
  const text = value.trimStart().startsWith('[') ? value : readFile(value, '--reviewers', 'a JSON list');
  try {
    return parseReviewers(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`--reviewers is not a valid reviewer list: ${describeConfigError(error)}`);
  }
}

function readFile(path: string, option: string, shape: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${option}: cannot read ${path} (give ${shape} or a path to a JSON file)`);
  }
}
