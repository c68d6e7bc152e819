import * as vscode from 'vscode';
import { severityCountIcons, severityCountWords } from '../shared/severityCounts';
import type { CurrentReport } from './currentReport';

/**
 * The status bar item: the run while it lasts (click: show the progress), then the current report's
 * findings still to act on by severity — fewer as fixes are applied and findings dismissed (click: the report).
 */
export class ReviewStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('deepReview.status', vscode.StatusBarAlignment.Left, 50);
  private state: 'idle' | 'running' | 'failed' = 'idle';
  private readonly subscription: vscode.Disposable;

  constructor(private readonly current: CurrentReport) {
    this.item.name = 'Deep Review';
    this.subscription = current.onDidChange(() => { if (this.state !== 'running') this.showCurrent(); });
  }

  running(message: string): void {
    this.state = 'running';
    this.item.text = '$(sync~spin) Deep Review';
    this.item.tooltip = `Deep Review is running — ${message}\nClick to show the progress.`;
    this.item.accessibilityInformation = { label: `Deep Review is running: ${message}`, role: 'button' };
    this.item.command = { command: 'notifications.showList', title: 'Show Deep Review progress' };
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  /** The run ended (finished, cancelled): back to the current report, if any. */
  idle(): void {
    this.state = 'idle';
    this.showCurrent();
  }

  failed(message: string): void {
    this.state = 'failed';
    this.item.text = '$(error) Deep Review';
    this.item.tooltip = `The last review did not finish: ${message}\nClick to review the branch again.`;
    this.item.accessibilityInformation = { label: `Deep Review: the last review did not finish: ${message}. Reviews the branch again.`, role: 'button' };
    this.item.command = { command: 'deepReview.reviewBranch', title: 'Review the branch again' };
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private showCurrent(): void {
    const report = this.current.report;
    if (!report) {
      if (this.state === 'idle') this.item.hide();
      return;
    }
    this.state = 'idle';
    const active = this.current.activeFindings();
    const words = severityCountWords(active);
    const resolved = report.findings.length - active.length;
    // Icons as the Problems panel shows them; the tooltip and the screen-reader label say the same in words.
    this.item.text = active.length === 0 ? '$(checklist) Deep Review: no open findings' : `$(checklist) ${severityCountIcons(active)}`;
    this.item.tooltip = [
      active.length === 0 ? 'Deep Review: no open findings.' : `Deep Review: ${words} open.`,
      `${report.branch.branch}, round ${report.round}: ${report.verdict}`,
      resolved > 0 ? `${resolved} of ${report.findings.length} findings fixed or dismissed since.` : null,
      'Click to open the report.',
    ].filter((line) => line !== null).join('\n');
    this.item.accessibilityInformation = { label: `Deep Review: ${active.length === 0 ? 'no open findings' : `${words} open`}. Opens the report.`, role: 'button' };
    this.item.command = { command: 'deepReview.openLastReport', title: 'Open the Deep Review report' };
    this.item.backgroundColor = active.some((finding) => finding.severity === 'critical') ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }
}
