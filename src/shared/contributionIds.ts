// Ids of what the extension contributes that both halves of the extension need: the activation entry
// registers under them before the rest is loaded, so this module imports nothing.

export const reportPanelViewType = 'deepReview.report';
export const findingsViewId = 'deepReview.findings';
/** Client commands the quick fixes run, with the finding id as their argument. */
export const showFixDiffCommandId = 'deepReview.showFixDiff';
export const dismissCommandId = 'deepReview.dismissFinding';
/** The client-side command a quick fix runs after its edit; it sends deepReview/fixApplied. */
export const fixAppliedCommandId = 'deepReview.fixApplied';
