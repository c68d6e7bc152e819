import type { ConsolidatorAnswer } from '../../src/shared/consolidatorAnswer';
import type { ReviewerAnswer } from '../../src/shared/reviewerAnswer';
import { buildFindings } from '../../src/engine/findings/buildFindings';
import { reviewerAnswer, reviewerFinding, type FindingSpec } from './reviewerFindings';

// The review of figure 1: three reviewers with 200 findings in all (15 of them reported by two reviewers),
// and a consolidator that rules on every cluster the engine will form from them.

export const filesInRepo = 20;
export const linesPerFile = 40;

export interface ReviewAnswers {
  claude: ReviewerAnswer;
  codex: ReviewerAnswer;
  gemini: ReviewerAnswer;
}

export function reviewAnswers(): ReviewAnswers {
  const specs = (files: readonly number[], perFile: number, offset: number): FindingSpec[] =>
    files.flatMap((file) => Array.from({ length: perFile }, (_, at) => ({ file, line: at * 4, variant: at + offset, withFix: at % 2 === 0 })));
  const claude = specs([0, 1, 2, 3, 4, 5, 6], 10, 0);
  const codex = specs([7, 8, 9, 10, 11, 12, 13], 10, 1);
  // Gemini reports 45 problems of its own and 15 that Claude reported too (same place, same words).
  const gemini = [...specs([14, 15, 16, 17, 18], 9, 2), ...claude.slice(0, 15)];
  return {
    claude: reviewerAnswer(claude.map(reviewerFinding), 'Claude'),
    codex: reviewerAnswer(codex.map(reviewerFinding), 'Codex'),
    gemini: reviewerAnswer(gemini.map(reviewerFinding), 'Gemini'),
  };
}

/**
 * A consolidator answer that rules on every cluster: most kept as reported, every 15th lowered with a
 * rationale, every 10th rejected as a false positive. Clusters are formed here exactly as the engine forms
 * them, from the same answers and files.
 */
export async function consolidatorAnswer(answers: ReviewAnswers, headFiles: ReadonlyMap<string, string>): Promise<{ answer: ConsolidatorAnswer; clusters: number }> {
  const built = await buildFindings({
    answers: (['claude', 'codex', 'gemini'] as const).map((reviewerId) => ({ reviewerId, answer: answers[reviewerId] })),
    readFileAtHead: (path) => Promise.resolve(headFiles.get(path) ?? null),
  });
  const findings: ConsolidatorAnswer['findings'] = [];
  const rejected: ConsolidatorAnswer['rejected'] = [];
  built.findings.forEach((finding, index) => {
    const key = `K${index + 1}`;
    if ((index + 1) % 10 === 0) {
      rejected.push({ cluster: key, reason: 'The caller already validates this input (checked in the module that imports it).' });
      return;
    }
    const lowered = (index + 1) % 15 === 0 && finding.severity !== 'suggestion';
    findings.push({
      clusters: [key],
      severity: lowered ? 'suggestion' : finding.severity,
      severityRationale: lowered ? 'Only reachable from an internal job with constant input.' : null,
      title: finding.title,
      body: 'Confirmed against the code: the input is used unchecked.',
      location: null,
    });
  });
  return {
    clusters: built.findings.length,
    answer: {
      verdict: { decision: 'needs-changes', reason: 'Validate the inputs first.' },
      executiveSummary: 'The branch adds generated modules that trust their input. Most findings are the same unchecked-input problem.',
      findings,
      rejected,
      designObservations: [{ kind: 'concern', scope: 'future', title: 'Repeated formula', body: 'One helper would do.', reviewers: ['claude', 'gemini'] }],
      testingAssessment: { summary: 'Nothing is tested.', gaps: [{ risk: 'high', gap: 'Input validation of the generated modules' }] },
      documentationAssessment: 'Adequate.',
      commitStructure: 'Generated changes in small commits.',
      acknowledgedLimitations: [],
      processNotes: [],
      reviewerNotes: Object.keys(answers).map((reviewer) => ({ reviewer, narrative: 'Thorough and precise.' })),
    },
  };
}
