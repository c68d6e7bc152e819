import fs from 'node:fs';
import path from 'node:path';
import type { ReviewParams } from '../../../src/shared/protocol';

// What the language-server tests run a review with: the real `claude` (the npm devDependency) talking to a
// scripted Anthropic server, with a private HOME and Claude config under `scratch`.

const claudeBin = path.resolve(__dirname, '..', '..', '..', 'node_modules', '.bin', 'claude');

/** The server's environment: Claude Code pointed at the scripted model server, no retries. */
export function claudeServerEnv(scratch: string, modelUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: scratch,
    CLAUDE_CONFIG_DIR: fs.mkdtempSync(path.join(scratch, 'claude-')),
    ANTHROPIC_BASE_URL: modelUrl,
    ANTHROPIC_API_KEY: 'sk-test',
    CLAUDE_CODE_MAX_RETRIES: '0',
  };
}

/** deepReview/review parameters: one Claude Code reviewer, no consolidator, base `main`, nothing written. */
export function claudeReviewParams(cwd: string, workDoneToken?: string): ReviewParams {
  return {
    cwd,
    baseBranch: 'main',
    reviewers: [{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin, enabled: true }],
    consolidator: null,
    outDir: null,
    ...(workDoneToken === undefined ? {} : { workDoneToken }),
  };
}
