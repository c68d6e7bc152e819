import path from 'node:path';

/** The repository root: the extension folder loaded as "under development" in e2e tests. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Screenshots and other artifacts of test runs (ignored by git). */
export const testResultsDir = path.join(repoRoot, 'test-results');
