import { severities, type Finding, type Location } from '../../shared/findingModel';
import { renderFixDiff } from '../../shared/fixDiff';
import type { SeverityChange } from '../../shared/reportModel';
import { codicon, h } from '../dom';
import { severityIcon, severityLabel } from '../labels';
import { renderMarkdown } from '../markdown';
import { reviewerBadge } from './parts';

export interface FindingActions {
  openLocation(path: string, line: number): void;
  applyFix(findingId: string): void;
}

/** One finding's card: heading, location and reporters, how its severity changed, the quoted code, the body and the fix. */
export function renderFinding(finding: Finding, actions: FindingActions, severityChange: SeverityChange | undefined): HTMLElement {
  const { location, anchor } = finding;
  const locationButton = locationLink(location.path, anchor.startLine, anchor.endLine, actions);
  locationButton.classList.add('location');
  const alsoAt = finding.extraLocations.map((extra) => h('span', { class: 'also-at' }, 'also ', locationLink(extra.path, extra.startLine, extra.endLine, actions)));
  const reporters = finding.reporters.map((reporter) => reviewerBadge(reporter.reviewerId, reporter.severity === finding.severity ? undefined : reporter.severity));
  const article = h(
    'article',
    { class: `finding severity-${finding.severity}`, id: `finding-${finding.id}`, tabindex: '-1' },
    h(
      'header',
      {},
      h('h3', { class: 'finding-heading' }, codicon(severityIcon[finding.severity], severityLabel[finding.severity]), h('span', { class: 'finding-id' }, finding.id), h('span', { class: 'finding-title' }, finding.title)),
      h(
        'div',
        { class: 'finding-meta' },
        locationButton,
        ...alsoAt,
        h('span', { class: 'reviewers', 'aria-label': 'Reported by' }, ...reporters),
        ...finding.tags.map((tag) => h('span', { class: 'tag' }, tag)),
      ),
    ),
  );
  if (severityChange) article.append(renderSeverityChange(severityChange));
  if (anchor.status === 'unanchored') {
    article.append(h('p', { class: 'unanchored' }, codicon('question'), ' This code could not be located at the reviewed commit, so the finding has no diagnostic.'));
  }
  if (location.snippet.trim() !== '') article.append(h('pre', { class: 'snippet' }, h('code', {}, location.snippet)));
  article.append(h('div', { class: 'body markdown' }, renderMarkdown(finding.body)));
  if (finding.fix) article.append(renderFix(finding, actions));
  return article;
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

function renderFix(finding: Finding, actions: FindingActions): HTMLElement {
  const fix = finding.fix;
  if (!fix) throw new Error('renderFix needs a fix');
  const diff = h('pre', { class: 'diff' });
  for (const line of renderFixDiff(fix).split('\n')) {
    const kind = line.startsWith('+') && !line.startsWith('+++') ? 'added' : line.startsWith('-') && !line.startsWith('---') ? 'removed' : line.startsWith('@@') ? 'hunk' : 'context';
    diff.append(h('span', { class: `diff-line ${kind}` }, line || ' '), '\n');
  }
  const apply = h('button', { class: 'primary', type: 'button', 'data-action': 'apply-fix' }, codicon('wand'), ` Apply fix (${finding.id})`);
  apply.addEventListener('click', () => { actions.applyFix(finding.id); });
  return h(
    'section',
    { class: 'fix' },
    h('h4', {}, 'Fix: ', h('span', { class: 'fix-description' }, fix.description)),
    diff,
    h('div', { class: 'actions' }, apply, h('span', { class: 'fix-status', role: 'status', 'aria-live': 'polite' })),
  );
}
