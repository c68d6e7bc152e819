/**
 * Which of `paths` the tool calls name (a Read of the file, a grep in it, `git diff -- path`), as far as
 * their one-line details show. A whole-branch `git diff` names no file, so this counts files looked at by name.
 */
export function filesMentioned(paths: readonly string[], toolDetails: readonly string[]): string[] {
  if (toolDetails.length === 0) return [];
  return paths.filter((path) => {
    const pattern = new RegExp(`(?:^|[\\s'"=:(,])(?:\\./)?${escapeRegExp(path)}(?:$|[\\s'"):,])`);
    return toolDetails.some((detail) => detail.includes(path) && pattern.test(detail));
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
