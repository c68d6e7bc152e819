import type { ReviewerTrackRecord } from '../../shared/reportModel';
import { trackRecordFor } from '../../shared/retroFacts';
import type { ReviewerCheck } from '../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../shared/reviewerConfig';
import { environmentWithStoredKey, type StoredApiKeys } from '../../shared/storedApiKeys';
import { extraArgsPolicies } from '../agents/extraArgs/cliExtraArgs';
import { extraArgsHint, extraArgsMessage, extraArgsProblem } from '../agents/extraArgs/extraArgs';
import { describeError } from '../errors';
import { reviewerTrackRecords } from '../storage/ledgerViews';
import { openReviewStore } from '../storage/reviewStore';
import { sandboxDescription } from '../sandbox/sandboxSupport';
import { defaultRunners, runnerFor, type RunnerRegistry } from './runnerRegistry';

export interface CheckReviewersOptions {
  /** A folder of the repository whose review history gives each reviewer's track record. */
  repoPath?: string | undefined;
  /** Keys the user stored in the editor, each given to its own CLI only. */
  apiKeys?: StoredApiKeys | undefined;
}

/**
 * For each configured reviewer: is its CLI installed (path, version), can it authenticate, is it
 * sandboxed, and, given a repository, its track record there (by reviewer id, CLI and model).
 */
export async function checkReviewers(
  reviewers: readonly ReviewerConfig[],
  baseEnv: NodeJS.ProcessEnv = process.env,
  registry: RunnerRegistry = defaultRunners(),
  options: CheckReviewersOptions = {},
): Promise<ReviewerCheck[]> {
  const [checked, records] = await Promise.all([checkEach(reviewers, baseEnv, registry, options.apiKeys), options.repoPath === undefined ? null : trackRecordsIn(options.repoPath)]);
  const sandbox = sandboxDescription();
  const checks = checked.map((check) => ({ ...check, sandbox }));
  if (records === null) return checks;
  return checks.map((check) => ({ ...check, track: trackRecordFor(records, check) }));
}

/** The repository's track records; null when its history cannot be read (the check goes on without them). */
async function trackRecordsIn(repoPath: string): Promise<ReviewerTrackRecord[] | null> {
  try {
    const store = await openReviewStore(repoPath);
    return reviewerTrackRecords((await store.loadAllLedgers()).ledgers);
  } catch {
    return null;
  }
}

function checkEach(reviewers: readonly ReviewerConfig[], baseEnv: NodeJS.ProcessEnv, registry: RunnerRegistry, apiKeys: StoredApiKeys | undefined): Promise<ReviewerCheck[]> {
  return Promise.all(
    reviewers.map(async (reviewer): Promise<ReviewerCheck> => {
      const failed = (error: string): ReviewerCheck => ({
        reviewerId: reviewer.id,
        cli: reviewer.cli,
        model: reviewer.model,
        binary: { command: reviewer.command ?? reviewer.cli, path: null, version: null, error },
        auth: { status: 'unknown', detail: 'Not checked.', nextStep: null },
      });
      // Refused args fail the reviewer in a review; the check says so before running anything.
      const policy = extraArgsPolicies[reviewer.cli];
      const argsProblem = extraArgsProblem(reviewer.args ?? [], policy);
      if (argsProblem !== null) return failed(`${extraArgsMessage(reviewer, argsProblem)} ${extraArgsHint(policy)}`);
      try {
        return await runnerFor(registry, reviewer.cli).check(reviewer, environmentWithStoredKey(baseEnv, reviewer.cli, apiKeys));
      } catch (error) {
        return failed(describeError(error));
      }
    }),
  );
}

export function isReady(check: ReviewerCheck): boolean {
  return check.binary.path !== null && check.binary.error === null && check.auth.status !== 'missing';
}
