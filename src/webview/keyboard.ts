import type { FindingCard } from './sections/finding';

// Keyboard navigation between the visible findings: j/k (and ↓/↑ on a focused finding) move, Enter opens
// the location, a / d / c press the finding's Apply fix / Dismiss… / Copy button when it is shown.

export interface NavigableFindings {
  /** The cards the filters let through, in page order. */
  visibleCards(): FindingCard[];
  cardOf(article: Element): FindingCard | undefined;
}

/** Where keys belong to the control: typing, pressing buttons, following links. */
const interactiveSelector = 'input, textarea, select, button, a[href], summary, [contenteditable]:not([contenteditable="false"])';

export function installKeyboardNavigation(current: () => NavigableFindings | null): void {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest(interactiveSelector)) return;
    const findings = current();
    if (!findings) return;
    const focused = target ? findings.cardOf(target) : undefined;
    if (handleKey(event.key, findings, focused)) event.preventDefault();
  });
}

function handleKey(key: string, findings: NavigableFindings, focused: FindingCard | undefined): boolean {
  switch (key) {
    case 'j':
      return move(findings, focused, 1);
    case 'k':
      return move(findings, focused, -1);
    case 'ArrowDown':
      return focused !== undefined && move(findings, focused, 1);
    case 'ArrowUp':
      return focused !== undefined && move(findings, focused, -1);
    case 'Enter':
      return press(focused?.locationButton);
    case 'a':
      return press(focused?.buttons.apply);
    case 'd':
      return press(focused?.buttons.dismiss);
    case 'c':
      return press(focused?.buttons.copy);
    default:
      return false;
  }
}

function press(button: HTMLButtonElement | null | undefined): boolean {
  if (!button || button.hidden || button.disabled) return false;
  button.click();
  return true;
}

function move(findings: NavigableFindings, focused: FindingCard | undefined, step: 1 | -1): boolean {
  const cards = findings.visibleCards();
  if (cards.length === 0) return false;
  const index = focused ? cards.indexOf(focused) : -1;
  const next = index >= 0 ? cards[index + step] : cards[firstFromViewport(cards, step)];
  if (!next) return index >= 0; // at the first or last finding: stay, but still swallow the key
  next.article.focus({ preventScroll: true });
  const box = next.article.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) next.article.scrollIntoView({ block: box.height > window.innerHeight ? 'start' : 'nearest' });
  return true;
}

/** With no finding focused: j starts at the first finding in view (or below it), k at the last one above the view's bottom. */
function firstFromViewport(cards: FindingCard[], step: 1 | -1): number {
  if (step === 1) {
    const index = cards.findIndex((card) => card.article.getBoundingClientRect().bottom > 0);
    return index >= 0 ? index : cards.length - 1;
  }
  const tops = cards.map((card) => card.article.getBoundingClientRect().top);
  const index = tops.findLastIndex((top) => top < window.innerHeight);
  return index >= 0 ? index : 0;
}
