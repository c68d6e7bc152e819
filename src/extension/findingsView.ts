import path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Severity } from '../shared/findingModel';
import { findingStatusLabel, isActiveFinding, statusOf, type FindingStatuses } from '../shared/findingStatus';
import type { RoundSummary } from '../shared/ledgerModel';
import { reportKeyOf, type HistoryResult } from '../shared/protocol';
import type { CurrentReport } from './currentReport';
import type { ServerApi } from './serverApi';
import { fixVerificationLabel } from '../shared/fixVerification';
import { findingsViewId } from '../shared/contributionIds';

// The Deep Review view: each workspace repository's reviewed branches → their rounds → the findings
// with their status now. A click opens the finding's code; the context menu applies, diffs or dismisses
// findings of the current report.

export type ViewNode = FolderNode | BranchNode | RoundNode | FindingNode | MessageNode;

interface FolderNode { kind: 'folder'; folder: vscode.WorkspaceFolder }
interface BranchNode { kind: 'branch'; repoRoot: string; branch: string; current: boolean; rounds: RoundSummary[]; unreadable: HistoryResult['branches'][number]['unreadable'] }
export interface RoundNode { kind: 'round'; repoRoot: string; branch: string; summary: RoundSummary; latest: boolean }
export interface FindingNode { kind: 'finding'; repoRoot: string; findingId: string; finding: Finding; statuses: FindingStatuses; live: boolean; /** The line to open: where the finding is now in a live report, else where it was reviewed. */ line: number }
interface MessageNode { kind: 'message'; text: string; tooltip?: string }

const severityIcons: Record<Severity, vscode.ThemeIcon> = {
  critical: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  important: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  suggestion: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

export class FindingsView implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  static readonly viewId = findingsViewId;
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: Array<{ dispose(): unknown }> = [this.changed];
  /** Each folder's stored rounds, read once until a new report or a refresh (listing reads every round's report). */
  private readonly histories = new Map<string, Promise<HistoryResult>>();
  private currentKey: string | null = null;

  constructor(
    private readonly server: ServerApi,
    private readonly current: CurrentReport,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      current.onDidChange(() => {
        // A new current report (a review, a restore) may add a round; a status change only redraws the findings.
        const key = current.report ? reportKeyOf(current.report) : null;
        if (key !== this.currentKey) this.histories.clear();
        this.currentKey = key;
        this.changed.fire(undefined);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => { this.refresh(); }),
    );
  }

  /** Reads the stored rounds again (the view's Refresh button). */
  refresh(): void {
    this.histories.clear();
    this.changed.fire(undefined);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    if (!node) {
      const folders = vscode.workspace.workspaceFolders ?? [];
      if (folders.length === 1 && folders[0]) return this.branches(folders[0]);
      return folders.map((folder) => ({ kind: 'folder', folder }));
    }
    switch (node.kind) {
      case 'folder':
        return this.branches(node.folder);
      case 'branch':
        return [
          ...[...node.rounds].reverse().map((summary, index): RoundNode => ({ kind: 'round', repoRoot: node.repoRoot, branch: node.branch, summary, latest: index === 0 })),
          ...node.unreadable.map((entry): MessageNode => ({ kind: 'message', text: `Round ${entry.round} cannot be read`, tooltip: entry.problem })),
        ];
      case 'round':
        return this.findings(node);
      default:
        return [];
    }
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        item.resourceUri = node.folder.uri;
        return item;
      }
      case 'branch': {
        const item = new vscode.TreeItem(node.branch, node.current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('git-branch');
        item.description = `${node.current ? 'current · ' : ''}${plural(node.rounds.length, 'round')}`;
        item.contextValue = 'branch';
        return item;
      }
      case 'round':
        return this.roundItem(node);
      case 'finding':
        return findingItem(node);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('warning');
        if (node.tooltip) item.tooltip = node.tooltip;
        return item;
      }
    }
  }

  private async branches(folder: vscode.WorkspaceFolder): Promise<ViewNode[]> {
    let history: HistoryResult;
    try {
      const cwd = folder.uri.fsPath;
      const cached = this.histories.get(cwd) ?? this.server.history(cwd);
      this.histories.set(cwd, cached);
      history = await cached;
    } catch (error) {
      this.histories.delete(folder.uri.fsPath);
      const message = error instanceof Error ? error.message : String(error);
      this.log.debug(`No review history for ${folder.uri.fsPath}: ${message}`);
      return [{ kind: 'message', text: 'Not a git repository', tooltip: message }];
    }
    for (const warning of history.warnings) this.log.warn(warning);
    return history.branches
      .filter((branch) => branch.rounds.length > 0 || branch.unreadable.length > 0)
      .map((branch): BranchNode => ({ kind: 'branch', repoRoot: history.repoRoot, branch: branch.branch, current: branch.branch === history.currentBranch, rounds: branch.rounds, unreadable: branch.unreadable }));
  }

  private roundItem(node: RoundNode): vscode.TreeItem {
    const { summary } = node;
    const live = this.isLive(node);
    const item = new vscode.TreeItem(`Round ${summary.round}`, live ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    const counts = (['critical', 'important', 'suggestion'] as const).map((severity) => (summary.counts[severity] > 0 ? `${summary.counts[severity]}${severity[0]?.toUpperCase() ?? ''}` : null)).filter(Boolean).join(' ');
    item.description = [summary.verdict.split(' — ')[0], counts || 'no findings', new Date(summary.createdAt).toLocaleString()].join(' · ');
    item.tooltip = new vscode.MarkdownString(`**Round ${summary.round}** of \`${node.branch}\`\n\n${summary.verdict}\n\nReviewed commit \`${summary.head.slice(0, 12)}\`${live ? '\n\nThis is the current report: its findings are in the Problems panel.' : ''}`);
    item.iconPath = new vscode.ThemeIcon(live ? 'checklist' : 'history');
    item.contextValue = 'round';
    item.command = { command: 'deepReview.openRoundReport', title: 'Open Report', arguments: [node] };
    return item;
  }

  private isLive(node: RoundNode): boolean {
    return this.current.isCurrentRound(node.repoRoot, node.branch, node.summary.round);
  }

  private async findings(node: RoundNode): Promise<ViewNode[]> {
    const live = this.isLive(node);
    let report;
    let statuses: FindingStatuses;
    if (live && this.current.report) {
      report = this.current.report;
      statuses = this.current.statuses;
    } else {
      try {
        const result = await this.server.round(node.repoRoot, node.branch, node.summary.round);
        report = result.report;
        statuses = result.statuses;
      } catch (error) {
        return [{ kind: 'message', text: 'The round cannot be read', tooltip: error instanceof Error ? error.message : String(error) }];
      }
    }
    if (report.findings.length === 0) return [{ kind: 'message', text: 'No findings' }];
    return report.findings.map((finding): FindingNode => ({ kind: 'finding', repoRoot: report.branch.repoRoot, findingId: finding.id, finding, statuses, live, line: live ? this.current.lineOf(finding) : finding.anchor.startLine }));
  }
}

