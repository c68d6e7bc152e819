import { z } from 'zod';
import { repoPathSchema, severitySchema } from './findingModel';

// What one reviewer agent answers. Every property is required (nullable where optional) so the
// same JSON schema works as strict structured output for every CLI.

export const reviewerFixSchema = z.strictObject({
  description: z.string().describe('One line: what the fix changes.'),
  edits: z
    .array(
      z.strictObject({
        file: repoPathSchema.describe('Repository-relative path of the file to change.'),
        original: z.string().describe('Exact current text to replace, copied verbatim from the file at HEAD (whole lines, with indentation).'),
        replacement: z.string().describe('Text that replaces it.'),
      }),
    )
    .min(1),
});

export const reviewerFindingSchema = z.strictObject({
  severity: severitySchema.describe('critical: breaks correctness, security or data; important: should be fixed before merge; suggestion: worth doing.'),
  title: z.string().min(1).describe('One line naming the problem.'),
  body: z.string().describe('Markdown: what is wrong, why it matters, how it shows.'),
  file: repoPathSchema.describe('Repository-relative path of the primary location.'),
  startLine: z.number().int().min(1).describe('First line (1-based, at HEAD) of exactly the lines the finding is about.'),
  endLine: z.number().int().min(1).describe('Last line of the lines the finding is about.'),
  snippet: z.string().describe('The code around those lines, copied verbatim from the file at HEAD (1-10 whole lines, containing startLine-endLine, context allowed).'),
  fix: reviewerFixSchema.nullable(),
  tags: z.array(z.string()).describe('Any of: regression, security, correctness, concurrency, performance, tests, docs, design, style.'),
});
export type ReviewerFinding = z.infer<typeof reviewerFindingSchema>;

export const designObservationSchema = z.strictObject({
  kind: z.enum(['concern', 'strength']),
  scope: z.enum(['in-scope', 'future']),
  title: z.string().min(1),
  body: z.string(),
});
export type DesignObservation = z.infer<typeof designObservationSchema>;

export const reviewerAnswerSchema = z.strictObject({
  summary: z.string().describe('Two to four sentences on what the branch does and its overall quality.'),
  findings: z.array(reviewerFindingSchema),
  designObservations: z.array(designObservationSchema),
  testingAssessment: z.string().describe('Markdown: what the tests cover and the gaps, ranked by risk.'),
  documentationAssessment: z.string().describe('Markdown: whether docs and comments match the change.'),
});
export type ReviewerAnswer = z.infer<typeof reviewerAnswerSchema>;

export function reviewerAnswerJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reviewerAnswerSchema, { target: 'draft-7', io: 'input' });
}
