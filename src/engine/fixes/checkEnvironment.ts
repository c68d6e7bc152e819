// The check runs the branch's own code (its tests, its build): it gets the user's environment, so
// toolchains are found, but not the secrets in it, nothing that points git elsewhere, and no handle on the
// editor that started it (VS Code's IPC sockets let a process open files or run commands in the window).
const secretName = /API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY|SESSION_KEY|AUTH/i;
const editorOrGitPrefixes = ['GIT_', 'VSCODE_', 'ELECTRON_'];
const vendorPrefixes = ['ANTHROPIC_', 'CLAUDE_', 'OPENAI_', 'CODEX_', 'GEMINI_', 'GOOGLE_GENAI_', 'AZURE_OPENAI_'];

export interface CheckEnvironmentInput {
  base: NodeJS.ProcessEnv;
  /** The user's repository (not the scratch worktree), for checks that borrow its installed dependencies. */
  repoRoot: string;
  /** The finding whose fix is applied, or null for the run without any fix. */
  findingId: string | null;
}

export function checkEnvironment({ base, repoRoot, findingId }: CheckEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || secretName.test(name) || editorOrGitPrefixes.some((prefix) => name.startsWith(prefix))) continue;
    if (vendorPrefixes.some((prefix) => name.startsWith(prefix))) continue;
    env[name] = value;
  }
  env.DEEP_REVIEW_REPO_ROOT = repoRoot;
  env.DEEP_REVIEW_FINDING = findingId ?? '';
  return env;
}
