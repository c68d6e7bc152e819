import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type WorkDoneProgressReporter } from 'vscode-languageserver';
import { reviewParamsSchema, type ReviewParams, type ReviewResult } from '../shared/protocol';
import { hasBudget } from '../shared/reviewBudget';
import { ReviewError, describeError } from '../engine/errors';
import type { ReviewFailureData } from '../shared/reviewerProblem';
import { writeReportFiles } from '../engine/report/reportFiles';
import { runReview } from '../engine/review/runReview';
import type { FindingStore } from './findingStore';
import { statusesOfNewReport } from './reviewHistory';
import { ReviewProgressText } from './reviewProgress';

/** Serves deepReview/review: one review at a time, with cancellable work-done progress. */
export class ReviewHandler {
  private running: { abort: AbortController; settled: Promise<unknown> } | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly store: FindingStore,
  ) {}

  /** `progress`: one the server created (a client that sent no work-done token); else the params' token's. */
  handle(rawParams: unknown, token: CancellationToken, progress?: WorkDoneProgressReporter): Promise<ReviewResult> {
    const parsed = reviewParamsSchema.safeParse(rawParams);
    if (!parsed.success) return Promise.reject(new ResponseError(ErrorCodes.InvalidParams, `Invalid deepReview/review parameters: ${parsed.error.message}`));
    if (this.running) return Promise.reject(new ResponseError(ErrorCodes.InvalidRequest, 'A review is already running. Wait for it to finish or cancel it.'));
    const abort = new AbortController();
    const review = this.run(parsed.data, token, abort, progress);
    this.running = { abort, settled: review.catch(() => undefined) };
    return review;
  }

  /** Cancels the running review, if any, and waits until its agents are stopped and its worktree removed. */
  async cancelRunning(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.abort.abort();
    await running.settled;
  }

  private async run(params: ReviewParams, token: CancellationToken, abort: AbortController, given: WorkDoneProgressReporter | undefined): Promise<ReviewResult> {
    const cancellation = token.onCancellationRequested(() => { abort.abort(); });
    const progress = given ?? this.connection.window.attachWorkDoneProgress(params.workDoneToken);
    const text = new ReviewProgressText(params.reviewers.filter((reviewer) => reviewer.enabled).map((reviewer) => reviewer.id), Date.now, hasBudget(params.budget) ? params.budget : null);
    progress.begin('Deep Review', undefined, text.text(), true);
    const ticker = setInterval(() => { progress.report(text.text()); }, 1000);
    try {
      const report = await runReview({
        cwd: params.cwd,
        baseBranch: params.baseBranch ?? undefined,
        reviewers: params.reviewers,
        consolidator: params.consolidator,
        verifyCommand: params.verifyCommand ?? null,
        budget: params.budget ?? null,
        ...(params.contextLines === undefined ? {} : { contextLines: params.contextLines }),
        scope: params.scope ?? 'auto',
        apiKeys: params.apiKeys,
        signal: abort.signal,
        onLog: (line) => {
          this.connection.console.log(`[review] ${line}`);
        },
        onAgentStderr: (agentId, line) => {
          if (line.trim() !== '') this.connection.console.debug(`[${agentId} stderr] ${line}`);
        },
        onEvent: (event) => {
          if (event.type !== 'report-ready') this.connection.console.debug(`[review] ${JSON.stringify(event)}`);
          progress.report(text.apply(event));
        },
      });
      await this.store.replace(report, await statusesOfNewReport(report));
      const reportFiles = params.outDir ? await writeReportFiles(report, params.outDir, ['md', 'json']) : [];
      return { report, statuses: this.store.currentStatuses, reportFiles };
    } catch (error) {
      if (abort.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The review was cancelled.');
      this.connection.console.error(`[review] failed: ${describeError(error)}`);
      const code = error instanceof ReviewError ? error.code : 'internal';
      const data: ReviewFailureData = { code, ...(error instanceof ReviewError && error.problems ? { problems: [...error.problems] } : {}) };
      throw new ResponseError(ErrorCodes.InternalError, describeError(error), data);
    } finally {
      clearInterval(ticker);
      cancellation.dispose();
      progress.done();
      this.running = null;
    }
  }
}
