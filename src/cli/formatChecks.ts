import type { ReviewerCheck } from '../shared/reviewerCheck';
import { cliDisplayName } from '../shared/reviewerConfig';
import { isReady } from '../engine/review/checkReviewers';

/** One block per reviewer: ready or not, where the CLI is, its version, its login, and what to do. */
export function formatChecks(checks: readonly ReviewerCheck[]): string {
  return checks
    .map((check) => {
      const lines = [`${isReady(check) ? 'ok  ' : 'FAIL'} ${check.reviewerId} — ${cliDisplayName[check.cli]}, model ${check.model}`];
      lines.push(`     binary: ${check.binary.path ?? check.binary.command}${check.binary.version ? ` (${check.binary.version})` : ''}`);
      if (check.binary.error) lines.push(`     problem: ${check.binary.error}`);
      lines.push(`     auth: ${check.auth.status} — ${check.auth.detail}`);
      if (check.auth.nextStep) lines.push(`     next step: ${check.auth.nextStep}`);
      if (check.sandbox) lines.push(`     sandbox: ${check.sandbox.available ? 'yes' : 'NONE'} — ${check.sandbox.detail}`);
      return lines.join('\n');
    })
    .join('\n');
}
