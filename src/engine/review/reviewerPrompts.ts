import type { ReviewerConfig } from '../../shared/reviewerConfig';
import type { BranchContext } from '../git/branchContext';
import { planReviewerPrompt, renderReviewerPrompt, type EarlierRounds, type IncrementalChanges } from '../prompts/reviewerPrompt';
import { splitBranch } from './branchParts';
import type { PartPrompt } from './partReviews';

// A part's diff budget: about 50k tokens of diff, well inside every model's context, in a few dozen parts for 100k lines.
const partPatchBudgetBytes = 200_000;
const partMaxPromptBytes = partPatchBudgetBytes + 60_000;

/** What each reviewer is given: one prompt, or one per part of a branch too big for one. */
export interface ReviewerPromptSet {
  /** How many parts the branch is reviewed in (1: the whole branch in one prompt). */
  partCount: number;
  /** Changed files whose diff is in no prompt (reviewers were told to read them with git). */
  filesWithoutDiff: string[];
  promptsFor(reviewer: ReviewerConfig): PartPrompt[];
}

export interface ReviewerPromptRequest {
  earlier?: EarlierRounds | undefined;
  incremental?: IncrementalChanges | undefined;
  announceFindings: boolean;
}

/**
 * One prompt per reviewer when the branch's diff fits it; otherwise the branch's files are split into parts
 * of related files whose diffs fit, and every reviewer reviews each part in its own run, so every changed
 * file's diff reaches a reviewer. An incremental review keeps one prompt (its changes since a round are small).
 */
export async function planReviewerPrompts(context: BranchContext, request: ReviewerPromptRequest): Promise<ReviewerPromptSet> {
  const { earlier, incremental, announceFindings } = request;
  // The prompt is the same for every CLI but for the tools it names, so one plan tells what was sampled.
  const wholeAtDefault = planReviewerPrompt(context, { earlier, incremental });
  // Past the usual budget, one prompt may carry more diff (it goes by stdin or a file, not as an argument).
  const larger = { patchBudgetBytes: partPatchBudgetBytes, maxPromptBytes: partMaxPromptBytes };
  const wholeLarger = wholeAtDefault.filesWithoutDiff.length > 0 && incremental === undefined && !context.patchTruncated ? planReviewerPrompt(context, { earlier, ...larger }) : null;
  const fitsLarger = wholeLarger !== null && wholeLarger.filesWithoutDiff.length === 0;
  const parts = incremental === undefined && wholeAtDefault.filesWithoutDiff.length > 0 && !fitsLarger ? await splitBranch(context, partPatchBudgetBytes) : [];
  if (parts.length <= 1) {
    const sizes = fitsLarger ? larger : {};
    const filesWithoutDiff = fitsLarger ? [] : wholeAtDefault.filesWithoutDiff;
    // The files whose diff the prompt holds: what the reviewer was given, as opposed to what it opened.
    const files = (incremental?.changes ?? context).files.map((file) => file.path).filter((file) => !filesWithoutDiff.includes(file));
    return {
      partCount: 1,
      filesWithoutDiff,
      promptsFor: (reviewer) => [{ prompt: renderReviewerPrompt(context, { cli: reviewer.cli, earlier, incremental, announceFindings, ...sizes }), files }],
    };
  }
  const partOption = (index: number) => ({ index, count: parts.length, branchFiles: context.files.length });
  return {
    partCount: parts.length,
    filesWithoutDiff: parts.flatMap((part) => planReviewerPrompt(part.context, { earlier, part: partOption(part.index), ...larger }).filesWithoutDiff),
    promptsFor: (reviewer) =>
      parts.map((part) => ({
        prompt: renderReviewerPrompt(part.context, { cli: reviewer.cli, earlier, announceFindings, part: partOption(part.index), ...larger }),
        files: part.context.files.map((file) => file.path),
      })),
  };
}
