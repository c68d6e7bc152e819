import fs from 'node:fs';
import path from 'node:path';
import { resolveCommand } from '../../../src/engine/agents/binaryCheck';
import { TempRepo } from '../../fixtures/gitRepo';
import type { GithubApiServer } from '../../fixtures/githubServer/githubApiServer';

export const owner = 'acme';
export const repoName = 'widgets';
export const token = 'gho_fixture_token_1234';

/** These tests run the real GitHub CLI; scripts/setup-tools.sh installs it (Debian package `gh`). */
export function requireGh(): void {
  if (resolveCommand('gh', process.env) === null) {
    throw new Error('The GitHub CLI `gh` is not on PATH: run `bash scripts/setup-tools.sh` (or `sudo apt-get install gh`) before these tests.');
  }
}

/** A clone of github.com/acme/widgets on `branch`, one commit ahead of main. */
export function createPullRequestRepo(branch: string): { repo: TempRepo; head: string } {
  const repo = TempRepo.create({ 'src/login.ts': 'export const login = () => true;\n' });
  repo.git('remote', 'add', 'origin', `https://github.com/${owner}/${repoName}.git`);
  repo.branch(branch);
  repo.write({ 'src/login.ts': 'export const login = (user: string) => user.length > 0;\n' });
  const head = repo.commitAll('Check the user name');
  return { repo, head };
}

/**
 * The environment the user would have: gh on PATH, a home folder of its own, gh's config pointing at the fake
 * server and, unless `withToken` is false, a token in GH_TOKEN.
 */
export function userEnv(server: GithubApiServer, options: { withToken?: boolean; extra?: Record<string, string> } = {}): NodeJS.ProcessEnv {
  const home = path.join(server.dir, 'home');
  fs.mkdirSync(home, { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: home,
    GH_CONFIG_DIR: server.ghConfigDir,
    ...(options.withToken === false ? {} : { GH_TOKEN: token }),
    ...options.extra,
  };
}

/** Where `command` is on this process's PATH. */
export function execPathOf(command: string): string {
  const found = resolveCommand(command, process.env);
  if (found === null) throw new Error(`${command} is not on PATH`);
  return found;
}
