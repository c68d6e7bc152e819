import type { FindingStatuses } from '../shared/findingStatus';
import type { FindingLocations } from '../shared/findingLocations';
import type { ReviewReport } from '../shared/reportModel';
import { DeferredCardDetails } from './deferredCardDetails';
import type { NavigableFindings } from './keyboard';
import { renderReport } from './renderReport';
import type { FindingActions, FindingCard } from './sections/finding';
import { renderSeveritySections } from './sections/findings';
import { FindingFilters } from './sections/filters';

/** From this many findings on, cards out of view skip layout (see .many-findings in media/report.css). */
const manyFindings = 40;

/** The report on the page, and what changes on it in place while it is shown: statuses, filters, fix results. */
export class ReportView implements NavigableFindings {
  readonly element: HTMLElement;
  private readonly cards: FindingCard[];
  private readonly byArticle = new Map<Element, FindingCard>();
  private readonly byId = new Map<string, FindingCard>();
  private readonly filters: FindingFilters | null;
  private readonly details: DeferredCardDetails;

  constructor(report: ReviewReport, statuses: FindingStatuses, live: boolean, actions: FindingActions) {
    const findings = renderSeveritySections(report, { actions, live }, statuses);
    this.cards = findings.cards;
    for (const card of this.cards) {
      this.byArticle.set(card.article, card);
      this.byId.set(card.finding.id, card);
    }
    this.filters = this.cards.length > 0 ? new FindingFilters(report, findings, live) : null;
    this.element = renderReport(report, { filters: this.filters?.element ?? null, sections: findings.sections });
    if (this.cards.length >= manyFindings) this.element.classList.add('many-findings');
    this.details = new DeferredCardDetails(this.cards);
    // A card that gets focus (j/k, Tab, a finding link) is about to be read: it and the cards after it get their details now.
    this.element.addEventListener('focusin', (event) => {
      const card = event.target instanceof Element ? this.byArticle.get(event.target) : undefined;
      if (card && !card.detailsRendered) this.details.renderScreenfulOf(card);
    });
  }

  /** The report is replaced or gone: no more details are built for it. */
  dispose(): void {
    this.details.dispose();
  }

  visibleCards(): FindingCard[] {
    return this.filters?.visibleCards() ?? [];
  }

  cardOf(article: Element): FindingCard | undefined {
    return this.byArticle.get(article);
  }

  /** New statuses: badges, buttons and filters change in place; focus stays, or moves to the nearest finding still shown. */
  updateStatuses(statuses: FindingStatuses): void {
    const focused = document.activeElement;
    const focusedCard = this.cards.find((card) => focused instanceof Node && card.article.contains(focused));
    for (const card of this.cards) card.applyStatus(statuses);
    this.filters?.statusesChanged();
    if (!focusedCard || !(focused instanceof HTMLElement) || isShown(focused)) return;
    const target = focusedCard.article.hidden ? this.nearestVisible(focusedCard) : focusedCard;
    target?.article.focus({ preventScroll: true });
  }

  /** Relabels the findings' location links with where they are now (the live report, after edits). */
  updateLocations(locations: FindingLocations): void {
    for (const card of this.cards) card.applyLocation(locations[card.finding.id]);
  }

  /** Scrolls to a finding and focuses it; filters that hide it are reset first. */
  reveal(findingId: string): void {
    const card = this.byId.get(findingId);
    if (!card) return;
    if (card.article.hidden) this.filters?.showAll();
    this.details.renderScreenfulOf(card);
    const show = (): void => {
      card.article.scrollIntoView({ block: 'start' });
      card.article.focus({ preventScroll: true });
    };
    show();
    // Again once laid out: a page that has just loaded may still move under the first scroll.
    requestAnimationFrame(show);
  }

  showFixResult(findingId: string, ok: boolean, message: string): void {
    this.byId.get(findingId)?.showFixResult(ok, message);
  }

  private nearestVisible(hidden: FindingCard): FindingCard | undefined {
    const index = this.cards.indexOf(hidden);
    return this.cards.slice(index + 1).find((card) => !card.article.hidden) ?? this.cards.slice(0, index).findLast((card) => !card.article.hidden);
  }
}

function isShown(element: HTMLElement): boolean {
  return element.closest('[hidden]') === null;
}
