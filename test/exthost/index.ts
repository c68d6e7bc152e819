import '../../src/shared/zodSetup';
import { editorCommandChecks } from './editorCommandChecks';
import { extensionChecks } from './extensionChecks';
import { runChecks } from './harness';
import { reportCommandChecks } from './reportCommandChecks';
import { reviewCommandChecks } from './reviewCommandChecks';

// Entry point the extension host loads as extensionTestsPath (bundled to out/exthost/index.js by
// `node scripts/build.mjs --exthost-tests`). Run with scripts/run-exthost-tests.mjs.
export function run(): Promise<void> {
  return runChecks([...extensionChecks, ...reviewCommandChecks, ...reportCommandChecks, ...editorCommandChecks]);
}
