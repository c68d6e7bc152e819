import type { CodeContext, Finding } from '../../shared/findingModel';
import { languageForPath } from '../../shared/languageForPath';
import { h } from '../dom';
import { highlightedLines } from '../highlight';

/**
 * The finding's lines in their context at the reviewed commit: numbered, the lines it names marked (a
 * background band, and "flagged" for screen readers), tabs as wide as the editor's (--tab-size). The text is
 * shown at once; its colours follow in idle time (highlightSoon), so they never delay the report's first paint.
 */
export function renderCodeInContext(finding: Finding, context: CodeContext): HTMLElement {
  const { startLine, endLine } = finding.anchor;
  const last = context.startLine + context.lines.length - 1;
  const code = h('code', { class: 'hljs' });
  const texts = context.lines.map((line, index) => {
    const number = context.startLine + index;
    const named = number >= startLine && number <= endLine;
    const text = h('span', { class: 'line-text' }, line);
    code.append(
      h(
        'span',
        { class: named ? 'code-line named' : 'code-line' },
        h('span', { class: 'line-number', 'aria-hidden': 'true' }, String(number)),
        named ? h('span', { class: 'visually-hidden' }, `flagged line ${number}: `) : null,
        text,
      ),
      '\n',
    );
    return text;
  });
  highlightSoon(() => {
    highlightedLines(context.lines.join('\n'), languageForPath(finding.location.path)).forEach((content, index) => { texts[index]?.replaceChildren(content); });
  });
  return h(
    'figure',
    { class: 'code-context' },
    h('figcaption', { class: 'visually-hidden' }, `${finding.location.path}, lines ${context.startLine} to ${last}`),
    h('pre', { class: 'code' }, code),
  );
}

const pending: Array<() => void> = [];
let scheduled = false;

/** Colours code blocks in idle periods, a few milliseconds at a time, in the order their cards were built. */
function highlightSoon(job: () => void): void {
  pending.push(job);
  if (scheduled) return;
  scheduled = true;
  requestIdleCallback(runPending, { timeout: 300 });
}

function runPending(deadline: IdleDeadline): void {
  while (pending.length > 0 && (deadline.timeRemaining() > 4 || deadline.didTimeout)) {
    pending.shift()?.();
    if (deadline.didTimeout) break;
  }
  if (pending.length > 0) requestIdleCallback(runPending, { timeout: 300 });
  else scheduled = false;
}
