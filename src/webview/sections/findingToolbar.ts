import type { Finding } from '../../shared/findingModel';
import { findingStatusLabel, type FindingStatus } from '../../shared/findingStatus';
import { codicon, h, setHidden } from '../dom';

// A finding card's status badge and its action buttons. Both are built once and updated in place when
// the statuses change, so focus, scroll position and the fix status message survive.

export interface FindingActions {
  openLocation(path: string, line: number): void;
  applyFix(findingId: string): void;
  showFixDiff(findingId: string): void;
  dismiss(findingId: string): void;
  copy(findingId: string): void;
}

/** The buttons of one card; Apply fix and Show diff exist only for a finding with a fix. */
export interface FindingButtons {
  apply: HTMLButtonElement | null;
  showDiff: HTMLButtonElement | null;
  dismiss: HTMLButtonElement;
  copy: HTMLButtonElement;
}

const statusIcon: Record<FindingStatus['status'], string> = { open: 'issue-reopened', fixed: 'check', declined: 'circle-slash', regressed: 'history' };

/** Plain open (reported, never resolved) needs no badge; everything else says where the finding stands. */
function needsBadge(status: FindingStatus): boolean {
  return !(status.status === 'open' && status.action === 'reported');
}

export function renderStatusBadge(findingId: string): HTMLElement {
  return h('span', { class: 'status-badge', id: `finding-${findingId}-status`, hidden: '' });
}

/** Shows the status on the badge (the dismissal reason is user text: it goes in as text only). */
export function updateStatusBadge(badge: HTMLElement, status: FindingStatus): void {
  if (!needsBadge(status)) {
    // Emptied too: the card's name (aria-labelledby) reads the badge even while it is hidden.
    if (!badge.hidden) {
      badge.replaceChildren();
      badge.removeAttribute('title');
      badge.hidden = true;
    }
    return;
  }
  const label = findingStatusLabel(status);
  if (badge.hidden || badge.title !== label || !badge.classList.contains(`status-${status.status}`)) {
    badge.className = `status-badge status-${status.status}`;
    badge.title = label;
    badge.replaceChildren(codicon(statusIcon[status.status]), h('span', { class: 'status-text' }, label));
    setHidden(badge, false);
  }
}

export function renderFindingToolbar(finding: Finding, actions: FindingActions): { toolbar: HTMLElement; buttons: FindingButtons } {
  const { id } = finding;
  const button = (className: string, icon: string, text: string, label: string, title: string, onClick: () => void): HTMLButtonElement => {
    const element = h('button', { type: 'button', class: className, 'aria-label': label, title }, codicon(icon), text);
    element.addEventListener('click', onClick);
    return element;
  };
  const buttons: FindingButtons = {
    apply: finding.fix ? button('primary apply-fix', 'wand', 'Apply fix', `Apply fix for ${id}`, 'Apply the fix as one undoable edit (a)', () => { actions.applyFix(id); }) : null,
    showDiff: finding.fix ? button('secondary show-diff', 'diff', 'Show diff', `Show fix diff for ${id}`, "Open the fix in VS Code's diff editor", () => { actions.showFixDiff(id); }) : null,
    dismiss: button('secondary dismiss', 'circle-slash', 'Dismiss…', `Dismiss ${id}…`, 'Dismiss with a reason: it stays gone in later rounds unless its code changes (d)', () => { actions.dismiss(id); }),
    copy: button('secondary copy', 'copy', 'Copy', `Copy ${id}`, 'Copy the finding as Markdown (c)', () => { actions.copy(id); }),
  };
  const toolbar = h(
    'div',
    { class: 'finding-toolbar', role: 'group', 'aria-label': `Actions for ${id}` },
    buttons.apply,
    buttons.showDiff,
    buttons.dismiss,
    buttons.copy,
    finding.fix && h('span', { class: 'fix-status', role: 'status', 'aria-live': 'polite' }),
  );
  return { toolbar, buttons };
}

/** Shows or hides Apply fix, Show diff and Dismiss; Copy always stays. */
export function updateToolbar(buttons: FindingButtons, actionable: boolean): void {
  for (const button of [buttons.apply, buttons.showDiff, buttons.dismiss]) if (button) setHidden(button, !actionable);
}
