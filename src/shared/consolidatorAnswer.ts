import { z } from 'zod';
import { severitySchema } from './findingModel';
import { designObservationSchema } from './reviewerAnswer';

// What the consolidator agent answers. It works on clusters ("K1", "K2", …) of the reviewers' findings
// and never writes a location of its own: it may only pick one that a reviewer reported. Every property
// is required (nullable where optional) so the same JSON schema works as strict structured output.

export const clusterKeySchema = z.string().regex(/^K\d+$/).describe('A cluster key from the input, e.g. "K3".');

export const verdictDecisions = ['merge', 'merge-with-fixes', 'needs-changes'] as const;
export const verdictDecisionSchema = z.enum(verdictDecisions);
export type VerdictDecision = z.infer<typeof verdictDecisionSchema>;

export const consolidatedFindingSchema = z.strictObject({
  clusters: z.array(clusterKeySchema).min(1).describe('The clusters this finding stands for: one, or several that report the same problem.'),
  severity: severitySchema,
  severityRationale: z
    .string()
    .nullable()
    .describe('Why the severity differs from the highest one a reviewer gave; null when it does not differ.'),
  title: z.string().min(1).describe('One line naming the problem.'),
  body: z.string().describe('Markdown: what is wrong, why it matters, how it shows; merged from the reporters, verified against the code.'),
  location: z
    .strictObject({ file: z.string(), line: z.number().int().min(1) })
    .nullable()
    .describe('Which reported location is the primary one (file and a line a reviewer gave for one of the clusters); null keeps the first cluster’s.'),
});
export type ConsolidatedFinding = z.infer<typeof consolidatedFindingSchema>;

export const rejectedClusterSchema = z.strictObject({
  cluster: clusterKeySchema,
  reason: z.string().min(1).describe('Why this is not a real problem, as checked against the code.'),
});

export const riskSchema = z.enum(['high', 'medium', 'low']);

export const consolidatorAnswerSchema = z.strictObject({
  verdict: z.strictObject({
    decision: verdictDecisionSchema,
    reason: z.string().describe('One line: what must happen before merging (empty for a plain merge).'),
  }),
  executiveSummary: z.string().describe('Markdown, one or two paragraphs: what the branch does, its quality, what matters most.'),
  findings: z.array(consolidatedFindingSchema).describe('The real problems, most severe first.'),
  rejected: z.array(rejectedClusterSchema).describe('Clusters that are false positives.'),
  designObservations: z.array(
    designObservationSchema.extend({ reviewers: z.array(z.string()).describe('Ids of the reviewers who raised it.') }),
  ),
  testingAssessment: z.strictObject({
    summary: z.string().describe('Markdown: what the tests cover.'),
    gaps: z.array(z.strictObject({ risk: riskSchema, gap: z.string().min(1) })).describe('Missing tests, highest risk first.'),
  }),
  documentationAssessment: z.string().describe('Markdown: whether documentation and comments match the change.'),
  commitStructure: z.string().describe('Markdown: how the commits are split and described; what would make them easier to review.'),
  acknowledgedLimitations: z
    .array(z.strictObject({ quote: z.string().min(1), source: z.string().describe('"commit <hash>" or "pull request".') }))
    .describe('Limitations the author states, quoted word for word from a commit message or the pull request text.'),
  processNotes: z.array(z.string()).describe('Anything about how this review went that the reader should know.'),
  reviewerNotes: z
    .array(z.strictObject({ reviewer: z.string(), narrative: z.string().describe('Two or three sentences on how this reviewer did.') }))
    .describe('One entry per reviewer that answered.'),
});
export type ConsolidatorAnswer = z.infer<typeof consolidatorAnswerSchema>;

export function consolidatorAnswerJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(consolidatorAnswerSchema, { target: 'draft-7', io: 'input' });
}
