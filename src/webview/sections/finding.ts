import { approximateLocationNote, severities, type Finding, type Location } from '../../shared/findingModel';
import { isActiveFinding, statusOf, type FindingStatus, type FindingStatuses } from '../../shared/findingStatus';
import { renderFixDiff } from '../../shared/fixDiff';
import { fixVerificationHeading, type FixVerification } from '../../shared/fixVerification';
import type { FindingPlaceNow } from '../../shared/findingLocations';
import { formatDuration } from '../../shared/reportFormat';
import type { SeverityChange } from '../../shared/reportModel';
import { codicon, h, withInlineCode } from '../dom';
import { severityIcon, severityLabel } from '../labels';
import { renderMarkdown } from '../markdown';
import { renderFindingToolbar, renderStatusBadge, updateStatusBadge, updateToolbar, type FindingActions, type FindingButtons } from './findingToolbar';
import { showLocationNow } from './locationNow';
import { renderCodeInContext } from './codeInContext';
import { reviewerBadge } from './parts';

export type { FindingActions } from './findingToolbar';

/** What every card needs: the actions, and whether the report is the live one (see showReport). */
export interface FindingContext {
  actions: FindingActions;
  live: boolean;
}

/** The parts of a card built by FindingCard.renderDetails, and those of them that change while the report is shown. */
interface CardDetails {
  locationButton: HTMLButtonElement;
  badge: HTMLElement;
  buttons: FindingButtons;
}

/**
 * One finding's card. It starts as its heading alone (a few elements, cheap for 500 findings); the rest —
 * status, location and reporters, actions, how its severity changed, the quoted code, the body and the fix —
 * is built by renderDetails, at the latest when something asks for one of its parts.
 */
export class FindingCard {
  readonly article: HTMLElement;
  /** Open or regressed; kept up to date by applyStatus. */
  active = true;
  private readonly header: HTMLElement;
  private status: FindingStatus;
  private details: CardDetails | null = null;
  /** Where the finding is now in the live report; undefined until the host says (or for a report from history). */
  private place: FindingPlaceNow | null | undefined;

  constructor(readonly finding: Finding, private readonly context: FindingContext, statuses: FindingStatuses, private readonly severityChange: SeverityChange | undefined) {
    const { id } = finding;
    this.article = cloneShell(finding.severity);
    this.article.id = `finding-${id}`;
    this.article.setAttribute('aria-labelledby', `finding-${id}-heading finding-${id}-status`);
    this.header = partOf(this.article, 'header');
    partOf(this.header, 'h3').id = `finding-${id}-heading`;
    partOf(this.header, '.finding-id').textContent = id;
    const title = withInlineCode(finding.title);
    if (title.length === 1 && typeof title[0] === 'string') partOf(this.header, '.finding-title').textContent = title[0];
    else partOf(this.header, '.finding-title').append(...title);
    this.status = statusOf(statuses, id);
    this.applyStatus(statuses);
  }

  /** The finding moved (or its code went): its location link says where it is now. */
  applyLocation(place: FindingPlaceNow | null | undefined): void {
    this.place = place;
    if (this.details && place !== undefined) showLocationNow(this.details.locationButton, this.finding, place);
  }

  get detailsRendered(): boolean {
    return this.details !== null;
  }

  get locationButton(): HTMLButtonElement {
    return this.renderDetails().locationButton;
  }

  get buttons(): FindingButtons {
    return this.renderDetails().buttons;
  }

  /** Builds the rest of the card below its heading, once; `body` is the finding's body already rendered (renderMarkdownEach). */
  renderDetails(body?: DocumentFragment): CardDetails {
    if (this.details) return this.details;
    const { finding, context: { actions } } = this;
    const { location, anchor, id } = finding;
    const locationButton = locationLink(location.path, anchor.startLine, anchor.endLine, actions);
    locationButton.classList.add('location');
    if (this.place !== undefined) showLocationNow(locationButton, finding, this.place);
    const alsoAt = finding.extraLocations.map((extra) => h('span', { class: 'also-at' }, 'also ', locationLink(extra.path, extra.startLine, extra.endLine, actions)));
    const reporters = finding.reporters.map((reporter) => reviewerBadge(reporter.reviewerId, reporter.severity === finding.severity ? undefined : reporter.severity, reporter.partial === true));
    const badge = renderStatusBadge(id);
    const { toolbar, buttons } = renderFindingToolbar(finding, actions);
    this.header.append(
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
    );
    const article = this.article;
    if (this.severityChange) article.append(renderSeverityChange(this.severityChange));
    if (anchor.status === 'unanchored') {
      article.append(h('p', { class: 'unanchored' }, codicon('question'), ' This code could not be located at the reviewed commit, so the finding has no diagnostic.'));
    }
    if (anchor.status === 'approximate') {
      article.append(h('p', { class: 'unanchored approximate' }, codicon('warning'), ` ${approximateLocationNote.charAt(0).toUpperCase()}${approximateLocationNote.slice(1)}: the finding is shown where the quoted code fits best.`));
    }
    if (finding.codeContext) article.append(renderCodeInContext(finding, finding.codeContext));
    else if (location.snippet.trim() !== '') article.append(h('pre', { class: 'snippet' }, h('code', {}, location.snippet)));
    article.append(h('div', { class: 'body markdown' }, body ?? renderMarkdown(finding.body)));
    if (finding.fix) article.append(renderFix(finding));
    this.details = { locationButton, badge, buttons };
    this.showStatus(this.details);
    article.classList.remove('details-pending');
    return this.details;
  }

