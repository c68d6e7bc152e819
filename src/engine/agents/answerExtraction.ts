import type { z } from 'zod';
import { reviewerAnswerSchema, reviewerFindingSchema, type ReviewerAnswer, type ReviewerFinding } from '../../shared/reviewerAnswer';
import { ReviewError } from '../errors';
import { findJsonObjectInText } from './jsonInText';

export type AnswerExtraction =
  | { ok: true; answer: ReviewerAnswer; warnings: string[] }
  | { ok: false; kind: 'no-output' | 'invalid-answer'; error: ReviewError };

export interface AnswerSource {
  /** The CLI's structured output, when it has one. */
  structured?: unknown;
  /** The agent's final text, searched for a JSON answer when there is no structured output. */
  text?: string;
}

const maxIssuesShown = 5;

/**
 * The reviewer's answer from structured output, else from the last JSON block of its text, validated
 * against the answer schema. A finding that fails validation is dropped with a warning naming why;
 * the rest of the answer must be valid.
 */
export function extractAnswer(source: AnswerSource): AnswerExtraction {
  const candidate = isObject(source.structured) ? source.structured : findJsonObjectInText(source.text ?? '');
  if (candidate === undefined) {
    return source.text === undefined || source.text.trim() === ''
      ? failure('The reviewer gave no answer.', 'no-output')
      : failure('The reviewer’s answer contains no JSON object.');
  }
  const { findings, warnings } = validFindings(candidate.findings);
  const parsed = reviewerAnswerSchema.safeParse({ ...candidate, findings: findings ?? candidate.findings });
  if (!parsed.success) {
    return failure(`The reviewer’s answer does not match the answer schema: ${summarizeIssues(parsed.error.issues)}.`);
  }
  return { ok: true, answer: parsed.data, warnings };
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

/** "findings.0.severity: Invalid option…; summary: expected string" (first few issues). */
export function summarizeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, maxIssuesShown).map((issue) => {
    const where = issue.path.map(String).join('.');
    return `${where === '' ? '(top level)' : where}: ${issue.message}`;
  });
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

function failure(message: string, kind: 'no-output' | 'invalid-answer' = 'invalid-answer'): AnswerExtraction {
  return {
    ok: false,
    kind,
    error: new ReviewError('invalid-answer', message, 'Run the review again; if it keeps happening, try a stronger model or higher effort for this reviewer.'),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
