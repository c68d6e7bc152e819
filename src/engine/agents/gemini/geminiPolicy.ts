// Gemini CLI's policy engine rules for a read-only reviewer (verified with 0.61, see the agent-isolation
// recipe). Passed with `--policy`; anything not allowed here is denied, and nobody is asked.

/** Built-in tools that only read files inside the workspace. */
export const geminiReadTools = ['read_file', 'read_many_files', 'list_directory', 'glob', 'grep_search'] as const;

/** Shell commands the reviewer may run (prefix match on the whole command, after Gemini splits `;`, `&&`, `|`). */
export const geminiAllowedCommands = ['git diff', 'git log', 'git show', 'git status'] as const;

/**
 * Matched against the tool call's arguments as JSON: options that would turn an allowed git command into a
 * write (`--output`), a read outside the worktree (`--no-index`), or a program run (`--ext-diff`,
 * `--textconv`, `-O<orderfile>`), shell expansion or redirection, and any path outside the worktree: an
 * argument (or option value, quoted or not) starting with `/` or `~`, or going up with `..` — git switches
 * to no-index mode by itself when a path is outside the repository (`git diff /dev/null ~/.ssh/id_rsa`).
 * No groups: Gemini CLI silently drops a pattern with a quantified group (its isSafeRegExp), so a
 * `(?:…)?` here would switch the whole rule off.
 */
export const geminiDeniedArgsPattern =
  String.raw`--output|--no-index|--ext-diff|--textconv|-O|\$|` + '`' + String.raw`|>|[\s=][/~]|[\s=]\\"[/~]|[\s=]\x27[/~]|\.\./|[/\s=]\.\.[/\s\x27"\\]`;

export const geminiDenyMessage = 'Deep Review runs read-only: only reading files and git diff/log/show/status are allowed';

/** The policy file's TOML text. */
export function geminiReadOnlyPolicy(): string {
  return [
    '# Written by Deep Review for one review run: read-only tools, everything else denied.',
    '[[rule]]',
    `toolName = ${tomlArray(geminiReadTools)}`,
    'decision = "allow"',
    'priority = 900',
    '',
    '[[rule]]',
    'toolName = "run_shell_command"',
    `commandPrefix = ${tomlArray(geminiAllowedCommands)}`,
    'decision = "allow"',
    'priority = 900',
    '',
    '[[rule]]',
    'toolName = "run_shell_command"',
    // A TOML literal string: backslashes are kept as is for the regular expression.
    `argsPattern = '${geminiDeniedArgsPattern}'`,
    'decision = "deny"',
    'priority = 950',
    'denyMessage = "this option is not allowed in a read-only review"',
    '',
    '[[rule]]',
    'toolName = "*"',
    'decision = "deny"',
    'priority = 100',
    `denyMessage = ${JSON.stringify(geminiDenyMessage)}`,
    '',
  ].join('\n');
}

function tomlArray(values: readonly string[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
}
