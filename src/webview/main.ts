import '../shared/zodSetup';
import { hostToWebviewMessageSchema, type WebviewToHostMessage } from '../shared/webviewMessages';
import { codicon, h } from './dom';
import { renderReport } from './renderReport';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app');
if (!app) throw new Error('The report page has no #app element.');

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = hostToWebviewMessageSchema.safeParse(event.data);
  if (!parsed.success) return;
  const message = parsed.data;
  switch (message.type) {
    case 'showReport':
      app.replaceChildren(
        reportActions(),
        renderReport(message.report, {
          openLocation: (path, line) => { vscode.postMessage({ type: 'openLocation', path, line }); },
          applyFix: (findingId) => { vscode.postMessage({ type: 'applyFix', findingId }); },
        }),
      );
      app.setAttribute('aria-busy', 'false');
      return;
    case 'fixResult': {
      const status = document.querySelector(`#finding-${CSS.escape(message.findingId)} .fix-status`);
      if (status) {
        status.textContent = message.message;
        status.className = `fix-status ${message.ok ? 'ok' : 'refused'}`;
      }
      return;
    }
  }
});

function reportActions(): HTMLElement {
  const exportButton = h('button', { class: 'link export-report', type: 'button', title: 'Export the report as Markdown, JSON or SARIF' }, codicon('export'), ' Export…');
  exportButton.addEventListener('click', () => { vscode.postMessage({ type: 'exportReport' }); });
  return h('nav', { class: 'report-actions', 'aria-label': 'Report actions' }, exportButton);
}

vscode.postMessage({ type: 'ready' });