  /** Badge, buttons and muting for the finding's current status; only what changed is touched. */
  applyStatus(statuses: FindingStatuses): void {
    const { id } = this.finding;
    this.active = isActiveFinding(statuses, id);
    this.status = statusOf(statuses, id);
    if (this.details) this.showStatus(this.details);
    if (this.article.classList.contains('resolved') === this.active) this.article.classList.toggle('resolved', !this.active);
  }

  /** Shows a fix result's message as text on the card. */
  showFixResult(ok: boolean, message: string): void {
    this.renderDetails();
    const status = this.article.querySelector('.fix-status');
    if (!status) return;
    status.textContent = message;
    status.className = `fix-status ${ok ? 'ok' : 'refused'}`;
  }

  private showStatus(details: CardDetails): void {
    updateStatusBadge(details.badge, this.status);
    updateToolbar(details.buttons, this.context.live && this.active);
  }
}

/** Per severity, a card as it starts: built once, then cloned (500 clones take a third of the time of 500 builds). */
const shells = new Map<Finding['severity'], HTMLElement>();

function cloneShell(severity: Finding['severity']): HTMLElement {
  let shell = shells.get(severity);
  if (!shell) {
    shell = h(
      'article',
      { class: `finding severity-${severity} details-pending`, tabindex: '0' },
      h('header', {}, h('h3', { class: 'finding-heading' }, codicon(severityIcon[severity], severityLabel[severity]), h('span', { class: 'finding-id' }), h('span', { class: 'finding-title' }))),
    );
    shells.set(severity, shell);
  }
  return shell.cloneNode(true) as HTMLElement;
}

function partOf(root: HTMLElement, selector: string): HTMLElement {
  const part = root.querySelector<HTMLElement>(selector);
  if (!part) throw new Error(`a finding card has no ${selector}`);
  return part;
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
    h('span', { class: 'rationale' }, ...withInlineCode(change.rationale)),
  );
}

function severityRank(severity: Finding['severity']): number {
  return severities.indexOf(severity);
}

function renderFix(finding: Finding): HTMLElement {
  const fix = finding.fix;
  if (!fix) throw new Error('renderFix needs a fix');
  const diff = h('pre', { class: 'diff' });
  // At the reviewed commit (real line numbers and context) when the review could place it there.
  for (const line of (finding.fixDiff ?? renderFixDiff(fix)).split('\n')) {
    const kind = line.startsWith('+') && !line.startsWith('+++') ? 'added' : line.startsWith('-') && !line.startsWith('---') ? 'removed' : line.startsWith('@@') ? 'hunk' : 'context';
    diff.append(h('span', { class: `diff-line ${kind}` }, line || ' '), '\n');
  }
  return h('section', { class: 'fix' }, h('h4', {}, 'Fix: ', h('span', { class: 'fix-description' }, fix.description)), diff, finding.fixVerification ? renderVerification(finding.fixVerification) : null);
}

const verificationIcon: Record<FixVerification['status'], string> = { passed: 'verified', failed: 'error', 'timed-out': 'watch', 'not-applied': 'circle-slash', skipped: 'circle-slash' };

/** "Fix verified" / "Fix breaks the check" with the first lines of the check's output, or why it was not run. */
function renderVerification(verification: FixVerification): HTMLElement {
  const took = verification.durationMs > 0 ? ` (${formatDuration(verification.durationMs)})` : '';
  const output = verification.status === 'failed' || verification.status === 'timed-out';
  return h(
    'div',
    { class: `fix-verification ${verification.status}` },
    h('p', {}, codicon(verificationIcon[verification.status]), h('strong', {}, fixVerificationHeading(verification)), took, !output && verification.detail ? `: ${verification.detail}` : null),
    output && verification.detail ? h('pre', { class: 'check-output' }, h('code', {}, verification.detail)) : null,
  );
}
