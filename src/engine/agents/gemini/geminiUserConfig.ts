import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

// What Deep Review reads from the user's own Gemini CLI setup (never from the reviewed branch): the
// sign-in method and where its credentials are, so a run in Deep Review's private Gemini home can
// authenticate exactly as `gemini` does in the user's terminal.

/** Auth methods of Gemini CLI 0.61 (`security.auth.selectedType`). */
export const geminiAuthTypes = {
  google: 'oauth-personal',
  apiKey: 'gemini-api-key',
  vertex: 'vertex-ai',
  cloudShell: 'cloud-shell',
  computeAdc: 'compute-default-credentials',
} as const;

/** Credential files Gemini CLI keeps in `~/.gemini`: Google sign-in, its account, and keys stored without a keychain. */
export const geminiCredentialFiles = ['oauth_creds.json', 'google_accounts.json', 'gemini-credentials.json'] as const;

/** The only variables Gemini CLI takes from a `.env` file of an untrusted folder (its AUTH_ENV_VAR_WHITELIST). */
export const geminiEnvFileVariables = ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION'] as const;

export interface GeminiUserAuth {
  selectedType: string | null;
  enforcedType: string | null;
  useExternal: boolean | null;
  /** Why the user's settings.json could not be read (it is then treated as empty). */
  settingsError: string | null;
}

/** The part of the user's settings.json read here; anything else, or a field of another type, is ignored. */
const userSettingsSchema = z.looseObject({
  security: z
    .looseObject({
      auth: z
        .looseObject({
          selectedType: z.string().optional().catch(undefined),
          enforcedType: z.string().optional().catch(undefined),
          useExternal: z.boolean().optional().catch(undefined),
        })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/** The folder Gemini CLI treats as home: GEMINI_CLI_HOME when set, else the user's home. */
export function userGeminiHome(env: NodeJS.ProcessEnv): string {
  const configured = env.GEMINI_CLI_HOME?.trim();
  if (configured) return configured;
  const home = env.HOME?.trim();
  return home ? home : os.homedir();
}

/** `security.auth` of the user's `~/.gemini/settings.json`. */
export function readUserAuth(geminiHome: string): GeminiUserAuth {
  const file = path.join(geminiHome, '.gemini', 'settings.json');
  const empty: GeminiUserAuth = { selectedType: null, enforcedType: null, useExternal: null, settingsError: null };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? empty : { ...empty, settingsError: `${file} cannot be read: ${(error as Error).message}` };
  }
  let settings: unknown;
  try {
    settings = JSON.parse(stripJsonComments(text));
  } catch (error) {
    return { ...empty, settingsError: `${file} is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = userSettingsSchema.safeParse(settings);
  if (!parsed.success) return { ...empty, settingsError: `${file} does not hold a settings object` };
  const auth = parsed.data.security?.auth;
  return { selectedType: auth?.selectedType ?? null, enforcedType: auth?.enforcedType ?? null, useExternal: auth?.useExternal ?? null, settingsError: null };
}

/** The auth method Gemini CLI derives from the environment when settings name none (its getAuthTypeFromEnv, minus gateway mode). */
export function authTypeFromEnv(env: NodeJS.ProcessEnv): string | null {
  if (env.GOOGLE_GENAI_USE_GCA === 'true') return geminiAuthTypes.google;
  if (env.GOOGLE_GENAI_USE_VERTEXAI === 'true') return geminiAuthTypes.vertex;
  if (isSet(env.GEMINI_API_KEY)) return geminiAuthTypes.apiKey;
  if (env.CLOUD_SHELL === 'true' || env.GEMINI_CLI_USE_COMPUTE_ADC === 'true') return geminiAuthTypes.computeAdc;
  return null;
}

/** The user's env file Gemini CLI falls back to: `~/.gemini/.env`, else `~/.env`. */
export function userEnvFile(geminiHome: string): string | null {
  for (const candidate of [path.join(geminiHome, '.gemini', '.env'), path.join(geminiHome, '.env')]) {
    if (isFile(candidate)) return candidate;
  }
  return null;
}

/** Which of Gemini's auth variables `file` (dotenv format) sets to a non-empty value. */
export function variablesInEnvFile(file: string | null): Set<string> {
  const found = new Set<string>();
  if (file === null) return found;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return found;
  }
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    const value = match?.[2]?.trim().replace(/^(['"])(.*)\1$/, '$2') ?? '';
    if (match?.[1] && value !== '' && (geminiEnvFileVariables as readonly string[]).includes(match[1])) found.add(match[1]);
  }
  return found;
}

export function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function isSet(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

/** Gemini CLI's settings files may hold line and block comments, as its own reader strips them. */
export function stripJsonComments(text: string): string {
  return text.replace(/("(?:[^"\\\n]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_match: string, quoted: string | undefined) => quoted ?? '');
}

export interface GeminiSignIn extends GeminiUserAuth {
  /** The user's Gemini home (`GEMINI_CLI_HOME` or home). */
  home: string;
  /** The auth method a run uses: the user's selected one, else the one the environment implies. */
  type: string | null;
  /** The user's `.env` Gemini CLI reads auth variables from, and which of them it sets. */
  envFile: string | null;
  envFileVariables: Set<string>;
}

/** How Gemini CLI signs in for this user, from their settings, environment and env file. */
export function geminiSignIn(env: NodeJS.ProcessEnv): GeminiSignIn {
  const home = userGeminiHome(env);
  const auth = readUserAuth(home);
  const envFile = userEnvFile(home);
  const envFileVariables = variablesInEnvFile(envFile);
  const withFile = { ...env, ...Object.fromEntries([...envFileVariables].filter((name) => !isSet(env[name])).map((name) => [name, 'set in env file'])) };
  return { ...auth, home, type: auth.selectedType ?? authTypeFromEnv(withFile), envFile, envFileVariables };
}
