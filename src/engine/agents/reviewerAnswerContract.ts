import { reviewerAnswerJsonSchema, reviewerAnswerSchema, reviewerFindingSchema, type ReviewerAnswer, type ReviewerFinding } from '../../shared/reviewerAnswer';
import { summarizeIssues, type AnswerContract } from './answerContract';

/**
 * A reviewer's answer: a finding that fails validation is dropped with a warning naming why, so one bad
 * finding does not cost the others; the rest of the answer must be valid.
 */
export function reviewerAnswerContract(): AnswerContract<ReviewerAnswer> {
  return {
    role: 'reviewer',
    jsonSchema: reviewerAnswerJsonSchema(),
    validate(candidate) {
      const { findings, warnings } = validFindings(candidate.findings);
      const parsed = reviewerAnswerSchema.safeParse({ ...candidate, findings: findings ?? candidate.findings });
      if (!parsed.success) return { ok: false, message: `does not match the answer schema: ${summarizeIssues(parsed.error.issues)}` };
      return { ok: true, value: parsed.data, warnings };
    },
  };
}

/** Keeps the findings that validate; undefined when `value` is not an array (the schema reports that). */
function validFindings(value: unknown): { findings: ReviewerFinding[] | undefined; warnings: string[] } {
  if (!Array.isArray(value)) return { findings: undefined, warnings: [] };
  const findings: ReviewerFinding[] = [];
  const warnings: string[] = [];
  value.forEach((item: unknown, index) => {
    const parsed = reviewerFindingSchema.safeParse(item);
    if (parsed.success) {
      findings.push(parsed.data);
      return;
    }
    const title = isObject(item) && typeof item.title === 'string' && item.title.trim() !== '' ? ` "${item.title.trim()}"` : '';
    warnings.push(`Dropped finding ${index + 1}${title}: ${summarizeIssues(parsed.error.issues)}.`);
  });
  return { findings, warnings };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
