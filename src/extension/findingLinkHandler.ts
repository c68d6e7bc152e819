import * as vscode from 'vscode';
import type { CurrentReport } from './currentReport';
import type { ReportHistoryCommands } from './reportHistoryCommands';
import type { ReportPanel } from './reportPanel';

/**
 * Opens `<scheme>://deep-review.deep-review/finding?id=I2&report=…`: the links the Problems panel shows
 * on a finding's code. The report opens (the current one); anything else in the URI is ignored.
 */
export class FindingLinkHandler implements vscode.UriHandler {
  constructor(
    private readonly current: CurrentReport,
    private readonly panel: ReportPanel,
    private readonly history: ReportHistoryCommands,
  ) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    if (uri.path !== '/finding') return;
    await this.showFinding(new URLSearchParams(uri.query).get('id'));
  }

  /** "Show in report" (a hover's link): the current report, scrolled to the finding with this id. */
  async showFinding(findingId: unknown): Promise<void> {
    const id = typeof findingId === 'string' ? findingId : undefined;
    if (!this.current.report) {
      await this.history.openLastReport();
      return;
    }
    this.panel.show(this.current.report, this.current.statuses, true, id);
  }
}
