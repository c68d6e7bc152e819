// Ids of what the extension contributes that both halves of the extension need: the activation entry
// registers under them before the rest is loaded, so this module imports nothing.

export const reportPanelViewType = 'deepReview.report';
export const findingsViewId = 'deepReview.findings';
/** Client commands the quick fixes run, with the finding id as their argument. */
export const showFixDiffCommandId = 'deepReview.showFixDiff';
export const dismissCommandId = 'deepReview.dismissFinding';
/** The client-side command a quick fix runs after its edit; it sends deepReview/fixApplied. */
export const fixAppliedCommandId = 'deepReview.fixApplied';
/** Applies a finding's fix (the finding id as argument; without one, a pick). */
export const applyFixCommandId = 'deepReview.applyFix';
/** Opens the report scrolled to a finding (its id as argument): a hover's "Show in report". */
export const showFindingInReportCommandId = 'deepReview.showFindingInReport';
/** The command links of a finding's hover: the client trusts exactly these in the server's hover Markdown. */
export const hoverCommandIds = [applyFixCommandId, showFindingInReportCommandId, dismissCommandId] as const;
