import { buildFindings } from '../../src/engine/findings/buildFindings';
import { withFixStatusAtHead } from '../../src/engine/fixes/fixAtHead';
import { withCodeInContext } from '../../src/engine/report/codeInContext';
import type { ReviewReport } from '../../src/shared/reportModel';
import type { ReviewerAnswer } from '../../src/shared/reviewerAnswer';
import { sampleReport } from '../../test/fixtures/sampleReport';
import type { SyntheticRepo } from './syntheticRepo';

/**
 * A complete report of the generated branch: the sample report's sections around findings that the engine
 * built (anchored, fingerprinted, clustered, numbered) from the given reviewer answers.
 */
export async function syntheticReport(synthetic: SyntheticRepo, answers: ReadonlyArray<{ reviewerId: string; answer: ReviewerAnswer }>): Promise<ReviewReport> {
  const { repo, headFiles } = synthetic;
  const readFileAtHead = (path: string): Promise<string | null> => Promise.resolve(headFiles.get(path) ?? null);
  const built = await buildFindings({ answers, readFileAtHead });
  // As a review leaves them: each fix placed at HEAD, each finding with its code in context and fix diff (highlighted in the webview).
  const findings = await withCodeInContext(await withFixStatusAtHead(built.findings, readFileAtHead), readFileAtHead);
  const sample = sampleReport();
  return {
    ...sample,
    round: 1,
    branch: {
      ...sample.branch,
      repoRoot: repo.root,
      repoName: 'bench',
      branch: 'feature/bench',
      head: repo.git('rev-parse', 'HEAD'),
      mergeBase: repo.git('merge-base', 'main', 'HEAD'),
      files: [...headFiles.keys()].map((path) => ({ path, additions: headFiles.get(path)!.split('\n').length - 1, deletions: 0, previousPath: null })),
    },
    findings,
    previousRound: null,
    priorFindings: [],
    resolution: [],
  };
}

/** Answers whose findings sit `perFile` to a file, one every `spacing` lines, over files 0 … files-1. */
export function findingsGrid(files: number, perFile: number, spacing: number): Array<{ file: number; line: number; variant: number; withFix: boolean }> {
  return Array.from({ length: files }, (_, file) => Array.from({ length: perFile }, (_, at) => ({ file, line: at * spacing, variant: at, withFix: at % 2 === 0 }))).flat();
}
