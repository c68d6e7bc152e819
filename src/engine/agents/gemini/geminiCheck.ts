import path from 'node:path';
import type { AuthCheck, ReviewerCheck } from '../../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { cliSignIn, installHint, signInStep } from '../../../shared/signInSteps';
import { checkBinary } from '../binaryCheck';
import { geminiCheckEnvironment } from './geminiEnvironment';
import { geminiAuthTypes, geminiSignIn, isFile, isSet, type GeminiSignIn } from './geminiUserConfig';

export const geminiInstallHint = installHint('gemini');
export const geminiLoginStep = signInStep('gemini');

/** Gemini CLI installed, its version, and whether the sign-in it would use is in place. */
export async function checkGemini(reviewer: ReviewerConfig, baseEnv: NodeJS.ProcessEnv): Promise<ReviewerCheck> {
  const binary = await checkBinary(reviewer.command ?? 'gemini', geminiCheckEnvironment(baseEnv), geminiInstallHint, cliSignIn.gemini.npmPackage);
  return { reviewerId: reviewer.id, cli: 'gemini', model: reviewer.model, binary, auth: geminiAuthCheck(baseEnv) };
}

/**
 * Gemini CLI has no "auth status" command, so this reads what it would read: the auth method in the
 * user's settings (else the one the environment implies), then that method's credentials. Keys kept
 * in the system keychain cannot be seen, so that case is "unknown" rather than "missing".
 */
export function geminiAuthCheck(env: NodeJS.ProcessEnv): AuthCheck {
  const signIn = geminiSignIn(env);
  if (signIn.settingsError !== null) return { status: 'unknown', detail: `Gemini CLI's settings could not be read: ${signIn.settingsError}.`, nextStep: null };
  if (signIn.type === null) {
    return {
      status: 'missing',
      detail: `No Gemini CLI sign-in found: no auth method in ${settingsFile(signIn)} and none of GEMINI_API_KEY, GOOGLE_GENAI_USE_VERTEXAI or GOOGLE_GENAI_USE_GCA is set.`,
      nextStep: geminiLoginStep,
    };
  }
  if (signIn.enforcedType !== null && signIn.enforcedType !== signIn.type) {
    return {
      status: 'missing',
      detail: `Your Gemini CLI settings enforce the auth method "${signIn.enforcedType}", but "${signIn.type}" is selected.`,
      nextStep: `Run \`gemini\` in a terminal and sign in with the enforced method (${signIn.enforcedType}).`,
    };
  }
  if (signIn.useExternal === true) return { status: 'unknown', detail: `Gemini CLI uses external authentication (${signIn.type}); Deep Review cannot check it.`, nextStep: null };
  return methodCheck(signIn, env);
}

function methodCheck(signIn: GeminiSignIn, env: NodeJS.ProcessEnv): AuthCheck {
  const has = (name: string): boolean => isSet(env[name]) || signIn.envFileVariables.has(name);
  const source = (name: string): string => (isSet(env[name]) ? `${name} is set` : `${name} is set in ${signIn.envFile ?? 'the env file'}`);
  const geminiDir = path.join(signIn.home, '.gemini');
  switch (signIn.type) {
    case geminiAuthTypes.google: {
      const creds = path.join(geminiDir, 'oauth_creds.json');
      if (isFile(creds)) return { status: 'ok', detail: `Signed in with Google (credentials in ${creds}).`, nextStep: null };
      if (env.GEMINI_FORCE_ENCRYPTED_FILE_STORAGE === 'true' || isFile(path.join(geminiDir, 'gemini-credentials.json'))) {
        return { status: 'unknown', detail: 'Sign in with Google is selected; its credentials are in the keychain or an encrypted file, which Deep Review does not read.', nextStep: null };
      }
      return { status: 'missing', detail: `Sign in with Google is selected, but there are no saved credentials in ${creds}.`, nextStep: 'Run `gemini` in a terminal and sign in with Google.' };
    }
    case geminiAuthTypes.apiKey:
      if (has('GEMINI_API_KEY')) return { status: 'ok', detail: `Gemini API key (${source('GEMINI_API_KEY')}).`, nextStep: null };
      return {
        status: 'unknown',
        detail: 'Gemini API key is selected, but GEMINI_API_KEY is not set; a key Gemini CLI saved in the system keychain cannot be checked.',
        nextStep: 'Set GEMINI_API_KEY in the environment VS Code starts from (or in ~/.gemini/.env), or run `gemini` and sign in with Google.',
      };
    case geminiAuthTypes.vertex:
      if (has('GOOGLE_CLOUD_PROJECT') && has('GOOGLE_CLOUD_LOCATION')) {
        return { status: 'ok', detail: `Vertex AI (${source('GOOGLE_CLOUD_PROJECT')}, ${source('GOOGLE_CLOUD_LOCATION')}; Google Cloud credentials are not checked).`, nextStep: null };
      }
      if (has('GOOGLE_API_KEY')) return { status: 'ok', detail: `Vertex AI express mode (${source('GOOGLE_API_KEY')}).`, nextStep: null };
      return {
        status: 'missing',
        detail: 'Vertex AI is selected, but neither GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION nor GOOGLE_API_KEY is set.',
        nextStep: 'Set GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION (or GOOGLE_API_KEY) in the environment VS Code starts from, or run `gemini` and choose another sign-in.',
      };
    case geminiAuthTypes.cloudShell:
    case geminiAuthTypes.computeAdc:
      return { status: 'unknown', detail: `Gemini CLI uses this machine's Google Cloud default credentials (${signIn.type}); Deep Review cannot check them.`, nextStep: null };
    default:
      return { status: 'unknown', detail: `Gemini CLI's auth method "${signIn.type ?? ''}" is not one Deep Review knows.`, nextStep: geminiLoginStep };
  }
}

function settingsFile(signIn: GeminiSignIn): string {
  return path.join(signIn.home, '.gemini', 'settings.json');
}
