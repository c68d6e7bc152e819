import MarkdownIt from 'markdown-it';

// Agent text for a hover. The editor renders hovers as trusted Markdown (our own command links must work),
// so the text an agent wrote — possibly prompt-injected — must not carry a link of its own: a
// `[Apply](command:…)` in a finding's body would run a command with the agent's arguments. Rather than
// escaping the agent's Markdown in place (which only works if we parse it exactly as the editor does),
// it is parsed here and written out again: every text character escaped, code kept as code in fences and
// spans we choose, http(s) links kept, any other link reduced to its text, raw HTML shown as text.

const parser = new MarkdownIt({ html: false, linkify: false, typographer: false });
type Token = ReturnType<typeof parser.parse>[number];

/** Markdown that renders the agent's text, in which no link but an http(s) one, no image and no HTML can come from the text itself. */
export function inertMarkdown(text: string): string {
  return writeBlocks(parser.parse(text, {})).replace(/\n{3,}/g, '\n\n').trim();
}

/** One line of agent text (a title) as inert Markdown text: no formatting, links or code from it. */
export function inertText(text: string): string {
  return escapeText(text.replace(/\s+/g, ' ').trim());
}

const punctuation = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

function escapeText(text: string): string {
  return text.replace(punctuation, (char) => `\\${char}`);
}

/** Writes block tokens, each line prefixed by its blockquote markers and list indentation. */
function writeBlocks(tokens: readonly Token[]): string {
  const out: string[] = [];
  const lists: Array<{ ordered: boolean; next: number }> = [];
  let marker: string | null = null;
  let quoteDepth = 0;
  let heading = false;
  let row: string[] | null = null;
  // Every list level indents by three columns ("-  ", "1. "): an item's later blocks stay inside it.
  const push = (lines: readonly string[]): void => {
    const quote = '> '.repeat(quoteDepth);
    const first = marker === null ? '   '.repeat(lists.length) : '   '.repeat(lists.length - 1) + marker;
    const rest = '   '.repeat(lists.length);
    out.push(lines.map((line, at) => quote + (at === 0 ? first : rest) + line).join('\n'));
    marker = null;
  };
  const endBlock = (): void => {
    if (lists.length === 0) out.push('');
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ ordered: token.type === 'ordered_list_open', next: Number(token.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        endBlock();
        break;
      case 'list_item_open': {
        const list = lists.at(-1);
        marker = list?.ordered ? `${String(list.next++)}. `.padEnd(3) : '-  ';
        break;
      }
      case 'blockquote_open':
        quoteDepth += 1;
        break;
      case 'blockquote_close':
        quoteDepth -= 1;
        endBlock();
        break;
      case 'heading_open':
        heading = true;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        push([(row ?? []).join(' · ')]);
        row = null;
        endBlock();
        break;
      case 'inline': {
        const text = writeInline(token.children ?? []);
        if (row) row.push(text.replace(/\n/g, ' '));
        // A hover is small: headings are bold lines.
        else push((heading && text !== '' ? `**${text}**` : text).split('\n'));
        break;
      }
      case 'paragraph_close':
      case 'heading_close':
        heading = false;
        endBlock();
        break;
      case 'fence':
      case 'code_block':
        push(fence(token.content, token.type === 'fence' ? token.info : '').split('\n'));
        endBlock();
        break;
      case 'hr':
        push(['***']);
        endBlock();
        break;
      default:
        break;
    }
  }
  return out.join('\n');
}

function writeInline(children: readonly Token[]): string {
  let out = '';
  const linkEnds: string[] = [];
  for (const child of children) {
    switch (child.type) {
      case 'text':
      case 'html_inline':
        out += escapeText(child.content);
        break;
      case 'code_inline':
        out += codeSpan(child.content);
        break;
      case 'softbreak':
        out += '\n';
        break;
      case 'hardbreak':
        out += '\\\n';
        break;
      case 'strong_open':
      case 'strong_close':
        out += '**';
        break;
      case 'em_open':
      case 'em_close':
        out += '*';
        break;
      case 's_open':
      case 's_close':
        out += '~~';
        break;
      case 'link_open': {
        const href = String(child.attrGet('href') ?? '');
        const web = isWebLink(href);
        if (web) out += '[';
        linkEnds.push(web ? `](<${encodeURI(decodeSafely(href))}>)` : '');
        break;
      }
      case 'link_close':
        out += linkEnds.pop() ?? '';
        break;
      case 'image':
        // No image loads from agent text: its description is shown instead.
        out += escapeText(child.content);
        break;
      default:
        break;
    }
  }
  return out;
}

function isWebLink(href: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(href);
}

function decodeSafely(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}

function codeSpan(content: string): string {
  const oneLine = content.replace(/\r?\n/g, ' ');
  const ticks = '`'.repeat(longestRun(oneLine, '`') + 1);
  const padding = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine.trim() === '' ? ' ' : '';
  return `${ticks}${padding}${oneLine}${padding}${ticks}`;
}

function fence(content: string, info: string): string {
  const body = content.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const ticks = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  const language = /^[\w+#.-]{1,30}/.exec(info.trim())?.[0] ?? '';
  return `${ticks}${language}\n${body}\n${ticks}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const each of text) {
    run = each === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
