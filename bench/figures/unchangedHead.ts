import type { FigureReport } from '../support/results';

// Figure 6: re-opening the review of a branch whose HEAD has not changed. The product has no such path yet,
// so there is nothing to time; the figure says so instead of timing something else.

export function unchangedHeadFigure(): FigureReport {
  return {
    number: 6,
    title: 'Unchanged HEAD',
    measurements: [
      { what: 'agent calls when re-opening the review of an unchanged branch', value: 'not implemented', target: '0', status: 'not implemented' },
      { what: 'time until the stored report is shown', value: 'not implemented', target: '≤ 200 ms', status: 'not implemented' },
    ],
    details: [
      'Not measured: there is no cached re-open. Every "Review Branch" runs `runReviewWithTranscripts`, which starts every enabled reviewer and the',
      'consolidator again, even when the branch\'s last recorded round (`startRound` in src/engine/review/reviewRounds.ts reads it as `previousRound`) was',
      'made at the same HEAD; "Open Last Report" only re-shows the report kept in memory by the current window. The stored round is there to be read',
      '(`ReviewStore.loadRound`), so the figure can be measured once a review of an unchanged HEAD returns it instead of running the agents.',
    ],
  };
}
