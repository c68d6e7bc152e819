import type { Severity } from '../../src/shared/findingModel';
import type { ReviewerAnswer, ReviewerFinding } from '../../src/shared/reviewerAnswer';
import { codeLine, filePath } from './syntheticRepo';

// Reviewer findings about the generated files of syntheticRepo.ts, written the way agents write them:
// a title, a Markdown body of a few sentences, the quoted line, and a fix for some.

const topics = ['Unchecked input', 'Off-by-one step', 'Silent overflow', 'Missing await', 'Leaked handle', 'Stale cache entry', 'Racy update', 'Wrong unit'];
const severitiesInTurn: readonly Severity[] = ['important', 'suggestion', 'suggestion', 'critical', 'important', 'suggestion'];

export interface FindingSpec {
  file: number;
  /** 0-based line of the generated file. */
  line: number;
  /** Which wording and severity to use; findings with the same variant at the same place read alike. */
  variant: number;
  withFix: boolean;
  /** Lines the snippet quotes (default 1). */
  lines?: number;
}

export function reviewerFinding(spec: FindingSpec): ReviewerFinding {
  const { file, line, variant } = spec;
  const span = spec.lines ?? 1;
  const quoted = codeLine(file, line);
  const snippet = Array.from({ length: span }, (_, at) => codeLine(file, line + at)).join('\n');
  const topic = topics[variant % topics.length]!;
  const name = `value_${file}_${line}`;
  return {
    severity: severitiesInTurn[variant % severitiesInTurn.length]!,
    title: `${topic} in ${name}`,
    body: [
      `\`${name}\` multiplies the caller's \`input\` by ${line + 1} without checking it first. When \`input\` comes from the request it can be`,
      `\`NaN\` or a string, and the result then spreads through every total computed from module ${file}.`,
      '',
      `Check the value at the boundary, or document that callers must pass a finite number (step ${line}).`,
    ].join('\n'),
    file: filePath(file),
    startLine: line + 1,
    endLine: line + span,
    snippet,
    fix: spec.withFix
      ? {
          description: `Reject non-finite input in ${name}.`,
          edits: [{ file: filePath(file), original: `${quoted}\n`, replacement: `${quoted.replace('(input) => input', '(input) => Number(input)')}\n` }],
        }
      : null,
    tags: [['correctness'], ['security', 'correctness'], ['performance'], ['style']][variant % 4]!,
  };
}

export function reviewerAnswer(findings: ReviewerFinding[], reviewer: string): ReviewerAnswer {
  return {
    summary: `The branch adds generated modules. ${reviewer} looked at every changed file and reports ${findings.length} problems, most of them about unchecked input.`,
    findings,
    designObservations: [{ kind: 'concern', scope: 'future', title: 'Arithmetic spread over many modules', body: 'The same formula appears in every module; one helper would do.' }],
    testingAssessment: 'No test exercises the generated modules; the highest risk is the unchecked input.',
    documentationAssessment: 'The README says the repository is generated, which matches.',
  };
}
