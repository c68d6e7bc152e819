import { execFile } from 'node:child_process';
import os from 'node:os';
import type { AuthCheck, ReviewerCheck } from '../../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { installHint } from '../../../shared/signInSteps';
import { checkBinary, resolveCommand } from '../binaryCheck';
import { codexReviewerEnvironment } from './codexEnvironment';
import { codexLoginStep } from './codexOutcome';
import { builtInProvider, codexProviderOf, endpointProviderId, type CodexProvider } from './codexProvider';

export const codexInstallHint = installHint('codex');

const noiseLine = /^WARNING: proceeding, even though we could not create PATH aliases/;

/** Codex installed, its version, and whether it can sign in: `codex login status`, CODEX_API_KEY, or a custom provider's key. */
export async function checkCodex(reviewer: ReviewerConfig, baseEnv: NodeJS.ProcessEnv): Promise<ReviewerCheck> {
  const env = codexReviewerEnvironment(baseEnv, reviewer);
  const command = reviewer.command ?? 'codex';
  const found = resolveCommand(command, env);
  // Version and sign-in asked at once: each is a start of the CLI, and Review Branch waits for both.
  const [binary, auth] = await Promise.all([
    checkBinary(command, env, codexInstallHint),
    found === null ? Promise.resolve<AuthCheck>({ status: 'unknown', detail: 'Not checked: the CLI was not found.', nextStep: null }) : codexAuth(found, env, baseEnv, codexProviderOf(reviewer)),
  ]);
  return { reviewerId: reviewer.id, cli: 'codex', model: reviewer.model, binary, auth };
}

async function codexAuth(codex: string, env: Record<string, string>, baseEnv: NodeJS.ProcessEnv, provider: CodexProvider): Promise<AuthCheck> {
  if (provider.local) return { status: 'ok', detail: 'Local open-source provider (--oss); no sign-in needed.', nextStep: null };
  if (provider.id !== builtInProvider) return customProviderAuth(provider, env, baseEnv);
  const status = await loginStatus(codex, env);
  if (status.exitCode === 0) return { status: 'ok', detail: `${status.text.replace(/\.$/, '')} (codex login status).`, nextStep: null };
  // `codex exec` also signs in with CODEX_API_KEY, which `codex login status` does not report.
  if (isSet(env.CODEX_API_KEY)) return { status: 'ok', detail: 'CODEX_API_KEY is set.', nextStep: null };
  if (/not logged in/i.test(status.text)) {
    const openAiKey = isSet(env.OPENAI_API_KEY) ? ' OPENAI_API_KEY is set, but `codex exec` does not read it.' : '';
    return { status: 'missing', detail: `Codex is not logged in and CODEX_API_KEY is not set.${openAiKey}`, nextStep: codexLoginStep };
  }
  const said = status.text === '' ? 'no output' : status.text;
  return { status: 'unknown', detail: `\`codex login status\` failed: ${said}`, nextStep: codexLoginStep };
}

function customProviderAuth(provider: CodexProvider, env: Record<string, string>, baseEnv: NodeJS.ProcessEnv): AuthCheck {
  const fromBaseUrl = provider.id === endpointProviderId;
  const name = fromBaseUrl ? `Endpoint ${provider.baseUrl ?? ''} (baseUrl)` : `Custom provider "${provider.id}"${provider.baseUrl === null ? '' : ` (${provider.baseUrl})`}`;
  if (provider.envKey === null && fromBaseUrl) return { status: 'ok', detail: `${name}, no API key sent (apiKeyEnv is not set).`, nextStep: null };
  if (provider.envKey === null) return { status: 'unknown', detail: `${name} without env_key: Deep Review cannot check how it signs in.`, nextStep: null };
  if (isSet(env[provider.envKey])) return { status: 'ok', detail: `${name}, key from ${provider.envKey}.`, nextStep: null };
  // A baseUrl's apiKeyEnv is always passed on, so a variable set in VS Code's environment never gets here.
  if (isSet(baseEnv[provider.envKey])) {
    return {
      status: 'missing',
      detail: `${name} reads its key from ${provider.envKey}, which Deep Review does not pass to Codex.`,
      nextStep: `Rename the variable to start with CODEX_ or OPENAI_ (e.g. CODEX_${provider.envKey}) and set env_key to match.`,
    };
  }
  return { status: 'missing', detail: `${name} reads its key from ${provider.envKey}, which is not set.`, nextStep: `Set ${provider.envKey} in the environment VS Code starts from.` };
}

/** `codex login status` prints to stderr and exits 0 when logged in ("Logged in using ChatGPT", "API key configured - sk-…"), 1 when not. */
function loginStatus(codex: string, env: Record<string, string>): Promise<{ exitCode: number | null; text: string }> {
  return new Promise((resolve) => {
    // From the home folder: never from a repository, whose project config could take part.
    execFile(codex, ['login', 'status'], { env, cwd: os.homedir(), timeout: 20_000, maxBuffer: 256 * 1024 }, (error, stdout, stderr) => {
      const lines = `${stdout}\n${stderr}`
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !noiseLine.test(line) && line !== 'Authentication is checked when you send a request.');
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ exitCode, text: lines.join(' ') });
    });
  });
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
