import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BranchSummary } from '../../shared/reportModel';
import type { AgentCli } from '../../shared/reviewerConfig';
import { findPromptsDir } from './promptsDir';
import { fillTemplate, inline, toolsByCli } from './reviewerPrompt';

export interface ConsolidatorPromptOptions {
  cli: AgentCli;
  promptsDir?: string;
  /** The reviewers reviewed only the commits since this round (the input's `scope` and `openEarlierFindings` say more). */
  incremental?: { sinceRound: number } | undefined;
}

/** The consolidator prompt from prompts/consolidator.md, with the compact input as JSON. */
export function renderConsolidatorPrompt(branch: BranchSummary, inputJson: string, options: ConsolidatorPromptOptions): string {
  const template = readFileSync(path.join(options.promptsDir ?? findPromptsDir(), 'consolidator.md'), 'utf8');
  return fillTemplate(template, {
    repoName: inline(branch.repoName),
    branch: inline(branch.branch),
    base: inline(branch.base),
    head: branch.head,
    mergeBase: branch.mergeBase,
    tools: toolsByCli[options.cli],
    scope: options.incremental ? incrementalNote(options.incremental.sinceRound) : '',
    // Backticks survive JSON.stringify: runs of three are broken up so agent text cannot close the fence.
    input: inputJson.replace(/`{3,}/g, (run) => run.split('').join('\u200b')),
  });
}

function incrementalNote(sinceRound: number): string {
  return [
    '',
    `- This is an incremental review: the reviewers reviewed only the commits since round ${sinceRound}`,
    '  (`scope.newCommits` in the input); earlier rounds reviewed the rest of the branch. `openEarlierFindings`',
    '  are findings of earlier rounds that are still open: the report keeps them as they are, with new ids,',
    '  unless a cluster reports one again. Do not rule on them (they are not clusters), but let them count',
    '  in the verdict and the summary, and name them by title.',
  ].join('\n');
}
