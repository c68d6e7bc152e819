import type { ReviewerCheck } from '../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../shared/reviewerConfig';
import { describeError } from '../errors';
import { defaultRunners, runnerFor, type RunnerRegistry } from './runnerRegistry';

/** For each configured reviewer: is its CLI installed (path, version), and can it authenticate? */
export async function checkReviewers(reviewers: readonly ReviewerConfig[], baseEnv: NodeJS.ProcessEnv = process.env, registry: RunnerRegistry = defaultRunners()): Promise<ReviewerCheck[]> {
  return Promise.all(
    reviewers.map(async (reviewer): Promise<ReviewerCheck> => {
      try {
        return await runnerFor(registry, reviewer.cli).check(reviewer, baseEnv);
      } catch (error) {
        return {
          reviewerId: reviewer.id,
          cli: reviewer.cli,
          model: reviewer.model,
          binary: { command: reviewer.command ?? reviewer.cli, path: null, version: null, error: describeError(error) },
          auth: { status: 'unknown', detail: 'Not checked.', nextStep: null },
        };
      }
    }),
  );
}

export function isReady(check: ReviewerCheck): boolean {
  return check.binary.path !== null && check.binary.error === null && check.auth.status !== 'missing';
}
