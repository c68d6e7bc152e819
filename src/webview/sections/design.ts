import type { AttributedObservation } from '../../shared/reportModel';
import { h, withInlineCode } from '../dom';
import { markdownBlock, none, reviewerBadges, section } from './parts';

/** Design Observations: concerns, then strengths, each with its scope and who raised it. */
export function renderDesignObservations(observations: readonly AttributedObservation[]): HTMLElement {
  return section('Design Observations', 'design', ...group('Concerns', 'concern', observations), ...group('Strengths', 'strength', observations));
}

function group(title: string, kind: AttributedObservation['kind'], observations: readonly AttributedObservation[]): HTMLElement[] {
  const items = observations.filter((observation) => observation.kind === kind);
  return [h('h3', {}, title), items.length === 0 ? none() : h('ul', { class: 'observations' }, ...items.map(renderObservation))];
}

function renderObservation(observation: AttributedObservation): HTMLElement {
  return h(
    'li',
    { class: `observation ${observation.kind}` },
    h(
      'div',
      { class: 'observation-heading' },
      h('strong', { class: 'observation-title' }, ...withInlineCode(observation.title)),
      h('span', { class: `scope ${observation.scope}` }, observation.scope === 'in-scope' ? 'in scope' : 'future work'),
      reviewerBadges(observation.reviewerIds),
    ),
    observation.body.trim() !== '' && markdownBlock(observation.body),
  );
}
