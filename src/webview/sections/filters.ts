import { severities, type Severity } from '../../shared/findingModel';
import type { ReviewReport } from '../../shared/reportModel';
import { codicon, h, setHidden } from '../dom';
import { severityIcon, severityLabel } from '../labels';
import type { FindingCard } from './finding';
import type { SeveritySections } from './findings';

// The filters bar above the findings: toggles per severity and per reviewer (pressed = shown), "Hide
// resolved", and how many findings are shown. Filtering only flips `hidden` on the cards that change.

export class FindingFilters {
  readonly element: HTMLElement;
  private readonly shownSeverities = new Set<Severity>(severities);
  private readonly shownReviewers: Set<string>;
  private hideResolved = false;
  /** Each toggle with the state that shows every finding. */
  private readonly showAllStates: Array<[HTMLButtonElement, boolean]> = [];
  private readonly reviewerIds: string[];
  private readonly countText = h('p', { class: 'filter-count', role: 'status', 'aria-live': 'polite' });
  private readonly resolvedCount = h('span', { class: 'toggle-count' });

  constructor(report: ReviewReport, private readonly findings: SeveritySections, live: boolean) {
    const reviewerIds = [...new Set([...report.reviewers.map((run) => run.reviewerId), ...report.findings.flatMap((finding) => finding.reporters.map((reporter) => reporter.reviewerId))])];
    this.shownReviewers = new Set(reviewerIds);
    this.reviewerIds = reviewerIds;
    const count = (matches: (card: FindingCard) => boolean): number => findings.cards.filter(matches).length;

    const severityToggles = severities.map((severity) =>
      toggle([codicon(severityIcon[severity]), severityLabel[severity], countBadge(count((card) => card.finding.severity === severity))], true, `Show ${severityLabel[severity].toLowerCase()} findings`, `severity-${severity}`, (pressed) => {
        setMember(this.shownSeverities, severity, pressed);
        this.apply();
      }),
    );
    const reviewerToggles = reviewerIds.map((reviewerId) =>
      toggle([codicon('hubot'), h('span', { class: 'reviewer-id' }, reviewerId), countBadge(count((card) => card.finding.reporters.some((reporter) => reporter.reviewerId === reviewerId)))], true, `Show findings reported by ${reviewerId}`, 'reviewer', (pressed) => {
        setMember(this.shownReviewers, reviewerId, pressed);
        this.apply();
      }),
    );
    const hideResolved = toggle([codicon('eye-closed'), 'Hide resolved', this.resolvedCount], false, 'Hide dismissed and fixed findings', 'hide-resolved', (pressed) => {
      this.hideResolved = pressed;
      this.apply();
    });
    this.showAllStates.push(...[...severityToggles, ...reviewerToggles].map((button): [HTMLButtonElement, boolean] => [button, true]), [hideResolved, false]);
    const keys = live ? 'Keys: j/k move, Enter open, a apply, d dismiss, c copy' : 'Keys: j/k move, Enter open, c copy';
    const keysTitle = live
      ? 'With a finding focused: j or ↓ next, k or ↑ previous, Enter opens its location, a applies its fix, d dismisses it, c copies it as Markdown'
      : 'With a finding focused: j or ↓ next, k or ↑ previous, Enter opens its location, c copies it as Markdown';
    this.element = h(
      'div',
      { class: 'finding-filters', role: 'region', 'aria-label': 'Filter findings' },
      h('div', { class: 'filter-row' }, group('Severity', 'filter-severity', severityToggles), reviewerToggles.length > 0 && group('Reviewers', 'filter-reviewers', reviewerToggles)),
      h(
        'div',
        { class: 'filter-row filter-info' },
        hideResolved,
        this.countText,
        !live && h('p', { class: 'read-only', title: 'Apply fix, Show diff and Dismiss act on the findings of the latest round, in the Problems panel' }, codicon('lock'), 'Earlier round: read-only'),
        h('p', { class: 'keys-hint', title: keysTitle }, codicon('keyboard'), keys),
      ),
    );
    this.statusesChanged();
  }

  /** The cards the filters let through, in page order. */
  visibleCards(): FindingCard[] {
    return this.findings.cards.filter((card) => !card.article.hidden);
  }

  /** Every finding shown again (e.g. to reveal one the filters hide). */
  showAll(): void {
    for (const [button, pressed] of this.showAllStates) button.setAttribute('aria-pressed', String(pressed));
    for (const severity of severities) this.shownSeverities.add(severity);
    for (const reviewerId of this.reviewerIds) this.shownReviewers.add(reviewerId);
    this.hideResolved = false;
    this.apply();
  }

  /** After the statuses changed: recount the resolved findings and filter again (Hide resolved depends on them). */
  statusesChanged(): void {
    this.resolvedCount.textContent = String(this.findings.cards.filter((card) => !card.active).length);
    this.apply();
  }

  private apply(): void {
    const shownBySeverity = new Map<Severity, number>();
    let shown = 0;
    for (const card of this.findings.cards) {
      const visible = this.passes(card);
      setHidden(card.article, !visible);
      if (!visible) continue;
      shown++;
      shownBySeverity.set(card.finding.severity, (shownBySeverity.get(card.finding.severity) ?? 0) + 1);
    }
    for (const [severity, note] of this.findings.filteredOutNotes) setHidden(note, (shownBySeverity.get(severity) ?? 0) > 0);
    const total = this.findings.cards.length;
    this.countText.textContent = `${shown} of ${total} ${total === 1 ? 'finding' : 'findings'} shown`;
  }

  private passes(card: FindingCard): boolean {
    const { finding } = card;
    if (!this.shownSeverities.has(finding.severity)) return false;
    if (this.hideResolved && !card.active) return false;
    return finding.reporters.length === 0 || finding.reporters.some((reporter) => this.shownReviewers.has(reporter.reviewerId));
  }
}

function toggle(content: Array<Node | string>, pressed: boolean, title: string, kind: string, onToggle: (pressed: boolean) => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: `toggle ${kind}`, 'aria-pressed': String(pressed), title }, ...content);
  button.addEventListener('click', () => {
    const next = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(next));
    onToggle(next);
  });
  return button;
}

function group(label: string, id: string, toggles: HTMLElement[]): HTMLElement {
  return h('div', { class: 'filter-group', role: 'group', 'aria-labelledby': id }, h('span', { class: 'filter-label', id }, label), ...toggles);
}

function countBadge(count: number): HTMLElement {
  return h('span', { class: 'toggle-count' }, String(count));
}

function setMember<T>(set: Set<T>, value: T, member: boolean): void {
  if (member) set.add(value);
  else set.delete(value);
}
