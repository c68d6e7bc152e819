import { performance } from 'node:perf_hooks';
import { collectBranchContext } from '../../src/engine/git/branchContext';
import { planReviewerPrompts } from '../../src/engine/review/reviewerPrompts';
import type { ReviewerConfig } from '../../src/shared/reviewerConfig';
import type { FigureReport } from '../support/results';
import { formatBytes, formatMs, median, medianOf, spread } from '../support/stats';
import { createSyntheticRepo, type BranchShape } from '../support/syntheticRepo';

// Figure 11: a 2,000-file / 100,000-line branch, far over one prompt's diff budget. The reviewer prompts are
// planned as a review plans them (parts of related files, each part's diff read with one git process), and
// every changed file's diff is looked for in them: before, only the files whose diffs fit one prompt were in it.

const reviewer: ReviewerConfig = { id: 'claude', cli: 'claude', model: 'opus', effort: 'high', enabled: true };

export async function bigBranchFigure(quick: boolean): Promise<FigureReport> {
  const shape: BranchShape = quick
    ? { modifiedFiles: 100, newFiles: 400, linesPerFile: 50, commits: 10 }
    : { modifiedFiles: 400, newFiles: 1_600, linesPerFile: 50, commits: 40 };
  const runs = quick ? 1 : 5;
  const { repo } = createSyntheticRepo(shape, 'deep-review-bench-big-');
  try {
    const context = await collectBranchContext({ cwd: repo.root, baseBranch: 'main' });
    const planMs: number[] = [];
    let prompts: string[] = [];
    let partCount = 0;
    let withoutDiff: string[] = [];
    for (let run = 0; run < runs; run += 1) {
      const at = performance.now();
      const set = await planReviewerPrompts(context, { announceFindings: false });
      prompts = set.promptsFor(reviewer).map((part) => part.prompt);
      planMs.push(performance.now() - at);
      partCount = set.partCount;
      withoutDiff = set.filesWithoutDiff;
    }
    const reached = context.files.filter((file) => prompts.some((prompt) => prompt.includes(`diff --git a/${file.path} b/${file.path}`))).length;
    const sizes = prompts.map((prompt) => Buffer.byteLength(prompt, 'utf8'));
    const lines = context.additions + context.deletions;
    return {
      number: 11,
      title: 'Big branches',
      measurements: [
        {
          what: `${context.files.length}-file / ${lines}-line branch: changed files whose diff is in some reviewer prompt`,
          value: `${reached} of ${context.files.length} (${partCount} parts)`,
          target: 'every file',
          status: reached === context.files.length && withoutDiff.length === 0 ? 'met' : 'missed',
        },
        { what: `the same: prompts planned (files grouped, each part's diff read, one reviewer's prompts rendered) (${medianOf(runs)})`, value: formatMs(median(planMs)), target: '—', status: 'no target' },
      ],
      details: [
        `Generated branch: ${shape.modifiedFiles} modified and ${shape.newFiles} new files of ${shape.linesPerFile} lines, ${shape.commits} commits (the repository of figure 2). Planning: ${spread(planMs)}. The machine was shared with other suites while measuring.`,
        `${partCount} parts; prompt sizes ${formatBytes(Math.min(...sizes))} to ${formatBytes(Math.max(...sizes))}. Each reviewer reviews every part in its own run (two at a time per reviewer), so a review of this branch is ${partCount} runs per reviewer; the report's retro counts every changed file under Files reviewed once the runs finish (integration test \`review/bigBranchParts.test.ts\` shows it with real Claude Code).`,
      ],
    };
  } finally {
    repo.remove();
  }
}
