// Building blocks that keep text written by agents (or commit authors) from breaking the Markdown around it.

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function fencedBlock(content: string, language = ''): string {
  const body = content.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

/** Inline code that survives backticks in the text. */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/\s*[\r\n]+\s*/g, ' ');
  const ticks = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const padding = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${ticks}${padding}${oneLine}${padding}${ticks}`;
}

/**
 * Text for one table cell: pipes escaped, line breaks kept as <br>, no raw HTML. Code spans keep
 * their text (only their pipes are escaped, as tables require), since escapes show literally there.
 */
export function tableCell(text: string): string {
  return text
    .trim()
    .replace(/(`+)[^`]*?\1|[\\<|]/g, (match) => {
      if (match.startsWith('`')) return match.replace(/\|/g, '\\|');
      return match === '<' ? '&lt;' : `\\${match}`;
    })
    .replace(/\r\n?|\n/g, '<br>');
}

/** Inline code inside a table cell: only the pipe needs escaping there. */
export function tableCode(text: string): string {
  return inlineCode(text).replace(/\|/g, '\\|');
}

/** A table from already-escaped cells; the first row is the header. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align: ReadonlyArray<'left' | 'right'> = []): string {
  const separator = header.map((_, column) => (align[column] === 'right' ? '---:' : '---'));
  return [header, separator, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Text on one line, for headings and list items. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Indents every line after the first so a multi-line text stays inside its list item. */
export function indentContinuation(text: string, indent = '  '): string {
  return text
    .trim()
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line, at) => (at === 0 || line === '' ? line : indent + line))
    .join('\n');
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
