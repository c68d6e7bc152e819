import { describeProgramValue, workspaceProgramValues } from '../shared/agentSettingsTrust';
import type { ReviewerConfig } from '../shared/reviewerConfig';

/** Whether the CLI runs in CI (GitHub Actions and most others set CI=true). */
export function runsInCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return env.GITHUB_ACTIONS === 'true' || (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0');
}

/**
 * Why agents read from a file may not be used in CI, or null. In CI the file is usually in the checkout
 * of the change under review, so a pull request could choose the program that runs with the job's
 * secrets, its flags, or where the code and a key go: `command`, `args`, `baseUrl` and `apiKeyEnv` from a
 * file are refused there; the workflow passes them inline (the option's value itself is JSON).
 */
export function programSettingsInFileProblem(agents: readonly ReviewerConfig[], option: string, file: string, env: NodeJS.ProcessEnv): string | null {
  if (!runsInCi(env)) return null;
  const values = workspaceProgramValues(agents, [], true);
  if (values.length === 0) return null;
  return `${option} ${file} sets ${values.map(describeProgramValue).join('; ')}. In CI a file in the repository may not choose a reviewer's program, flags, endpoint or key (a pull request could change it); pass these inline as JSON in ${option} (the Action's input) instead.`;
}
