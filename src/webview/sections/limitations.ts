import type { ReviewReport } from '../../shared/reportModel';
import { codicon, h } from '../dom';
import { none, section } from './parts';

/** Limitations the author stated, quoted from commit messages or the pull request, with where each came from. */
export function renderAcknowledgedLimitations(limitations: ReviewReport['acknowledgedLimitations']): HTMLElement {
  if (limitations.length === 0) return section('Acknowledged Limitations', 'limitations', none('None stated in the commit messages or the pull request.'));
  return section(
    'Acknowledged Limitations',
    'limitations',
    h(
      'ul',
      { class: 'limitations' },
      ...limitations.map((limitation) =>
        h('li', {}, codicon('quote'), h('span', { class: 'quote' }, `“${limitation.quote}”`), h('span', { class: 'source' }, ` — ${limitation.source}`)),
      ),
    ),
  );
}
