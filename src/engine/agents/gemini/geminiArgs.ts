import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { geminiExtraArgs } from '../extraArgs/cliExtraArgs';
import { checkedExtraArgs } from '../extraArgs/extraArgs';
import { geminiAllowedCommands, geminiReadTools } from './geminiPolicy';

/**
 * The user message given with `-p`. Gemini CLI expands `@path` in it into file contents (and rewrites
 * the text around them), so the review prompt, with its diff full of `@` (decorators, e-mail
 * addresses, npm scopes), goes into the system prompt instead, and this message has no `@`.
 */
export const geminiUserMessage =
  'Review the branch as your instructions describe. Explore the checkout with your tools as needed, then end your final reply with the answer object alone in a ```json fenced block.';

export interface GeminiArgsInput {
  reviewer: ReviewerConfig;
  policyPath: string;
}

/**
 * The isolated Gemini CLI command line (see the agent-isolation recipe): stream-json events, the
 * read-only policy, no extensions or MCP servers, and never `--skip-trust` (which would make the
 * worktree trusted after settings load, opening its .gemini/.env and system.md). The reviewer's own
 * args come last, if the allowlist accepts them.
 */
export function geminiArgs(input: GeminiArgsInput): string[] {
  const { reviewer } = input;
  return [
    '-p',
    geminiUserMessage,
    '--model',
    reviewer.model,
    '--output-format',
    'stream-json',
    '--policy',
    input.policyPath,
    '--extensions',
    'none',
    '--allowed-mcp-server-names',
    'none',
    ...checkedExtraArgs(reviewer, geminiExtraArgs),
  ];
}

/** The system prompt: the review prompt, how its tools are called in Gemini CLI, and the answer schema. */
export function geminiSystemPrompt(prompt: string, answerSchema: Record<string, unknown>): string {
  const code = (values: readonly string[]): string => values.map((value) => `\`${value}\``).join(', ');
  return [
    prompt.trimEnd(),
    '',
    '## Working in Gemini CLI',
    '',
    `- Your tools: ${code(geminiReadTools)} for files inside the checkout, and \`run_shell_command\` for ${code(geminiAllowedCommands)} only. Any other command is refused.`,
    '- Always pass `--no-ext-diff` to `git diff`, `git show` and `git log -p`: this shell sets an empty external diff tool, and git fails without the flag.',
    '- Options that write files or read outside the checkout (`--output`, `--no-index`, `--ext-diff`, `--textconv`, `-O`), paths outside the checkout (starting with `/` or `~`, or with `..`), `$`, backticks and `>` are refused.',
    '- You have no StructuredOutput tool. End your final reply with the answer object alone in a ```json fenced block. It must validate against this JSON schema:',
    '',
    '```json',
    JSON.stringify(answerSchema, null, 2),
    '```',
    '',
  ].join('\n');
}
