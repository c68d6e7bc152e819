import * as vscode from 'vscode';
import { ResponseError } from 'vscode-languageclient/node';
import type { ReviewReport } from '../shared/reportModel';
import { cliDisplayName } from '../shared/reviewerConfig';
import { reviewFailureDataSchema, type ReviewerProblem } from '../shared/reviewerProblem';

const scheme = 'deep-review-problems';
const documentUri = vscode.Uri.from({ scheme, path: '/Problems with Reviewers.md' });

/** One reviewer that did not finish, as the view lists it. */
interface ListedProblem {
  reviewerId: string;
  title: string;
  summary: string;
  detail: string;
}

const categoryTitle: Record<ReviewerProblem['category'], string> = {
  auth: 'not signed in',
  network: 'cannot reach the model API',
  quota: 'usage or rate limit',
  'model-not-found': 'model not found',
  other: 'failed',
};

/**
 * "Deep Review: Show Problems with Reviewers": what stopped each reviewer of the last review, in full.
 * Notifications carry one line per reviewer; the detail (what the CLI said, how to fix it) is here and in the log.
 */
export class ReviewerProblemsView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private problems: ListedProblem[] = [];
  private reviewedAt: Date | null = null;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  /** A review that ended without any reviewer's answer. */
  recordFailure(problems: readonly ReviewerProblem[]): void {
    this.set(problems.map((problem) => ({ reviewerId: problem.reviewerId, title: `${cliDisplayName[problem.cli]} (${problem.model}): ${categoryTitle[problem.category]}`, summary: problem.summary, detail: problem.detail })));
  }

  /** A finished review: the reviewers that failed in it (none when all answered). */
  recordReport(report: ReviewReport): void {
    const failed = report.reviewers.filter((run) => run.status === 'failed');
    this.set(failed.map((run) => ({ reviewerId: run.reviewerId, title: `${cliDisplayName[run.cli]} (${run.model}): failed`, summary: run.error ?? 'failed', detail: run.error ?? '' })));
  }

  async show(): Promise<void> {
    const document = await vscode.workspace.openTextDocument(documentUri);
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: true });
  }

  /** The failed review's notification: one short line per reviewer, the details in the log and the view. */
  notifyFailure(problems: readonly ReviewerProblem[]): void {
    this.recordFailure(problems);
    for (const problem of problems) this.log.error(`[${problem.reviewerId}] ${problem.category}: ${problem.detail}`);
    const lines = problems.map((problem) => problem.summary).join(' · ');
    void vscode.window.showErrorMessage(`Deep Review: no reviewer finished. ${lines}`, 'Show Problems', 'Show Log').then((choice) => {
      if (choice === 'Show Problems') void this.show();
      else if (choice === 'Show Log') this.log.show();
    });
  }

  provideTextDocumentContent(): string {
    if (this.reviewedAt === null) return '# Problems with Reviewers\n\nNo review has run in this window yet.\n';
    const when = this.reviewedAt.toLocaleString();
    if (this.problems.length === 0) return `# Problems with Reviewers\n\nEvery reviewer of the last review (${when}) answered.\n`;
    const sections = this.problems.map((problem) => `## ${problem.reviewerId} — ${problem.title}\n\n${problem.summary}\n\n${problem.detail}\n`);
    return `# Problems with Reviewers\n\nLast review: ${when}. Check Reviewers (Deep Review: Check Reviewers) tells what each CLI needs.\n\n${sections.join('\n')}`;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }

  private set(problems: ListedProblem[]): void {
    this.problems = problems;
    this.reviewedAt = new Date();
    this.changed.fire(documentUri);
  }
}

/** The per-reviewer problems a failed review request carries, when it failed because no reviewer finished. */
export function reviewerProblemsOf(error: unknown): ReviewerProblem[] | null {
  if (!(error instanceof ResponseError)) return null;
  const data = reviewFailureDataSchema.safeParse(error.data);
  return data.success && data.data.problems !== undefined && data.data.problems.length > 0 ? data.data.problems : null;
}
