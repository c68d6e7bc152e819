import '../shared/zodSetup';
import { hostToWebviewMessageSchema, initialMessageElementId, reportPanelStateSchema, type ReportPanelState, type WebviewToHostMessage } from '../shared/webviewMessages';
import { codicon, h } from './dom';
import { installKeyboardNavigation } from './keyboard';
import { ReportView } from './reportView';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  /** Kept by VS Code across a window reload; the panel serializer restores the report from it. */
  setState(state: ReportPanelState): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = appElement();

let view: ReportView | null = null;
/** Which report the view shows (the same round, as stored), so showing it again keeps the reader's place. */
let shownKey: string | null = null;

const actions = {
  openLocation: (path: string, line: number) => { vscode.postMessage({ type: 'openLocation', path, line }); },
  applyFix: (findingId: string) => { vscode.postMessage({ type: 'applyFix', findingId }); },
  showFixDiff: (findingId: string) => { vscode.postMessage({ type: 'showFixDiff', findingId }); },
  dismiss: (findingId: string) => { vscode.postMessage({ type: 'dismissFinding', findingId }); },
  copy: (findingId: string) => { vscode.postMessage({ type: 'copyFinding', findingId }); },
};

window.addEventListener('message', (event: MessageEvent<unknown>) => { handle(event.data); });

function handle(data: unknown): void {
  const parsed = hostToWebviewMessageSchema.safeParse(data);
  if (!parsed.success) return;
  const message = parsed.data;
  switch (message.type) {
    case 'showReport': {
      const { report } = message;
      // The same report again (e.g. now live, once the language server has restored it): stay on the finding
      // the reader was at — a finding link may have just scrolled there — or at least where the page was.
      const key = [report.branch.repoRoot, report.branch.branch, report.round, report.createdAt].join('#');
      const place = key === shownKey ? { findingId: focusedFindingId(), scrollY: window.scrollY } : null;
      shownKey = key;
      // Through the CSSOM, which the page's CSP allows (a style attribute it would refuse).
      document.documentElement.style.setProperty('--tab-size', String(message.tabSize ?? 4));
      view?.dispose();
      view = new ReportView(report, message.statuses, message.live, actions);
      app.replaceChildren(reportActions(), view.element);
      app.setAttribute('aria-busy', 'false');
      if (place?.findingId) view.reveal(place.findingId);
      else window.scrollTo(0, place?.scrollY ?? 0);
      // What the panel serializer needs to reopen this round after a window reload.
      const state = reportPanelStateSchema.safeParse({ repoRoot: report.branch.repoRoot, branch: report.branch.branch, round: report.round });
      if (state.success) vscode.setState(state.data);
      return;
    }
    case 'findingStatuses':
      view?.updateStatuses(message.statuses);
      return;
    case 'findingLocations':
      view?.updateLocations(message.locations);
      return;
    case 'fixResult':
      view?.showFixResult(message.findingId, message.ok, message.message);
      return;
    case 'revealFinding':
      view?.reveal(message.findingId);
      return;
  }
}

/** The report the host put in the page: shown before the page says 'ready', so it is not a round trip away. */
function handleInitialMessage(): void {
  const text = document.getElementById(initialMessageElementId)?.textContent;
  if (!text) return;
  try {
    handle(JSON.parse(text));
  } catch {
    // The host wrote it, so it parses; were it not to, the page must still say 'ready' below.
  }
}

function appElement(): HTMLElement {
  const element = document.getElementById('app');
  if (!element) throw new Error('The report page has no #app element.');
  return element;
}

/** The finding card that holds the focus, if any. */
function focusedFindingId(): string | null {
  const card = document.activeElement instanceof Element ? document.activeElement.closest('article.finding') : null;
  return card?.id.startsWith('finding-') ? card.id.slice('finding-'.length) : null;
}

function reportActions(): HTMLElement {
  const exportButton = h('button', { class: 'link export-report', type: 'button', title: 'Export the report as Markdown, JSON or SARIF' }, codicon('export'), ' Export…');
  exportButton.addEventListener('click', () => { vscode.postMessage({ type: 'exportReport' }); });
  return h('nav', { class: 'report-actions', 'aria-label': 'Report actions' }, exportButton);
}

installKeyboardNavigation(() => view);
handleInitialMessage();
vscode.postMessage({ type: 'ready' });
