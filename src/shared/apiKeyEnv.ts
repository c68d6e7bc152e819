/**
 * Variables a reviewer's apiKeyEnv may never name, because another reviewer, `gh` or git reads them:
 * naming one would send that secret (a Claude or Gemini key, a cloud credential, a GitHub token) to the
 * reviewer's endpoint. Covers every prefix the Claude Code and Gemini CLI environments pass on.
 */
export const othersKeyPrefixes = [
  'ANTHROPIC_',
  'CLAUDE_',
  'GEMINI_',
  'GOOGLE_',
  'GCLOUD_',
  'CLOUDSDK_',
  'CLOUD_ML_',
  'CLOUD_SHELL',
  'VERTEX_',
  'AWS_',
  'AZURE_',
  'GH_',
  'GITHUB_',
  'GIT_',
  'SSH_',
] as const;

/** Codex's own OpenAI keys: fine for OpenAI's API, never for another endpoint. */
const openAiKeys = ['OPENAI_API_KEY', 'CODEX_API_KEY'];
const openAiHost = 'api.openai.com';

/** Why `apiKeyEnv` may not name this variable for the endpoint at `baseUrl`; null when it may. */
export function apiKeyEnvProblem(apiKeyEnv: string, baseUrl: string | undefined): string | null {
  const name = apiKeyEnv.toUpperCase();
  const prefix = othersKeyPrefixes.find((candidate) => name.startsWith(candidate));
  if (prefix !== undefined) {
    return `apiKeyEnv ${JSON.stringify(apiKeyEnv)} names a variable (${prefix}…) that another reviewer, gh or git uses; that secret must not go to this endpoint. Put the endpoint's own key in a variable of its own (e.g. LOCAL_LLM_KEY) and name that.`;
  }
  if (openAiKeys.includes(name) && hostOf(baseUrl) !== openAiHost) {
    return `apiKeyEnv ${JSON.stringify(apiKeyEnv)} is Codex's OpenAI key, which goes to ${openAiHost} only, not to ${baseUrl ?? 'this endpoint'}. Put the endpoint's own key in a variable of its own (e.g. LOCAL_LLM_KEY) and name that.`;
  }
  return null;
}

function hostOf(url: string | undefined): string | null {
  try {
    return url === undefined ? null : new URL(url).hostname;
  } catch {
    return null;
  }
}
