// Requests of bench/support/diagnosticsHost.ts, beyond the LSP ones.

/** Params `{ file }`: a ReviewReport as JSON; the host parses it and answers with its finding count. */
export const loadReportRequest = 'bench/loadReport';
/** Publishes the loaded report's diagnostics as the server does after a review (FindingStore.replace). */
export const publishRequest = 'bench/publish';
/** Withdraws every diagnostic (FindingStore.clear). */
export const clearRequest = 'bench/clear';
