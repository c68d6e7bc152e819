import hljs from 'highlight.js/lib/common';

// Syntax colours for code in the report: highlight.js (the languages of its "common" build) runs in the page
// under its CSP — no eval, no inline styles: it only names token classes, which media/report.css colours
// from the editor theme's variables. Its HTML is never inserted: it is read back into DOM nodes here.

/** highlight.js's name for a fence language from languageForPath, or null when it has none. */
function hljsLanguage(language: string): string | null {
  if (language === '') return null;
  return hljs.getLanguage(language) ? language : null;
}

/** Each line of `code` as DOM nodes with highlight.js's token classes (plain text when the language is unknown). */
export function highlightedLines(code: string, language: string): DocumentFragment[] {
  const name = hljsLanguage(language);
  if (name === null) return code.split('\n').map((line) => fragmentOf(document.createTextNode(line)));
  return linesOfHighlightedHtml(hljs.highlight(code, { language: name, ignoreIllegals: true }).value);
}

function fragmentOf(node: Node): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(node);
  return fragment;
}

const entities: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };

/**
 * highlight.js's output (escaped text in nested `<span class="…">`) as one fragment per source line: a token
 * that spans lines (a block comment, a template string) is closed at each line's end and reopened on the next.
 */
function linesOfHighlightedHtml(html: string): DocumentFragment[] {
  const lines: DocumentFragment[] = [];
  let line = document.createDocumentFragment();
  /** The classes of the spans open at this point, outermost first, and their elements on the current line. */
  const open: Array<{ className: string; element: HTMLElement }> = [];
  const container = (): Node => open.at(-1)?.element ?? line;
  const newLine = (): void => {
    lines.push(line);
    line = document.createDocumentFragment();
    let parent: Node = line;
    for (const span of open) {
      span.element = document.createElement('span');
      span.element.className = span.className;
      parent.appendChild(span.element);
      parent = span.element;
    }
  };
  for (const token of html.matchAll(/<span class="([^"]*)">|<\/span>|([^<]+)/g)) {
    const [whole, className, text] = token;
    if (className !== undefined) {
      const element = document.createElement('span');
      element.className = className;
      container().appendChild(element);
      open.push({ className, element });
    } else if (whole === '</span>') {
      open.pop();
    } else if (text !== undefined) {
      const parts = text.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (entity) => entities[entity] ?? entity).split('\n');
      parts.forEach((part, index) => {
        if (index > 0) newLine();
        if (part !== '') container().appendChild(document.createTextNode(part));
      });
    }
  }
  lines.push(line);
  return lines;
}
