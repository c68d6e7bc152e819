import type { Severity } from '../../shared/findingModel';
import { codicon, h } from '../dom';
import { severityIcon } from '../labels';
import { renderMarkdown } from '../markdown';

// Building blocks of the report sections. Agent and GitHub text enters only as text nodes (h) or
// through renderMarkdown (markdown-it without HTML, then DOMPurify).

export type Content = Node | string | false | null | undefined;

/** A report section: an h2 and its content, labelled by the heading. */
export function section(title: string, id: string, ...children: Content[]): HTMLElement {
  return h('section', { id, class: 'report-section', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);
}

export function none(text = 'None.'): HTMLElement {
  return h('p', { class: 'none' }, text);
}

export function markdownBlock(text: string): HTMLElement {
  return h('div', { class: 'markdown' }, renderMarkdown(text));
}

export function code(text: string): HTMLElement {
  return h('code', {}, text);
}

/** A reviewer's badge; with `filedAs`, the severity it filed a finding at when the report settled on another. */
/** `partial`: the reviewer was stopped at its budget and reported this before it finished. */
export function reviewerBadge(reviewerId: string, filedAs?: Severity, partial = false): HTMLElement {
  const title = [filedAs ? `${reviewerId} filed this as ${filedAs}` : `Reported by ${reviewerId}`, partial ? ' (a partial run: stopped at its budget)' : ''].join('');
  const badge = h('span', { class: 'reviewer', title }, codicon('hubot'), h('span', { class: 'reviewer-id' }, reviewerId));
  if (filedAs) badge.append(h('span', { class: `filed-as severity-${filedAs}` }, codicon(severityIcon[filedAs]), `filed as ${filedAs}`));
  if (partial) badge.append(h('span', { class: 'partial-run' }, codicon('watch'), 'partial run'));
  return badge;
}

export function reviewerBadges(reviewerIds: readonly string[]): HTMLElement {
  return h('span', { class: 'reviewers' }, ...reviewerIds.map((id) => reviewerBadge(id)));
}

export interface TableColumn {
  header: string;
  /** A class for the column's cells, e.g. "number" (right-aligned) or "wide". */
  className?: string;
}

/** A table with column headers; it scrolls inside its own box rather than widen the page. */
export function dataTable(className: string, columns: readonly TableColumn[], rows: ReadonlyArray<ReadonlyArray<Content>>): HTMLElement {
  const cell = (column: TableColumn | undefined, content: Content): HTMLElement => h('td', column?.className ? { class: column.className } : {}, content);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: className },
      h('thead', {}, h('tr', {}, ...columns.map((column) => h('th', column.className ? { scope: 'col', class: column.className } : { scope: 'col' }, column.header)))),
      h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((content, index) => cell(columns[index], content))))),
    ),
  );
}

/** A link to a finding card in the page; it also moves keyboard focus there. */
export function findingLink(findingId: string): HTMLElement {
  const link = h('a', { href: `#finding-${findingId}`, class: 'finding-link' }, findingId);
  link.addEventListener('click', (event) => {
    const target = document.getElementById(`finding-${findingId}`);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  });
  return link;
}
