import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BranchSummary } from '../../shared/reportModel';
import type { AgentCli } from '../../shared/reviewerConfig';
import { findPromptsDir } from './promptsDir';
import { fillTemplate, inline, toolsByCli } from './reviewerPrompt';

export interface ConsolidatorPromptOptions {
  cli: AgentCli;
  promptsDir?: string;
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
    // Backticks survive JSON.stringify: runs of three are broken up so agent text cannot close the fence.
    input: inputJson.replace(/`{3,}/g, (run) => run.split('').join('\u200b')),
  });
}
