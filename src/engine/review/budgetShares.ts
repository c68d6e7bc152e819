import type { ReviewBudget } from '../../shared/reviewBudget';
import type { AgentCli, ReviewerConfig } from '../../shared/reviewerConfig';

/**
 * How a review's budget is shared. Reviewers run side by side, so each may use the reviewers' part of the
 * time; the consolidator gets what is left when they are done. Spend is shared among the agents whose CLI
 * can enforce a limit (Claude Code's --max-budget-usd); the consolidator gets what the reviewers left.
 */
export const reviewersShare = 0.75;

/** CLIs that report their cost and stop at a spend limit. */
const spendLimitedClis: ReadonlySet<AgentCli> = new Set(['claude']);

export interface ReviewerBudget {
  /** When the reviewers are stopped (epoch ms). */
  deadline: number | undefined;
  /** Each reviewer's spend limit; undefined for a CLI that cannot enforce one. */
  spendUsdFor(reviewer: ReviewerConfig): number | undefined;
}

export function reviewerBudget(budget: ReviewBudget | null, started: number, reviewers: readonly ReviewerConfig[], consolidatorRuns: boolean): ReviewerBudget {
  const share = consolidatorRuns ? reviewersShare : 1;
  const limited = reviewers.filter((reviewer) => spendLimitedClis.has(reviewer.cli)).length;
  const usd = budget?.usd ?? null;
  return {
    deadline: budget?.minutes ? started + budget.minutes * 60_000 * share : undefined,
    spendUsdFor: (reviewer) => (usd !== null && limited > 0 && spendLimitedClis.has(reviewer.cli) ? (usd * share) / limited : undefined),
  };
}

export type ConsolidatorBudget =
  | { kind: 'run'; deadline: number | undefined; maxSpendUsd: number | undefined }
  | { kind: 'exhausted'; reason: string };

/** What is left for the consolidator once the reviewers are done, or why nothing is. */
export function consolidatorBudget(budget: ReviewBudget | null, started: number, now: number, spentUsd: number, consolidator: ReviewerConfig): ConsolidatorBudget {
  const deadline = budget?.minutes ? started + budget.minutes * 60_000 : undefined;
  if (deadline !== undefined && deadline - now < minimumConsolidationMs) {
    return { kind: 'exhausted', reason: `The consolidator was not run: the review's time budget (${budget?.minutes} min) was used up by the reviewers.` };
  }
  const usd = budget?.usd ?? null;
  if (usd !== null && spentUsd >= usd) {
    return { kind: 'exhausted', reason: `The consolidator was not run: the reviewers spent $${spentUsd.toFixed(2)} of the $${usd.toFixed(2)} budget.` };
  }
  return { kind: 'run', deadline, maxSpendUsd: usd !== null && spendLimitedClis.has(consolidator.cli) ? usd - spentUsd : undefined };
}

/** A consolidation needs a little time to be worth starting. */
const minimumConsolidationMs = 15_000;

/** How the budget was shared, and what it could not limit. */
export function budgetNotes(budget: ReviewBudget | null, agents: ReadonlyArray<{ id: string; cli: AgentCli }>, consolidatorRan: boolean): string[] {
  if (!budget) return [];
  const notes: string[] = [];
  const share = consolidatorRan ? reviewersShare : 1;
  const limits = [
    ...(budget.minutes === null ? [] : [`${formatMinutes(budget.minutes)} min`]),
    ...(budget.usd === null ? [] : [`$${budget.usd.toFixed(2)}`]),
  ].join(' and ');
  notes.push(
    `This review had a budget of ${limits}: the reviewers ${consolidatorRan ? `had ${Math.round(share * 100)}% of it, the consolidator what they left` : 'had all of it'}; ` +
      'a reviewer stopped at its share keeps the findings it had announced, marked partial.',
  );
  if (budget.usd !== null) {
    const unlimited = [...new Set(agents.filter((agent) => !spendLimitedClis.has(agent.cli)).map((agent) => agent.id))];
    if (unlimited.length > 0) {
      notes.push(`The spend budget could not limit ${unlimited.join(', ')}: only Claude Code reports its cost and stops at a limit; the time budget applies to every agent.`);
    }
  }
  return notes;
}

function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : String(Number(minutes.toFixed(2)));
}
