import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { inertMarkdown, inertText } from '../../../src/server/inertMarkdown';

// A finding's hover is Markdown whose command links the editor runs (Apply fix, Dismiss…). An agent's text
// may be prompt-injected: a link of its own in the body would run our commands with the agent's arguments.
// Each vector is rendered by a CommonMark renderer first without the protection (the control: a command link
// appears), then through inertMarkdown (no link but http(s), no HTML, no image).

const renderer = new MarkdownIt({ html: true, linkify: true });
const hrefs = (markdown: string): string[] => [...renderer.render(markdown).matchAll(/<(?:a|img)\b[^>]*?(?:href|src)="([^"]*)"/g)].map((match) => match[1] ?? '');
const applyC1 = 'command:deepReview.applyFix?%5B%22C1%22%5D';

const vectors: Record<string, string> = {
  'inline link': `Run [Apply fix](${applyC1}) now.`,
  'reference link': `See [the fix][go].\n\n[go]: ${applyC1}`,
  'collapsed reference': `[go][]\n\n[go]: ${applyC1} "title"`,
  'angle autolink': `<${applyC1}>`,
  'angle destination': `[x](<${applyC1}>)`,
  'raw HTML link': `<a href="${applyC1}">Apply</a>`,
  'link in a list item': `- first\n- [Apply](${applyC1})`,
  'link in a block quote': `> [Apply](${applyC1})`,
  'link in a heading': `# [Apply](${applyC1})`,
  'link after a fence inside a list item': `- item\n  \`\`\`\n[Apply](${applyC1})\n\`\`\``,
  'link after an unclosed code span': `\`open [Apply](${applyC1})`,
  'link in a table': `| a | b |\n|---|---|\n| [Apply](${applyC1}) | x |`,
  'link around an image': `[![i](https://example.com/i.png)](${applyC1})`,
};

for (const [name, body] of Object.entries(vectors)) {
  test(`agent text cannot carry a command link into the hover: ${name}`, () => {
    assert.ok(hrefs(body).some((href) => href.startsWith('command:')), `control: without the protection the ${name} renders a command link`);
    const safe = inertMarkdown(body);
    assert.deepEqual(hrefs(safe).filter((href) => !/^https?:/.test(href)), [], `no link but http(s) in: ${safe}`);
    assert.doesNotMatch(renderer.render(safe), /<a href="command:|<img|<a\s/i);
  });
}

test('raw HTML and images from agent text are shown as text, never rendered', () => {
  const body = 'Look <img src="https://evil.example/beacon.png"> and ![x](https://evil.example/b.png) <script>alert(1)</script>';
  assert.match(renderer.render(body), /<img src="https:\/\/evil/, 'control: the image loads without the protection');
  const html = renderer.render(inertMarkdown(body));
  assert.doesNotMatch(html, /<img|<script/);
  assert.match(html, /&lt;script&gt;/);
});

test('the text keeps its meaning: emphasis, code spans, fenced code, lists and web links survive', () => {
  const body = 'Uses **bold**, *em* and `a[i] <b>`.\n\n```go\nfor i := range xs { _ = xs[i] }\n```\n\n- one\n- two\n\nSee [docs](https://go.dev/doc).';
  const html = renderer.render(inertMarkdown(body));
  assert.match(html, /<strong>bold<\/strong>/);
  assert.match(html, /<em>em<\/em>/);
  assert.match(html, /<code>a\[i\] &lt;b&gt;<\/code>/);
  assert.match(html, /<pre><code class="language-go">for i := range xs \{ _ = xs\[i\] \}\n<\/code><\/pre>/);
  assert.match(html, /<li>one<\/li>\s*<li>two<\/li>/);
  assert.match(html, /<a href="https:\/\/go.dev\/doc">docs<\/a>/);
});

test('a fence in the agent text cannot close ours: code with backtick runs stays one block', () => {
  const body = '````\n```\n[x](command:evil)\n````';
  const html = renderer.render(inertMarkdown(body));
  assert.equal((html.match(/<pre>/g) ?? []).length, 1);
  assert.doesNotMatch(html, /<a /);
});

test('a title is one inert line: Markdown in it shows as typed', () => {
  const title = '[Apply](command:deepReview.applyFix) **now**\n# heading';
  const html = renderer.render(inertText(title));
  assert.doesNotMatch(html, /<a |<strong>|<h1>/);
  assert.match(html, /\[Apply\]\(command:deepReview.applyFix\) \*\*now\*\* # heading/);
});
