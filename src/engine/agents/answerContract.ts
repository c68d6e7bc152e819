import type { z } from 'zod';

export type AnswerValidation<T> = { ok: true; value: T; warnings: string[] } | { ok: false; message: string };

/** What an agent must answer: the JSON schema it is given, and how its JSON is checked. */
export interface AnswerContract<T> {
  /** Names the agent in messages: "The reviewer gave no answer." */
  role: string;
  jsonSchema: Record<string, unknown>;
  /** Checks a JSON object the agent answered; problems that do not void the answer come back as warnings. */
  validate(candidate: Record<string, unknown>): AnswerValidation<T>;
}

const maxIssuesShown = 5;

/** "findings.0.severity: Invalid option…; summary: expected string" (first few issues). */
export function summarizeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, maxIssuesShown).map((issue) => {
    const where = issue.path.map(String).join('.');
    return `${where === '' ? '(top level)' : where}: ${issue.message}`;
  });
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

/** A contract for an answer that must match `schema` as a whole. */
export function schemaContract<S extends z.ZodType>(role: string, schema: S, jsonSchema: Record<string, unknown>): AnswerContract<z.output<S>> {
  return {
    role,
    jsonSchema,
    validate(candidate) {
      const parsed = schema.safeParse(candidate);
      if (parsed.success) return { ok: true, value: parsed.data, warnings: [] };
      return { ok: false, message: `does not match the answer schema: ${summarizeIssues(parsed.error.issues)}` };
    },
  };
}
