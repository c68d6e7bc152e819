import * as vscode from 'vscode';
import type { ReviewerCheck } from '../shared/reviewerCheck';
import type { ReviewerConfig } from '../shared/reviewerConfig';
import { actionLabel, planReadiness, readinessActions, readinessSummary, type ReadinessAction, type ReviewerReadiness } from '../shared/reviewerReadiness';
import { cliSignIn } from '../shared/signInSteps';
import type { ReadinessActions } from './readinessActions';
import type { ReviewerChecks } from './reviewerChecks';

/** A readiness check under way, for the review it was started for. */
export interface PendingCheck {
  reviewers: readonly ReviewerConfig[];
  consolidator: ReviewerConfig | null;
  checks: Promise<ReviewerCheck[]>;
  started: number;
  agents: number;
}

/** Who takes part in a review after the readiness check; null: nobody is ready and no review starts. */
export interface ReadyAgents {
  reviewers: ReviewerConfig[];
  consolidator: ReviewerConfig | null;
}

/**
 * Before Review Branch spends anything: checks the enabled reviewers and the consolidator (in parallel,
 * cached briefly; the review's progress notification says so meanwhile). None ready: one message with each reviewer's state and the buttons
 * that fix it, and no review. Some ready: the review goes on with those, and a message says who was left out.
 */
export class ReviewReadiness {
  constructor(
    private readonly checks: ReviewerChecks,
    private readonly actions: ReadinessActions,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Starts the check of the enabled reviewers and the consolidator; gate() waits for it. */
  start(reviewers: readonly ReviewerConfig[], consolidator: ReviewerConfig | null): PendingCheck {
    const agents = [...reviewers.filter((reviewer) => reviewer.enabled), ...(consolidator?.enabled === true ? [consolidator] : [])];
    const checks = this.checks.check(agents);
    // Awaited by gate(); when the review stops before it (an unchanged branch), a failure is nobody's concern.
    checks.catch(() => undefined);
    return { reviewers, consolidator, checks, started: Date.now(), agents: agents.length };
  }

  async gate(pending: PendingCheck): Promise<ReadyAgents | null> {
    const { reviewers, consolidator } = pending;
    const enabled = reviewers.filter((reviewer) => reviewer.enabled);
    let checks: ReviewerCheck[];
    try {
      checks = await pending.checks;
    } catch (error) {
      // The check is a courtesy: when it cannot run, the review itself reports each reviewer's problem.
      this.log.warn(`Could not check the reviewers before the review: ${error instanceof Error ? error.message : String(error)}`);
      return { reviewers: [...reviewers], consolidator };
    }
    this.log.info(`Checked ${pending.agents} agent(s) before the review in ${Date.now() - pending.started} ms.`);
    const plan = planReadiness(checks);
    for (const entry of plan.leftOut) this.log.warn(`${entry.reviewerId} is not ready: ${entry.state}. ${entry.nextStep ?? ''}`);
    const readyIds = new Set(plan.ready.map((entry) => entry.reviewerId));
    const readyReviewers = enabled.filter((reviewer) => readyIds.has(reviewer.id));
    if (readyReviewers.length === 0) {
      this.offer(`Deep Review did not start: no reviewer is ready. ${readinessSummary(plan.leftOut)}.`, plan.leftOut, checks, 'error');
      return null;
    }
    const consolidatorReady = consolidator !== null && consolidator.enabled && readyIds.has(consolidator.id);
    if (plan.leftOut.length > 0) {
      const consolidatorNote = consolidator?.enabled === true && !consolidatorReady ? ' The report is made from the reviewers’ findings without the consolidator.' : '';
      this.offer(`Deep Review runs with ${readyReviewers.map((reviewer) => reviewer.id).join(', ')}; left out: ${readinessSummary(plan.leftOut)}.${consolidatorNote}`, plan.leftOut, checks, 'warning');
    }
    return {
      reviewers: reviewers.map((reviewer) => (reviewer.enabled && !readyIds.has(reviewer.id) ? { ...reviewer, enabled: false } : reviewer)),
      consolidator: consolidator === null || consolidatorReady ? consolidator : { ...consolidator, enabled: false },
    };
  }

  /** One message with each not-ready reviewer's state and a button per fix; not awaited, so the review goes on. */
  private offer(message: string, leftOut: readonly ReviewerReadiness[], checks: readonly ReviewerCheck[], level: 'error' | 'warning'): void {
    const actions = readinessActions(leftOut);
    const labels = actions.map(actionLabel);
    const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    void show(message, ...labels).then(async (choice) => {
      const action = actions[labels.indexOf(choice ?? '')];
      if (action === undefined) return;
      const chosen = action.kind === 'set-api-key' ? await chooseKeyCli(leftOut) : action;
      if (chosen !== undefined) await this.actions.run(chosen, checks);
    });
  }
}

/** "Set API key…" for the one CLI that needs it, or the one the user picks when several do. */
async function chooseKeyCli(leftOut: readonly ReviewerReadiness[]): Promise<ReadinessAction | undefined> {
  const clis = [...new Set(leftOut.flatMap((entry) => entry.actions.flatMap((action) => (action.kind === 'set-api-key' ? [action.cli] : []))))];
  if (clis.length <= 1) return clis[0] === undefined ? undefined : { kind: 'set-api-key', cli: clis[0] };
  const picked = await vscode.window.showQuickPick(
    clis.map((cli) => ({ label: cliSignIn[cli].name, description: cliSignIn[cli].apiKeyVariable, cli })),
    { title: 'Deep Review: Set API key…', placeHolder: 'Which CLI is the key for?' },
  );
  return picked === undefined ? undefined : { kind: 'set-api-key', cli: picked.cli };
}
