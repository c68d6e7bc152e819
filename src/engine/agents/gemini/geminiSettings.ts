import { geminiThinking } from './geminiEffort';

export interface GeminiSettingsInput {
  /** The user's sign-in method (`security.auth`), carried over from their own settings. */
  auth: { selectedType: string | null; enforcedType: string | null; useExternal: boolean | null };
  model: string;
  effort: string;
  /** Tries per model request (Gemini CLI retries 429/5xx with backoff; its default is 10, which can take minutes). */
  maxAttempts: number;
  maxSessionTurns: number;
}

/** Three tries ride out a brief 429 or 5xx (backoff of seconds) without stalling a review for minutes. */
export const defaultGeminiMaxAttempts = 3;
export const defaultGeminiMaxSessionTurns = 100;

/**
 * The user-level settings.json of Deep Review's private Gemini home. Workspace settings are never
 * read (the run is untrusted, GEMINI_CLI_TRUST_WORKSPACE=false); these switch off folder trust so an
 * untrusted headless run is allowed at all, and everything else a review does not need.
 */
export function geminiSettings(input: GeminiSettingsInput): { settings: Record<string, unknown>; warnings: string[] } {
  const thinking = geminiThinking(input.effort, input.model);
  const auth = Object.fromEntries(Object.entries(input.auth).filter(([, value]) => value !== null));
  const settings = {
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: input.maxAttempts },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    security: {
      // With trust checks on, an untrusted folder exits 55 in headless mode.
      folderTrust: { enabled: false },
      disableYoloMode: true,
      auth,
    },
    // The root .env of the branch (and of folders above it) is not read.
    advanced: { ignoreLocalEnv: true },
    experimental: { enableAgents: false },
    skills: { enabled: false },
    hooksConfig: { enabled: false },
    // Everything in the checkout is under review: the branch's .gitignore/.geminiignore must not hide files from the reviewer.
    context: { fileFiltering: { respectGitIgnore: false, respectGeminiIgnore: false } },
    model: { maxSessionTurns: input.maxSessionTurns },
    ...(thinking.overrides.length === 0 ? {} : { modelConfigs: { customOverrides: thinking.overrides } }),
  };
  return { settings, warnings: thinking.warnings };
}
