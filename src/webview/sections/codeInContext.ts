import type { CodeContext, Finding } from '../../shared/findingModel';
import { languageForPath } from '../../shared/languageForPath';
import { h } from '../dom';
import { highlightedLines } from '../highlight';

/**
 * The finding's lines in their context at the reviewed commit: numbered, coloured, the lines it names marked
 * (a background band, and "flagged" for screen readers). Tabs are as wide as the editor's (--tab-size).
 */
export function renderCodeInContext(finding: Finding, context: CodeContext): HTMLElement {
  const { startLine, endLine } = finding.anchor;
  const last = context.startLine + context.lines.length - 1;
  const highlighted = highlightedLines(context.lines.join('\n'), languageForPath(finding.location.path));
  const code = h('code', { class: 'hljs' });
  highlighted.forEach((content, index) => {
    const number = context.startLine + index;
    const named = number >= startLine && number <= endLine;
    code.append(
      h(
        'span',
        { class: named ? 'code-line named' : 'code-line' },
        h('span', { class: 'line-number', 'aria-hidden': 'true' }, String(number)),
        named ? h('span', { class: 'visually-hidden' }, `flagged line ${number}: `) : null,
        h('span', { class: 'line-text' }, content),
      ),
      '\n',
    );
  });
  return h(
    'figure',
    { class: 'code-context' },
    h('figcaption', { class: 'visually-hidden' }, `${finding.location.path}, lines ${context.startLine} to ${last}`),
    h('pre', { class: 'code' }, code),
  );
}
