import { agentEnvironment, type AgentEnvironmentSpec } from '../agentEnvironment';

/** Gemini CLI's own variables and the Google credentials and endpoints its sign-in methods read. */
export const geminiEnvironmentSpec: AgentEnvironmentSpec = {
  vendorPrefixes: [
    'GEMINI_',
    'GOOGLE_GEMINI_',
    'GOOGLE_GENAI_',
    'GOOGLE_API_KEY',
    'GOOGLE_CLOUD_',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'GOOGLE_VERTEX_BASE_URL',
    'CLOUD_SHELL',
  ],
  quietVariables: {
    // One process: without it the CLI re-spawns itself and the parent ignores SIGTERM.
    GEMINI_CLI_NO_RELAUNCH: 'true',
  },
};

/**
 * Gemini variables of the user's environment that would undo the isolation or change what a review
 * runs: another home, a replacement system prompt, the IDE companion (trust and diffs from the
 * editor), trusted-folder lists, sandboxes and activity logging.
 */
const droppedVariables = /^(GEMINI_CLI_HOME|GEMINI_SYSTEM_MD|GEMINI_WRITE_SYSTEM_MD|GEMINI_CLI_IDE_.*|GEMINI_CLI_TRUSTED_FOLDERS_PATH|GEMINI_SANDBOX.*|GEMINI_CLI_ACTIVITY_LOG_TARGET|GEMINI_CLI_TRUST_WORKSPACE)$/;

export interface GeminiRunPaths {
  /** Deep Review's private Gemini home for this run. */
  home: string;
  /** Our reviewer instructions, used as the system prompt. */
  systemPromptPath: string;
  /** Private temp folder: Gemini CLI's error reports (which hold the conversation) land there, not in the shared one. */
  tempDir: string;
}

/** The environment of one Gemini CLI run: the user's Gemini and Google variables, then the isolation switches. */
export function geminiEnvironment(base: NodeJS.ProcessEnv, paths: GeminiRunPaths): Record<string, string> {
  const env = Object.entries(agentEnvironment(base, geminiEnvironmentSpec)).filter(([name]) => !droppedVariables.test(name));
  return {
    ...Object.fromEntries(env),
    GEMINI_CLI_HOME: paths.home,
    // The worktree is never trusted: its .gemini/settings.json, .gemini/.env and system.md are not read.
    GEMINI_CLI_TRUST_WORKSPACE: 'false',
    GEMINI_SYSTEM_MD: paths.systemPromptPath,
    ...(process.platform === 'win32' ? { TEMP: paths.tempDir, TMP: paths.tempDir } : { TMPDIR: paths.tempDir }),
  };
}

/** The environment for `gemini --version` and the sign-in check (no run, so no private home). */
export function geminiCheckEnvironment(base: NodeJS.ProcessEnv): Record<string, string> {
  return agentEnvironment(base, geminiEnvironmentSpec);
}
