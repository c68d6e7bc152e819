import fs from 'node:fs';
import type { AuthCheck, ReviewerCheck } from '../../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { agentEnvironment } from '../agentEnvironment';
import { checkBinary } from '../binaryCheck';
import { opencodeProviderOf } from './opencodeConfig';
import { opencodeKeyVariables } from './opencodeEnvironment';
import { opencodeAuthFile } from './opencodeHome';

export const opencodeInstallHint = 'Install opencode (npm install -g opencode-ai), or set "command" to the path of `opencode` for this reviewer in deepReview.reviewers.';

/** What to do when opencode has no sign-in for the reviewer's provider. */
export function opencodeLoginStep(provider: string | null): string {
  const which = provider === null ? 'the provider of the model' : `"${provider}"`;
  return `Run \`opencode auth login\` in a terminal and sign in to ${which}, or set its API key variable in the environment VS Code starts from. No account: give the reviewer "baseUrl" of a local OpenAI-compatible server (e.g. Ollama's http://127.0.0.1:11434/v1) and that server's model name.`;
}

/** opencode installed, its version, and whether the reviewer's provider has a sign-in. */
export async function checkOpencode(reviewer: ReviewerConfig, baseEnv: NodeJS.ProcessEnv): Promise<ReviewerCheck> {
  const binary = await checkBinary(reviewer.command ?? 'opencode', agentEnvironment(baseEnv, { vendorPrefixes: [], quietVariables: { NO_COLOR: '1' } }), opencodeInstallHint);
  return { reviewerId: reviewer.id, cli: 'opencode', model: reviewer.model, binary, auth: opencodeAuthCheck(reviewer, baseEnv) };
}

/**
 * Reads what opencode would: the reviewer's endpoint (no account), else the provider's key variable, else
 * the provider's entry in opencode's sign-in file (`opencode auth login`).
 */
export function opencodeAuthCheck(reviewer: ReviewerConfig, env: NodeJS.ProcessEnv): AuthCheck {
  if (reviewer.baseUrl !== undefined) {
    if (reviewer.apiKeyEnv !== undefined && !env[reviewer.apiKeyEnv]) {
      return { status: 'missing', detail: `The endpoint's key variable ${reviewer.apiKeyEnv} is not set.`, nextStep: `Set ${reviewer.apiKeyEnv} in the environment VS Code starts from, or remove apiKeyEnv if ${reviewer.baseUrl} needs no key.` };
    }
    return { status: 'ok', detail: `OpenAI-compatible endpoint ${reviewer.baseUrl}${reviewer.apiKeyEnv === undefined ? ' (no key)' : ` (key in ${reviewer.apiKeyEnv})`}; no opencode account needed.`, nextStep: null };
  }
  const provider = opencodeProviderOf(reviewer);
  if (provider === null) {
    return {
      status: 'missing',
      detail: `opencode names models "provider/model"; "${reviewer.model}" names no provider.`,
      nextStep: 'Set the reviewer\'s model to e.g. "anthropic/claude-sonnet-4-5" or "openai/gpt-5.5" (`opencode models` lists them), or give it a baseUrl.',
    };
  }
  const variable = opencodeKeyVariables(reviewer).find((name) => Boolean(env[name]));
  if (variable !== undefined) return { status: 'ok', detail: `${variable} is set (provider "${provider}").`, nextStep: null };
  const authFile = opencodeAuthFile(env);
  const signedIn = signedInProviders(authFile);
  if (signedIn === null) return { status: 'missing', detail: `No opencode sign-in found (${authFile} does not exist).`, nextStep: opencodeLoginStep(provider) };
  if (signedIn.includes(provider)) return { status: 'ok', detail: `Signed in to "${provider}" with \`opencode auth login\` (${authFile}).`, nextStep: null };
  return {
    status: 'missing',
    detail: `opencode has no sign-in for "${provider}" (${authFile} has ${signedIn.length === 0 ? 'none' : signedIn.map((name) => `"${name}"`).join(', ')}).`,
    nextStep: opencodeLoginStep(provider),
  };
}

/** The providers in opencode's sign-in file; null when there is none (or it cannot be read). */
export function signedInProviders(authFile: string): string[] | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(authFile, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.keys(parsed) : [];
  } catch {
    return null;
  }
}
