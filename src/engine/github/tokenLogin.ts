import type { GhRunner } from './ghRunner';

/**
 * The login of the token's account: GraphQL `viewer` answers for user tokens and GitHub App installation
 * tokens alike (REST /user refuses the latter with 403); /user is asked when GraphQL fails. Null when neither answers.
 */
export async function tokenLogin(gh: GhRunner, host: string): Promise<string | null> {
  const viewer = await gh(['api', '--hostname', host, 'graphql', '-f', 'query={ viewer { login } }', '--jq', '.data.viewer.login']);
  if (viewer.exitCode === 0 && viewer.stdout.trim() !== '') return viewer.stdout.trim();
  const user = await gh(['api', '--hostname', host, 'user', '--jq', '.login']);
  return user.exitCode === 0 && user.stdout.trim() !== '' ? user.stdout.trim() : null;
}
