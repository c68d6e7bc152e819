import type { Finding, Severity } from '../shared/findingModel';
import { renderFixDiff } from '../shared/fixDiff';
import { codicon, h } from './dom';
import { renderMarkdown } from './markdown';

export interface FindingActions {
  openLocation(path: string, line: number): void;
  applyFix(findingId: string): void;
}

export const severityLabel: Record<Severity, string> = { critical: 'Critical', important: 'Important', suggestion: 'Suggestion' };
const severityIcon: Record<Severity, string> = { critical: 'error', important: 'warning', suggestion: 'info' };

export function renderFinding(finding: Finding, actions: FindingActions): HTMLElement {
  const { location, anchor } = finding;
  const lines = anchor.startLine === anchor.endLine ? `${anchor.startLine}` : `${anchor.startLine}-${anchor.endLine}`;
  const locationButton = h('button', { class: 'link location', type: 'button', title: `Open ${location.path} at line ${anchor.startLine}` }, codicon('go-to-file'), `${location.path}:${lines}`);
  locationButton.addEventListener('click', () => { actions.openLocation(location.path, anchor.startLine); });

  const reporters = finding.reporters.map((reporter) =>
    h('span', { class: 'reporter', title: `Reported as ${reporter.severity}` }, reporter.reviewerId, reporter.severity === finding.severity ? null : ` (${reporter.severity})`),
  );
  const article = h(
    'article',
    { class: `finding severity-${finding.severity}`, id: `finding-${finding.id}`, tabindex: '-1' },
    h(
      'header',
      {},
      h('h3', { class: 'finding-heading' }, codicon(severityIcon[finding.severity], severityLabel[finding.severity]), h('span', { class: 'finding-id' }, finding.id), h('span', { class: 'finding-title' }, finding.title)),
      h('div', { class: 'finding-meta' }, locationButton, h('span', { class: 'reporters' }, ...reporters), ...finding.tags.map((tag) => h('span', { class: 'tag' }, tag))),
    ),
  );
  if (anchor.status === 'unanchored') {
    article.append(h('p', { class: 'unanchored' }, codicon('question'), ' This code could not be located at the reviewed commit, so the finding has no diagnostic.'));
  }
  if (location.snippet.trim() !== '') article.append(h('pre', { class: 'snippet' }, h('code', {}, location.snippet)));
  article.append(h('div', { class: 'body markdown' }, renderMarkdown(finding.body)));
  if (finding.fix) article.append(renderFix(finding, actions));
  return article;
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