function findingItem(node: FindingNode): vscode.TreeItem {
  const { finding } = node;
  const status = statusOf(node.statuses, finding.id);
  const active = isActiveFinding(node.statuses, finding.id);
  const item = new vscode.TreeItem(`${finding.id}  ${finding.title}`, vscode.TreeItemCollapsibleState.None);
  const where = `${path.basename(finding.location.path)}:${node.line}`;
  const verification = active && finding.fixVerification ? ` · ${fixVerificationLabel(finding.fixVerification)}` : '';
  item.description = active ? `${where}${verification}` : `${where} · ${findingStatusLabel(status)}`;
  item.iconPath = active ? severityIcons[finding.severity] : new vscode.ThemeIcon(status.status === 'declined' ? 'circle-slash' : 'pass', new vscode.ThemeColor('disabledForeground'));
  item.tooltip = new vscode.MarkdownString(`**${finding.id}** (${finding.severity}) — ${findingStatusLabel(status)}${verification}\n\n\`${finding.location.path}:${node.line}\``);
  // Screen readers hear the severity the icon shows, and the status when the finding is no longer open.
  item.accessibilityInformation = {
    label: `${finding.id}, ${finding.severity}${active ? '' : `, ${findingStatusLabel(status)}`}: ${finding.title}, ${item.description}`,
  };
  item.contextValue = ['finding', node.live && active ? 'live' : null, node.live && active && finding.fix ? 'fixable' : null].filter(Boolean).join('.');
  item.command = {
    command: 'vscode.open',
    title: 'Open Finding',
    arguments: [vscode.Uri.file(path.join(node.repoRoot, finding.location.path)), { selection: new vscode.Range(node.line - 1, 0, node.line - 1, 0) }],
  };
  return item;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
