import { defaultTimeoutMinutes, type ReviewerConfig } from '../shared/reviewerConfig';

/** Each agent's timeout capped at `budgetMinutes` (an agent without one has the default timeout). */
export function applyBudget(agent: ReviewerConfig, budgetMinutes: number | null): ReviewerConfig {
  if (budgetMinutes === null) return agent;
  return { ...agent, timeoutMinutes: Math.min(agent.timeoutMinutes ?? defaultTimeoutMinutes, budgetMinutes) };
}

/** The process note that tells the report's reader the run was time-boxed. */
export function budgetNote(budgetMinutes: number): string {
  return `This run had a time budget (--budget-minutes ${formatMinutes(budgetMinutes)}): each reviewer and the consolidator was stopped after at most ${formatMinutes(budgetMinutes)} minute(s).`;
}

function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : String(Number(minutes.toFixed(3)));
}
