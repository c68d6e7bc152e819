import fs from 'node:fs';
import path from 'node:path';
import { createPrivateConfigHome, homeOf, type PrivateConfigHome } from '../privateConfigHome';

// Claude Code keeps its state in ~/.claude.json (or $CLAUDE_CONFIG_DIR/.claude.json), including one
// entry per project. A legacy entry (e.g. `enabledMcpjsonServers`) made every review write
// `.claude/settings.local.json` into the user's repository, whatever --setting-sources said. A run
// gets its own CLAUDE_CONFIG_DIR instead, holding the sign-in only.

/** Top-level keys of .claude.json a run needs: who is signed in and that onboarding is done. Never `projects`. */
const carriedKeys = ['oauthAccount', 'userID', 'hasCompletedOnboarding', 'lastOnboardingVersion', 'primaryApiKey', 'customApiKeyResponses'] as const;

/** The user's Claude config folder and state file, as Claude Code finds them. */
export function userClaudeConfig(env: NodeJS.ProcessEnv): { configDir: string; stateFile: string } {
  const configured = env.CLAUDE_CONFIG_DIR?.trim();
  if (configured) return { configDir: configured, stateFile: path.join(configured, '.claude.json') };
  const home = homeOf(env);
  return { configDir: path.join(home, '.claude'), stateFile: path.join(home, '.claude.json') };
}

/** The private CLAUDE_CONFIG_DIR of one run: the user's credentials file linked, their sign-in keys copied. */
export function createClaudeHome(env: NodeJS.ProcessEnv, parent?: string): PrivateConfigHome {
  const user = userClaudeConfig(env);
  return createPrivateConfigHome({
    prefix: 'deep-review-claude-',
    cli: 'Claude Code',
    links: { '.credentials.json': path.join(user.configDir, '.credentials.json') },
    files: { '.claude.json': `${JSON.stringify(carriedState(user.stateFile))}\n` },
    parent,
  });
}

function carriedState(stateFile: string): Record<string, unknown> {
  let state: unknown;
  try {
    state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return { hasCompletedOnboarding: true };
  }
  if (typeof state !== 'object' || state === null) return { hasCompletedOnboarding: true };
  const carried: Record<string, unknown> = { hasCompletedOnboarding: true };
  for (const key of carriedKeys) {
    const value = (state as Record<string, unknown>)[key];
    if (value !== undefined) carried[key] = value;
  }
  return carried;
}
