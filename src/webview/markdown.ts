import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

// Agent text is untrusted: markdown-it with raw HTML off, then DOMPurify with a short allowlist.
// No images (tracking beacons), links only to http(s) and in-page anchors.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

const allowedTags = ['p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 's', 'del'];

export function renderMarkdown(text: string): DocumentFragment {
  const html = DOMPurify.sanitize(markdown.render(text), {
    ALLOWED_TAGS: allowedTags,
    ALLOWED_ATTR: ['href', 'title'],
    ALLOWED_URI_REGEXP: /^(?:https?:|#)/i,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const link of html.querySelectorAll('a')) link.setAttribute('rel', 'noreferrer noopener');
  return html;
}
