import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isActiveFinding, type FindingStatuses } from '../shared/findingStatus';
import type { Finding } from '../shared/findingModel';
import {
  findingLocationsNotificationMethod,
  findingLocationsNotificationSchema,
  findingStatusesNotificationMethod,
  findingStatusesNotificationSchema,
  reportKeyOf,
  type FindingLocations,
} from '../shared/protocol';
import type { ReviewReport } from '../shared/reportModel';

/**
 * The extension's view of the language server's current report: the last review, or the latest stored
 * round restored. The status bar, the Deep Review view and the report panel follow it.
 */
export class CurrentReport implements vscode.Disposable {
  private current: { report: ReviewReport; statuses: FindingStatuses } | undefined;
  /** The server's latest finding locations, kept by report key: they may come before the review's result makes that report current. */
  private locations: { reportKey: string; locations: FindingLocations } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: Array<{ dispose(): unknown }> = [this.changed];

  constructor(client: LanguageClient, log: vscode.LogOutputChannel) {
    this.disposables.push(
      client.onNotification(findingStatusesNotificationMethod, (raw: unknown) => {
        const parsed = findingStatusesNotificationSchema.safeParse(raw);
        if (!parsed.success) {
          log.warn(`Ignored an invalid ${findingStatusesNotificationMethod} notification: ${parsed.error.message}`);
          return;
        }
        const { reportKey, statuses } = parsed.data;
        if (reportKey === null) this.clear();
        else if (this.current && reportKeyOf(this.current.report) === reportKey) this.setStatuses(statuses);
      }),
      client.onNotification(findingLocationsNotificationMethod, (raw: unknown) => {
        const parsed = findingLocationsNotificationSchema.safeParse(raw);
        if (!parsed.success) {
          log.warn(`Ignored an invalid ${findingLocationsNotificationMethod} notification: ${parsed.error.message}`);
          return;
        }
        this.locations = parsed.data;
        if (this.current && reportKeyOf(this.current.report) === parsed.data.reportKey) this.changed.fire();
      }),
    );
  }

  get report(): ReviewReport | undefined {
    return this.current?.report;
  }

  get statuses(): FindingStatuses {
    return this.current?.statuses ?? {};
  }

  /**
   * Where a finding of the current report is now (1-based lines, as the Problems panel shows it): after
   * edits and applied fixes, not the reviewed commit's lines. Null when its code is gone; undefined when
   * the server has not placed it (unanchored, another report).
   */
  locationOf(finding: Finding): { startLine: number; endLine: number } | null | undefined {
    if (!this.current?.report.findings.some((each) => each.id === finding.id && each.fingerprint === finding.fingerprint)) return undefined;
    return this.locationsNow[finding.id];
  }

  /** Every placed finding of the current report, where it is now (empty before the server has said). */
  get locationsNow(): FindingLocations {
    return this.current && this.locations?.reportKey === reportKeyOf(this.current.report) ? this.locations.locations : {};
  }

  /** The line to open for a finding: where it is now, else where it was reviewed. */
  lineOf(finding: Finding): number {
    return this.locationOf(finding)?.startLine ?? finding.anchor.startLine;
  }

  /** The findings still to act on (open or regressed). */
  activeFindings(): ReviewReport['findings'] {
    const current = this.current;
    return current ? current.report.findings.filter((finding) => isActiveFinding(current.statuses, finding.id)) : [];
  }

  isCurrent(report: Pick<ReviewReport, 'branch' | 'round'>): boolean {
    return this.isCurrentRound(report.branch.repoRoot, report.branch.branch, report.round);
  }

  isCurrentRound(repoRoot: string, branch: string, round: number): boolean {
    return this.current !== undefined && reportKeyOf(this.current.report) === reportKeyOf({ branch: { repoRoot, branch }, round });
  }

  set(report: ReviewReport, statuses: FindingStatuses): void {
    this.current = { report, statuses };
    this.changed.fire();
  }

  setStatuses(statuses: FindingStatuses): void {
    if (!this.current) return;
    this.current = { ...this.current, statuses };
    this.changed.fire();
  }

  clear(): void {
    if (!this.current) return;
    this.current = undefined;
    this.changed.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
