import path from 'node:path';
import { createPrivateConfigHome, homeOf, type PrivateConfigHome } from '../privateConfigHome';

// Codex keeps its login (auth.json), its config with project trust entries, sessions and caches in
// CODEX_HOME (~/.codex). A run gets a private CODEX_HOME holding only the login.

export function userCodexHome(env: NodeJS.ProcessEnv): string {
  const configured = env.CODEX_HOME?.trim();
  return configured ? configured : path.join(homeOf(env), '.codex');
}

/** The private CODEX_HOME of one run, with the user's auth.json linked. */
export function createCodexHome(env: NodeJS.ProcessEnv, parent?: string): PrivateConfigHome {
  return createPrivateConfigHome({ prefix: 'deep-review-codex-home-', cli: 'Codex', links: { 'auth.json': path.join(userCodexHome(env), 'auth.json') }, parent });
}
