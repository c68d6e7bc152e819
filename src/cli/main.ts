import '../shared/zodSetup';
import { version as toolVersion } from '../../package.json';
import { ReviewError, describeError } from '../engine/errors';
import { createCommitFileReader } from '../engine/git/commitFileReader';
import { writeReportFiles } from '../engine/report/reportFiles';
import { checkReviewers, isReady } from '../engine/review/checkReviewers';
import { runReview } from '../engine/review/runReview';
import { formatChecks } from './formatChecks';
import { formatDuration, formatSeverityCounts } from '../shared/reportFormat';
import type { ReviewEvent } from '../shared/reviewEvents';
import { UsageError, parseCliArguments, usage } from './cliArguments';

async function main(): Promise<number> {
  let command;
  try {
    command = parseCliArguments(process.argv.slice(2), process.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`deep-review: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (command === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command.command === 'check') {
    const checks = await checkReviewers(command.reviewers);
    process.stdout.write(`${formatChecks(checks)}\n`);
    return checks.every(isReady) ? 0 : 1;
  }
  const abort = new AbortController();
  const onSignal = () => { abort.abort(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = (line: string) => {
    if (!command.quiet) process.stderr.write(`${line}\n`);
  };
  try {
    const report = await runReview({
      cwd: command.repo,
      baseBranch: command.base,
      reviewers: command.reviewers,
      consolidator: command.consolidator,
      pullRequestContext: command.pullRequest,
      signal: abort.signal,
      onLog: progress,
      onEvent: (event) => {
        const line = describeEvent(event);
        if (line) progress(line);
      },
    });
    // The review worktree is gone by now: SARIF fixes are placed against HEAD as git stores it.
    const readFileAtHead = createCommitFileReader(report.branch.repoRoot, report.branch.head);
    const files = await writeReportFiles(report, command.outDir, command.formats, { sarif: { readFileAtHead, toolVersion } });
    progress(`${report.verdict} — findings: ${formatSeverityCounts(report.findings)} in ${formatDuration(report.wallClockMs)}`);
    for (const file of files) process.stdout.write(`${file}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`deep-review: ${describeError(error)}\n`);
    return error instanceof ReviewError && error.code === 'cancelled' ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function describeEvent(event: ReviewEvent): string | null {
  switch (event.type) {
    case 'context-collected':
      return `Reviewing ${event.branch} against ${event.base}: ${event.commits} commit(s), ${event.files} file(s)`;
    case 'agent-started':
      return `${event.reviewerId}: started`;
    case 'agent-progress':
      return `${event.reviewerId}: ${event.toolCalls} tool call(s)${event.lastTool ? `, last ${event.lastTool}` : ''} (${formatDuration(event.elapsedMs)})`;
    case 'agent-finished':
      return `${event.reviewerId}: done — ${event.findings} finding(s) in ${formatDuration(event.durationMs)}`;
    case 'agent-failed':
      return `${event.reviewerId}: failed — ${event.error}`;
    case 'consolidating':
      return 'Consolidating findings…';
    case 'report-ready':
      return null;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`deep-review: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
