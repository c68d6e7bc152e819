import { severities, type Finding, type Location } from '../../shared/findingModel';
import { isActiveFinding, statusOf, type FindingStatuses } from '../../shared/findingStatus';
import { renderFixDiff } from '../../shared/fixDiff';
import type { SeverityChange } from '../../shared/reportModel';
import { codicon, h } from '../dom';
import { severityIcon, severityLabel } from '../labels';
import { renderMarkdown } from '../markdown';
import { renderFindingToolbar, renderStatusBadge, updateStatusBadge, updateToolbar, type FindingActions, type FindingButtons } from './findingToolbar';
import { reviewerBadge } from './parts';

export type { FindingActions } from './findingToolbar';

/** What every card needs: the actions, and whether the report is the live one (see showReport). */
export interface FindingContext {
  actions: FindingActions;
  live: boolean;
}

/** A rendered finding and the parts of it that change while the report is shown. */
export interface FindingCard {
  readonly finding: Finding;
  readonly article: HTMLElement;
  readonly locationButton: HTMLButtonElement;
  readonly badge: HTMLElement;
  readonly buttons: FindingButtons;
  /** Open or regressed; kept up to date by applyFindingStatus. */
  active: boolean;
}

/** One finding's card: heading, status, location and reporters, actions, how its severity changed, the quoted code, the body and the fix. */
export function renderFinding(finding: Finding, context: FindingContext, statuses: FindingStatuses, severityChange: SeverityChange | undefined): FindingCard {
  const { location, anchor, id } = finding;
  const { actions } = context;
  const locationButton = locationLink(location.path, anchor.startLine, anchor.endLine, actions);
  locationButton.classList.add('location');
  const alsoAt = finding.extraLocations.map((extra) => h('span', { class: 'also-at' }, 'also ', locationLink(extra.path, extra.startLine, extra.endLine, actions)));
  const reporters = finding.reporters.map((reporter) => reviewerBadge(reporter.reviewerId, reporter.severity === finding.severity ? undefined : reporter.severity));
  const badge = renderStatusBadge(id);
  const { toolbar, buttons } = renderFindingToolbar(finding, actions);
  const article = h(
    'article',
    { class: `finding severity-${finding.severity}`, id: `finding-${id}`, tabindex: '0', 'aria-labelledby': `finding-${id}-heading finding-${id}-status` },
    h(
      'header',
      {},
      h(
        'h3',
        { class: 'finding-heading', id: `finding-${id}-heading` },
        codicon(severityIcon[finding.severity], severityLabel[finding.severity]),
        h('span', { class: 'finding-id' }, id),
        h('span', { class: 'finding-title' }, finding.title),
      ),
      h(
        'div',
        { class: 'finding-meta' },
        badge,
        locationButton,
        ...alsoAt,
        h('span', { class: 'reviewers', 'aria-label': 'Reported by' }, ...reporters),
        ...finding.tags.map((tag) => h('span', { class: 'tag' }, tag)),
      ),
      toolbar,
    ),
  );
  if (severityChange) article.append(renderSeverityChange(severityChange));
  if (anchor.status === 'unanchored') {
    article.append(h('p', { class: 'unanchored' }, codicon('question'), ' This code could not be located at the reviewed commit, so the finding has no diagnostic.'));
  }
  if (location.snippet.trim() !== '') article.append(h('pre', { class: 'snippet' }, h('code', {}, location.snippet)));
  article.append(h('div', { class: 'body markdown' }, renderMarkdown(finding.body)));
  if (finding.fix) article.append(renderFix(finding));
  const card: FindingCard = { finding, article, locationButton, badge, buttons, active: true };
  applyFindingStatus(card, statuses, context.live);
  return card;
}

/** Badge, buttons and muting for the finding's current status; only what changed is touched. */
export function applyFindingStatus(card: FindingCard, statuses: FindingStatuses, live: boolean): void {
  const { id } = card.finding;
  card.active = isActiveFinding(statuses, id);
  updateStatusBadge(card.badge, statusOf(statuses, id));
  updateToolbar(card.buttons, live && card.active);
  if (card.article.classList.contains('resolved') === card.active) card.article.classList.toggle('resolved', !card.active);
}

function locationLink(path: Location['path'], startLine: number, endLine: number, actions: FindingActions): HTMLButtonElement {
  const lines = startLine === endLine ? `${startLine}` : `${startLine}-${endLine}`;
  const button = h('button', { class: 'link', type: 'button', title: `Open ${path} at line ${startLine}` }, codicon('go-to-file'), `${path}:${lines}`);
  button.addEventListener('click', () => { actions.openLocation(path, startLine); });
  return button;
}

function renderSeverityChange(change: SeverityChange): HTMLElement {
  const lowered = severityRank(change.to) > severityRank(change.from);
  return h(
    'p',
    { class: 'severity-change' },
    codicon(lowered ? 'arrow-down' : 'arrow-up'),
    h('span', {}, `${lowered ? 'Lowered' : 'Raised'} from ${severityLabel[change.from]}: `),
    h('span', { class: 'rationale' }, change.rationale),
  );
}

function severityRank(severity: Finding['severity']): number {
  return severities.indexOf(severity);
}

function renderFix(finding: Finding): HTMLElement {
  const fix = finding.fix;
  if (!fix) throw new Error('renderFix needs a fix');
  const diff = h('pre', { class: 'diff' });
  for (const line of renderFixDiff(fix).split('\n')) {
    const kind = line.startsWith('+') && !line.startsWith('+++') ? 'added' : line.startsWith('-') && !line.startsWith('---') ? 'removed' : line.startsWith('@@') ? 'hunk' : 'context';
    diff.append(h('span', { class: `diff-line ${kind}` }, line || ' '), '\n');
  }
  return h('section', { class: 'fix' }, h('h4', {}, 'Fix: ', h('span', { class: 'fix-description' }, fix.description)), diff);
}
