import type { Finding } from '../../../src/shared/findingModel';
import { reviewReportSchema, type ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';

/**
 * The sample report with `count` findings: its four repeated with new ids and numbered titles, reporters taking turns.
 * With 500: C1…C125, I1…I250 and S1…S125, shown in that order.
 */
export function reportWithFindings(count: number): ReviewReport {
  const sample = sampleReport();
  const numbers = { critical: 0, important: 0, suggestion: 0 };
  const reviewers = ['claude', 'codex-fast', 'gemini'];
  const findings: Finding[] = Array.from({ length: count }, (_, index) => {
    const base = sample.findings[index % sample.findings.length];
    if (!base) throw new Error('the sample report has no findings');
    const number = ++numbers[base.severity];
    const id = `${base.severity[0]?.toUpperCase() ?? 'S'}${number}`;
    return { ...base, id, title: `${base.title} (${index + 1})`, reporters: [{ reviewerId: reviewers[index % reviewers.length] ?? 'claude', severity: base.severity }] };
  });
  return reviewReportSchema.parse({ ...sample, findings });
}
