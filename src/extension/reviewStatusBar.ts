import * as vscode from 'vscode';
import type { ReviewReport } from '../shared/reportModel';
import { formatSeverityCounts } from '../shared/reportFormat';

/** The status bar item: the run while it lasts (click: show the progress), then the last result (click: the report). */
export class ReviewStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('deepReview.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Deep Review';
  }

  running(message: string): void {
    this.item.text = '$(sync~spin) Deep Review';
    this.item.tooltip = `Deep Review is running — ${message}`;
    this.item.command = { command: 'notifications.showList', title: 'Show Deep Review progress' };
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  finished(report: ReviewReport): void {
    const counts = formatSeverityCounts(report.findings);
    this.item.text = `$(checklist) Deep Review: ${counts === 'none' ? 'no findings' : counts}`;
    this.item.tooltip = `${report.branch.branch}: ${report.verdict}\nClick to open the report.`;
    this.item.command = { command: 'deepReview.openLastReport', title: 'Open the Deep Review report' };
    this.item.backgroundColor = report.findings.some((finding) => finding.severity === 'critical') ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  failed(message: string): void {
    this.item.text = '$(error) Deep Review';
    this.item.tooltip = `The last review did not finish: ${message}`;
    this.item.command = { command: 'deepReview.reviewBranch', title: 'Review the branch again' };
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
