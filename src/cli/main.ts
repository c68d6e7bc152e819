import { unsandboxedNote } from '../engine/sandbox/sandboxSupport';
import '../shared/zodSetup';
import { version as toolVersion } from '../../package.json';
import { ReviewError, describeError } from '../engine/errors';
import { createCommitFileReader } from '../engine/git/commitFileReader';
import type { MarkdownReportOptions } from '../engine/report/markdownReport';
import { writeReportFiles } from '../engine/report/reportFiles';
import { fixPaths } from '../engine/report/sarifFixes';
import { checkReviewers, isReady } from '../engine/review/checkReviewers';
import { defaultRunners } from '../engine/review/runnerRegistry';
import { runReview } from '../engine/review/runReview';
import { formatDuration, formatSeverityCounts } from '../shared/reportFormat';
import type { ReviewReport } from '../shared/reportModel';
import { UsageError, parseCliArguments, usage, type ReviewCommand } from './cliArguments';
import { exitCodes } from './exitCodes';
import { describeThreshold, findingsAtOrAbove } from './failOn';
import { formatChecks } from './formatChecks';
import { preparePrComment, publishPrComment } from './prCommentFlow';
import { publishPrReview } from './prReviewFlow';
import { createProgressOutput } from './progressOutput';

async function main(): Promise<number> {
  let command;
  try {
    command = parseCliArguments(process.argv.slice(2), process.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`deep-review: ${error.message}\n\n${usage}\n`);
    return exitCodes.usage;
  }
  if (command === 'help') {
    process.stdout.write(`${usage}\n`);
    return exitCodes.ok;
  }
  if (command.command === 'clis') {
    process.stdout.write(command.clis.map((cli) => `${cli}\n`).join(''));
    return exitCodes.ok;
  }
  if (command.command === 'lsp') {
    // The server reads --stdio from process.argv and answers on stdout; it exits when the editor tells it to.
    await import('../server/server.js');
    return new Promise<number>(() => undefined);
  }
  if (command.command === 'check') {
    const checks = await checkReviewers(command.reviewers, process.env, defaultRunners(), { repoPath: command.repo });
    process.stdout.write(`${formatChecks(checks)}\n`);
    return checks.every(isReady) ? exitCodes.ok : exitCodes.reviewFailed;
  }
  return review(command);
}

async function review(command: ReviewCommand): Promise<number> {
  const abort = new AbortController();
  const onSignal = () => { abort.abort(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = createProgressOutput(command.progress, (line) => process.stderr.write(`${line}\n`));
  const flow = { signal: abort.signal, log: (message: string) => { progress.log(message); }, env: process.env };
  const unsandboxed = unsandboxedNote();
  if (unsandboxed !== null) process.stderr.write(`deep-review: warning: ${unsandboxed}\n`);
  try {
    const prComment = command.prComment ? await preparePrComment(command.repo, flow) : null;
    const report = await runReview({
      cwd: command.repo,
      baseBranch: command.base,
      reviewers: command.reviewers,
      consolidator: command.consolidator,
      budget: { minutes: command.budgetMinutes, usd: command.budgetUsd },
      pullRequestContext: command.pullRequest,
      scope: command.scope,
      signal: abort.signal,
      onLog: flow.log,
      onEvent: (event) => { progress.event(event); },
      verifyCommand: command.verifyCommand,
    });
    // The review worktree is gone by now: SARIF fixes are placed against HEAD as git stores it.
    const readFileAtHead = createCommitFileReader(report.branch.repoRoot, report.branch.head);
    const files = await writeReportFiles(report, command.outDir, command.formats, { sarif: { readFileAtHead, toolVersion }, markdown: await markdownAtHead(report, readFileAtHead) });
    progress.log(`${report.verdict} — findings: ${formatSeverityCounts(report.findings)} in ${formatDuration(report.wallClockMs)}`);
    for (const file of files) process.stdout.write(`${file}\n`);
    if (prComment) await publishPrComment(prComment, report, flow);
    if (command.prReview) await publishPrReview(report, command.prReview.budget, flow);
    if (command.failOn === 'never') return exitCodes.ok;
    const failing = findingsAtOrAbove(report, command.failOn);
    if (failing.length === 0) return exitCodes.ok;
    progress.log(`Failing: ${describeThreshold(command.failOn, failing.length)} — ${failing.map((finding) => finding.id).join(', ')}`);
    return exitCodes.findingsAtThreshold;
  } catch (error) {
    progress.error(describeError(error));
    return error instanceof ReviewError && error.code === 'cancelled' ? exitCodes.cancelled : exitCodes.reviewFailed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Fix diffs in the Markdown report carry the real line numbers of the files at the reviewed commit. */
async function markdownAtHead(report: ReviewReport, readFileAtHead: (path: string) => Promise<string | null>): Promise<MarkdownReportOptions> {
  const paths = fixPaths(report.findings);
  const texts = new Map(await Promise.all(paths.map(async (path) => [path, await readFileAtHead(path).catch(() => null)] as const)));
  return { headText: (path) => texts.get(path) ?? null };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`deep-review: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = exitCodes.reviewFailed;
  },
);
