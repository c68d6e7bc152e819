import type { ReviewReport } from './reportModel';

/** "Deep Review: 20260309-140731-pr-41", or "…-feature-login" without a pull request (UTC time of the review). */
export function reportTitle(report: Pick<ReviewReport, 'createdAt' | 'pullRequest'> & { branch: Pick<ReviewReport['branch'], 'branch'> }): string {
  return `Deep Review: ${reportStamp(report)}`;
}

export function reportStamp(report: Pick<ReviewReport, 'createdAt' | 'pullRequest'> & { branch: Pick<ReviewReport['branch'], 'branch'> }): string {
  const date = new Date(report.createdAt);
  const time = Number.isNaN(date.getTime()) ? 'undated' : date.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const subject = report.pullRequest.available ? `pr-${report.pullRequest.number}` : branchSlug(report.branch.branch);
  return `${time}-${subject}`;
}

/** "feature/login" → "feature-login": letters, digits, ".", "_" and "-" only. */
export function branchSlug(branch: string): string {
  const slug = branch
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return slug === '' ? 'branch' : slug;
}
