import { execFile } from 'node:child_process';
import os from 'node:os';
import { z } from 'zod';
import type { AuthCheck, ReviewerCheck } from '../../../shared/reviewerCheck';
import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { installHint, signInStep } from '../../../shared/signInSteps';
import { agentEnvironment } from '../agentEnvironment';
import { checkBinary, resolveCommand } from '../binaryCheck';
import { claudeEnvironmentSpec } from './claudeEnvironment';

export const claudeInstallHint = installHint('claude');
export const claudeLoginStep = signInStep('claude');

const authStatusSchema = z.looseObject({
  loggedIn: z.boolean(),
  authMethod: z.string().optional(),
  apiProvider: z.string().optional(),
  apiKeySource: z.string().optional(),
});

/** Claude Code installed, its version, and `claude auth status` as the CLI itself sees it. */
export async function checkClaude(reviewer: ReviewerConfig, baseEnv: NodeJS.ProcessEnv): Promise<ReviewerCheck> {
  const env = agentEnvironment(baseEnv, claudeEnvironmentSpec);
  const command = reviewer.command ?? 'claude';
  const found = resolveCommand(command, env);
  // Version and sign-in asked at once: each is a start of the CLI, and Review Branch waits for both.
  const [binary, auth] = await Promise.all([
    checkBinary(command, env, claudeInstallHint),
    found === null ? Promise.resolve<AuthCheck>({ status: 'unknown', detail: 'Not checked: the CLI was not found.', nextStep: null }) : claudeAuthStatus(found, env),
  ]);
  return { reviewerId: reviewer.id, cli: 'claude', model: reviewer.model, binary, auth };
}

function claudeAuthStatus(claude: string, env: Record<string, string>): Promise<AuthCheck> {
  return new Promise((resolve) => {
    // From the home folder: never from a repository whose project settings could add an apiKeyHelper.
    execFile(claude, ['auth', 'status', '--json'], { env, cwd: os.homedir(), timeout: 20_000, maxBuffer: 256 * 1024 }, (_error, stdout) => {
      let status;
      try {
        status = authStatusSchema.parse(JSON.parse(stdout));
      } catch {
        resolve({ status: 'unknown', detail: '`claude auth status` gave no readable answer.', nextStep: claudeLoginStep });
        return;
      }
      if (!status.loggedIn) {
        resolve({ status: 'missing', detail: 'Claude Code is not logged in and no API key is set.', nextStep: claudeLoginStep });
        return;
      }
      const method = status.apiKeySource ?? status.authMethod ?? 'logged in';
      const provider = status.apiProvider && status.apiProvider !== 'firstParty' ? ` via ${status.apiProvider}` : '';
      resolve({ status: 'ok', detail: `Authenticated (${method}${provider}).`, nextStep: null });
    });
  });
}
