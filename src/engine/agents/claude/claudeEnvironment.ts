import type { AgentEnvironmentSpec } from '../agentEnvironment';

/** Claude Code's variables, and the cloud credentials it needs only in Bedrock or Vertex mode. */
export const claudeEnvironmentSpec: AgentEnvironmentSpec = {
  vendorPrefixes: ['ANTHROPIC_', 'CLAUDE_', 'CLAUDE_CODE_'],
  conditionalPrefixes: [
    { whenSet: 'CLAUDE_CODE_USE_BEDROCK', prefixes: ['AWS_'] },
    { whenSet: 'CLAUDE_CODE_USE_VERTEX', prefixes: ['GOOGLE_', 'GCLOUD_', 'CLOUDSDK_', 'CLOUD_ML_', 'VERTEX_REGION_'] },
  ],
  quietVariables: {
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // Also skips the `git status` Claude Code runs itself at start, outside any permission check and
    // with its own git variables instead of ours: it ran the user's global clean filter on the
    // branch's files (agentGitIsolation cannot reach that process). A reviewer needs no commit workflow.
    CLAUDE_CODE_DISABLE_GIT_INSTRUCTIONS: '1',
  },
};
