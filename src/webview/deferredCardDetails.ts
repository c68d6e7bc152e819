import { renderMarkdownEach } from './markdown';
import type { FindingCard } from './sections/finding';

// The details of 500 finding cards (a markdown-it render and a DOMPurify pass each, the quoted code, the fix
// diff) take longer to build than the first paint may. The cards start as their headings, and their details
// are built
//  - at once for the first screenful of cards,
//  - for a card about to be shown (revealed, focused by j/k, Tab or a finding link) and the screenful after it,
//  - for cards that scroll near the viewport, and
//  - for every other card, in page order, in idle-time batches after the first paint.
// Cards are built a few at a time, their bodies rendered together (renderMarkdownEach).

/** No card is shorter than this (heading, location and reporters, toolbar, a line of text), so a screenful holds at most innerHeight / this many. */
const minimumCardHeight = 100;
/** Cards built together: about 5 ms of work, so that an idle period holds several batches. */
const batchSize = 10;
/** A batch starts only while this much of the idle period is left. */
const batchMs = 8;
/** How long idle-time building may wait for an idle period before a batch runs anyway. */
const idleTimeoutMs = 200;

export class DeferredCardDetails {
  /** Cards before this index have their details (idle batches go on from here). */
  private nextIndex = 0;
  private idleHandle: number | null = null;
  private readonly observer: IntersectionObserver;
  private readonly cardByArticle = new Map<Element, FindingCard>();

  constructor(private readonly cards: readonly FindingCard[]) {
    // A screen's height of lead above and below, so that scrolling finds the cards built.
    this.observer = new IntersectionObserver((entries) => { this.renderIntersecting(entries); }, { rootMargin: '100% 0px' });
    this.renderScreenfulFrom(0);
    this.scheduleIdleBatch();
  }

  /** Builds the details of `card` and of the shown cards after it, a screenful of them. */
  renderScreenfulOf(card: FindingCard): void {
    const index = this.cards.indexOf(card);
    if (index >= 0) this.renderScreenfulFrom(index);
  }

  /** Stops building: the report is no longer shown. */
  dispose(): void {
    if (this.idleHandle !== null) cancelIdleCallback(this.idleHandle);
    this.idleHandle = null;
    this.observer.disconnect();
    this.cardByArticle.clear();
  }

  private renderScreenfulFrom(index: number): void {
    const shown = this.cards.slice(index).filter((card) => !card.article.hidden);
    this.render(shown.slice(0, Math.ceil(window.innerHeight / minimumCardHeight)));
  }

  private render(cards: readonly FindingCard[]): void {
    const pending = cards.filter((card) => !card.detailsRendered);
    const bodies = renderMarkdownEach(pending.map((card) => card.finding.body));
    pending.forEach((card, index) => {
      card.renderDetails(bodies[index]);
      if (this.cardByArticle.delete(card.article)) this.observer.unobserve(card.article);
    });
  }

  private renderIntersecting(entries: IntersectionObserverEntry[]): void {
    this.render(entries.flatMap((entry) => {
      const card = entry.isIntersecting ? this.cardByArticle.get(entry.target) : undefined;
      return card ? [card] : [];
    }));
  }

  /** Watches the cards still without details for scrolling, from the first idle period on: the first frame has none to spare. */
  private observeScrolling(): void {
    for (const card of this.cards) {
      if (card.detailsRendered) continue;
      this.cardByArticle.set(card.article, card);
      this.observer.observe(card.article);
    }
  }

  private scheduleIdleBatch(): void {
    this.idleHandle = requestIdleCallback((deadline) => {
      this.idleHandle = null;
      if (this.nextIndex === 0) this.observeScrolling();
      // After a timeout there is no idle period: one batch, then wait again.
      let batches = deadline.didTimeout ? 1 : 0;
      while (this.nextIndex < this.cards.length && (deadline.timeRemaining() > batchMs || batches-- > 0)) {
        this.render(this.cards.slice(this.nextIndex, this.nextIndex + batchSize));
        this.nextIndex += batchSize;
      }
      if (this.nextIndex < this.cards.length) this.scheduleIdleBatch();
      else this.observer.disconnect();
    }, { timeout: idleTimeoutMs });
  }
}
