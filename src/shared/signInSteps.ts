import type { AgentCli } from './reviewerConfig';

// The one place that says how each agent CLI is installed and signed in. Check Reviewers, the readiness
// message before a review, the engine's errors, the walkthrough and README's *Signing in* take their
// words from here (test/unit/shared/signInSteps.test.ts holds the docs to it).

export interface CliSignIn {
  /** As the user knows it: "Claude Code". */
  name: string;
  /** The npm package of the CLI. */
  npmPackage: string;
  /** The CLI's own interactive login, started in a terminal: its arguments and what to do in it. */
  login: { args: readonly string[]; then: string | null; alternative: string | null };
  /** The variable Deep Review sets from a key stored with "Set API key…" (and that the user may export instead). */
  apiKeyVariable: string;
  /** Where else the CLI reads that key, besides the environment. */
  apiKeyFile: string | null;
  /** Where such a key comes from, for the input box. */
  apiKeyHelp: string;
  /** A variable users expect to work but the CLI ignores in a review, with why. */
  ignoredVariable: { name: string; why: string } | null;
  /** How to review with a local or self-hosted model instead of a sign-in. */
  localModel: string;
}

export const cliSignIn: Record<AgentCli, CliSignIn> = {
  claude: {
    name: 'Claude Code',
    npmPackage: '@anthropic-ai/claude-code',
    login: { args: [], then: 'sign in with /login', alternative: null },
    apiKeyVariable: 'ANTHROPIC_API_KEY',
    apiKeyFile: null,
    apiKeyHelp: 'An Anthropic API key (console.anthropic.com → API keys).',
    ignoredVariable: null,
    localModel: 'an Anthropic-compatible gateway in ANTHROPIC_BASE_URL (with ANTHROPIC_AUTH_TOKEN)',
  },
  codex: {
    name: 'Codex',
    npmPackage: '@openai/codex',
    login: { args: ['login'], then: null, alternative: 'ChatGPT account, or `printenv OPENAI_API_KEY | codex login --with-api-key`' },
    apiKeyVariable: 'CODEX_API_KEY',
    apiKeyFile: null,
    apiKeyHelp: 'An OpenAI API key (platform.openai.com → API keys); `codex exec` reads it from CODEX_API_KEY.',
    ignoredVariable: { name: 'OPENAI_API_KEY', why: '`codex exec` does not read it' },
    localModel: "a local or OpenAI-compatible server in the reviewer's baseUrl (and apiKeyEnv)",
  },
  gemini: {
    name: 'Gemini CLI',
    npmPackage: '@google/gemini-cli',
    login: { args: [], then: 'sign in with Google', alternative: null },
    apiKeyVariable: 'GEMINI_API_KEY',
    apiKeyFile: '~/.gemini/.env',
    apiKeyHelp: 'A Gemini API key (aistudio.google.com → Get API key).',
    ignoredVariable: null,
    localModel: 'a Gemini-compatible endpoint in GOOGLE_GEMINI_BASE_URL',
  },
};

/** The program a CLI is started as when its command is not configured. */
export const defaultCommand: Record<AgentCli, string> = { claude: 'claude', codex: 'codex', gemini: 'gemini' };

export function installCommand(cli: AgentCli): string {
  return `npm install -g ${cliSignIn[cli].npmPackage}`;
}

/** The login as typed in a terminal: "`claude`", "`codex login`". */
export function loginCommand(cli: AgentCli): string {
  return `\`${[defaultCommand[cli], ...cliSignIn[cli].login.args].join(' ')}\``;
}

/** "Run `claude` in a terminal and sign in with /login": the CLI's own login, in words. */
export function loginStepText(cli: AgentCli): string {
  const { then, alternative } = cliSignIn[cli].login;
  return `Run ${loginCommand(cli)} in a terminal${then === null ? '' : ` and ${then}`}${alternative === null ? '' : ` (${alternative})`}`;
}

/** The next step when the CLI cannot sign in, as Check Reviewers, the engine's errors and the docs say it. */
export function signInStep(cli: AgentCli): string {
  const { apiKeyVariable, apiKeyFile } = cliSignIn[cli];
  return `${loginStepText(cli)}, or set ${apiKeyVariable} in the environment VS Code starts from${apiKeyFile === null ? '' : ` (or in ${apiKeyFile})`}.`;
}

export function installHint(cli: AgentCli): string {
  return `Install ${cliSignIn[cli].name} (${installCommand(cli)}), or set "command" to the path of \`${defaultCommand[cli]}\` for this reviewer in deepReview.reviewers.`;
}
