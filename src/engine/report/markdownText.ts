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
 * Text for one table cell: pipes escaped, line breaks kept as <br>, no raw HTML, no images. Code spans
 * keep their text (only their pipes are escaped, as tables require), since escapes show literally there.
 */
export function tableCell(text: string): string {
  return inertInline(text.trim(), { cell: true }).replace(/\r\n?|\n/g, '<br>');
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

/** Text on one line, for headings and list items: inert like agentMarkdown. */
export function singleLine(text: string): string {
  return inertInline(text.replace(/\s+/g, ' ').trim());
}

/** Indents every line after the first so a multi-line text stays inside its list item; the text is made inert like agentMarkdown. */
export function indentContinuation(text: string, indent = '  '): string {
  return agentMarkdown(text.trim())
    .split('\n')
    .map((line, at) => (at === 0 || line === '' ? line : indent + line))
    .join('\n');
}

/**
 * Markdown written by an agent, a commit author or a pull request, made safe to post where raw HTML is
 * rendered (a GitHub comment): every `<` outside code becomes `&lt;`, so no HTML tag, comment, HTML
 * block or `<autolink>` survives; `![` becomes `\![`, so an image (inline or by reference) is a plain
 * link that loads nothing until clicked; a code fence left open is closed, so it cannot swallow the
 * rest of the report. Code spans and fenced code keep their text. Links stay links: following one
 * takes a click, so it cannot beacon.
 */
export function agentMarkdown(text: string): string {
  const out: string[] = [];
  let fence: { char: string; length: number } | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (fence) {
      out.push(line);
      const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(line)?.[1];
      if (close !== undefined && close[0] === fence.char && close.length >= fence.length) fence = null;
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    const run = open?.[1];
    if (run !== undefined && !(run.startsWith('`') && (open?.[2] ?? '').includes('`'))) {
      fence = { char: run.charAt(0), length: run.length };
      out.push(line);
      continue;
    }
    out.push(inertInline(line));
  }
  if (fence) out.push(fence.char.repeat(fence.length));
  return out.join('\n');
}

/**
 * One line of Markdown without raw HTML or images, read left to right as CommonMark does: a backslash
 * escape is kept as it is (`\<` is already text), a code span (a backtick run closed by a run of the
 * same length on this line) is kept verbatim, and outside code `<` is `&lt;` and `![` is `\![`. In a
 * table cell, pipes are escaped everywhere and backslashes are literal.
 */
function inertInline(line: string, options: { cell?: boolean } = {}): string {
  let out = '';
  let at = 0;
  while (at < line.length) {
    const char = line.charAt(at);
    if (char === '\\') {
      if (options.cell) {
        out += '\\\\';
        at += 1;
      } else {
        // A backslash escape (or a literal backslash): the next character is taken as text either way.
        out += line.slice(at, at + 2);
        at += 2;
      }
    } else if (char === '`') {
      const run = /^`+/.exec(line.slice(at))?.[0] ?? '`';
      const close = closingRun(line, at + run.length, run.length);
      if (close === -1) {
        // Escaped, so it cannot pair with a backtick of text placed after this one and turn that into code.
        out += '\\`'.repeat(run.length);
        at += run.length;
      } else {
        const span = line.slice(at, close + run.length);
        out += options.cell ? span.replace(/\|/g, '\\|') : span;
        at = close + run.length;
      }
    } else {
      if (char === '<') out += '&lt;';
      // Every `!`, not only before `[`: the text placed after this one may start with a bracket.
      else if (char === '!') out += '\\!';
      // An @name at a word start would notify that person or team on GitHub; a word joiner keeps it text.
      else if (char === '@' && isMentionAt(line, at)) out += `@${wordJoiner}`;
      else if (char === '|' && options.cell) out += '\\|';
      else out += char;
      at += 1;
    }
  }
  return out;
}

const wordJoiner = '\u2060';

/** GitHub reads `@name` (and `@org/team`) as a mention where the `@` does not follow a word character (an e-mail address). */
function isMentionAt(line: string, at: number): boolean {
  return /[A-Za-z0-9]/.test(line.charAt(at + 1)) && !/[A-Za-z0-9_.+-]/.test(line.charAt(at - 1));
}

/** Where the first run of exactly `length` backticks at or after `from` starts, or -1. */
function closingRun(line: string, from: number, length: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let match = runs.exec(line); match !== null; match = runs.exec(line)) {
    if (match[0].length === length) return match.index;
  }
  return -1;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
