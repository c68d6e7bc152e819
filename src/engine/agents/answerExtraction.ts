import { ReviewError } from '../errors';
import type { AnswerContract } from './answerContract';
import { findJsonObjectInText } from './jsonInText';

export type AnswerExtraction<T> =
  | { ok: true; answer: T; warnings: string[] }
  | { ok: false; kind: 'no-output' | 'invalid-answer'; error: ReviewError };

export interface AnswerSource {
  /** The CLI's structured output, when it has one. */
  structured?: unknown;
  /** The agent's final text, searched for a JSON answer when there is no structured output. */
  text?: string;
}

/** The agent's answer from structured output, else from the last JSON block of its text, checked by its contract. */
export function extractAnswer<T>(source: AnswerSource, contract: AnswerContract<T>): AnswerExtraction<T> {
  const candidate = isObject(source.structured) ? source.structured : findJsonObjectInText(source.text ?? '');
  const role = contract.role;
  if (candidate === undefined) {
    return source.text === undefined || source.text.trim() === ''
      ? failure(role, `The ${role} gave no answer.`, 'no-output')
      : failure(role, `The ${role}’s answer contains no JSON object.`);
  }
  const checked = contract.validate(candidate);
  if (!checked.ok) return failure(role, `The ${role}’s answer ${checked.message}.`);
  return { ok: true, answer: checked.value, warnings: checked.warnings };
}

function failure<T>(role: string, message: string, kind: 'no-output' | 'invalid-answer' = 'invalid-answer'): AnswerExtraction<T> {
  return {
    ok: false,
    kind,
    error: new ReviewError('invalid-answer', message, `Run the review again; if it keeps happening, try a stronger model or higher effort for this ${role}.`),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
