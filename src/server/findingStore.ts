import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../shared/findingModel';
import { isActiveFinding, statusOf, type FindingStatus, type FindingStatuses } from '../shared/findingStatus';
import { findingLocationsNotificationMethod, findingStatusesNotificationMethod, reportKeyOf, type FindingLocations, type FindingLocationsNotification, type FindingStatusesNotification } from '../shared/protocol';
import type { ReviewReport } from '../shared/reportModel';
import type { DocumentTexts } from './documentTexts';
import { prepareFile } from '../engine/findings/anchorSnippet';
import { planFix } from '../engine/fixes/planFix';
import { findingDiagnostic, findingLink, locateFinding, type FindingLinks } from './findingDiagnostics';

/** "Likely fixed" or "fix applied" in this editor session: what an undo can take back. */
function isEditorResolution(status: FindingStatus): boolean {
  return status.action === 'likely-fixed' || status.action === 'fix-applied';
}

/** An applied fix is undone when the text it replaced is back (planFix can apply it again). */
function fixUndone(finding: Finding, text: string): boolean {
  if (!finding.fix || !finding.fix.edits.every((edit) => edit.path === finding.location.path)) return false;
  return planFix(finding.fix, () => text).kind === 'ready';
}

/** A finding whose snippet disappeared from, or came back to, the text the user is editing. */
export interface AnchorChange {
  finding: Finding;
  present: boolean;
}

export interface FindingStoreOptions {
  links?: FindingLinks | undefined;
  /** Called when an edit removes an active finding's code, or an undo brings back a likely-fixed one's. */
  onAnchorChange?: (report: ReviewReport, changes: AnchorChange[]) => void;
}

/**
 * The current report (the last review, or the latest stored round restored), each finding's status, and
 * the diagnostics they give in the current text of each file. Only active findings (open, regressed)
 * are in the Problems panel.
 */
export class FindingStore {
  private report: ReviewReport | null = null;
  private statuses: FindingStatuses = {};
  private byPath = new Map<string, Finding[]>();
  /** Each anchored finding's lines in the current text (null: its code is gone), as last published. */
  private places: FindingLocations = {};
  /** By document URI: the findings with a diagnostic there and their current lines (what a hover looks up). */
  private shownByUri = new Map<string, Array<{ finding: Finding; startLine: number; endLine: number }>>();

  constructor(
    private readonly connection: Connection,
    private readonly texts: DocumentTexts,
    private readonly options: FindingStoreOptions = {},
  ) {}

  /** From the client's initialization options: the finding ids in the Problems panel become links to the report. */
  useLinks(links: FindingLinks): void {
    this.options.links = links;
  }

  get current(): ReviewReport | null {
    return this.report;
  }

  get currentStatuses(): FindingStatuses {
    return this.statuses;
  }

  finding(id: string): Finding | undefined {
    return this.report?.findings.find((finding) => finding.id === id);
  }

  status(id: string): FindingStatus {
    return statusOf(this.statuses, id);
  }

  /** Where each anchored finding is now (1-based lines; null when its code is gone): what the Problems panel shows. */
  get currentLocations(): FindingLocations {
    return this.places;
  }

  /** The findings whose diagnostic covers `line` (0-based) of the document, with their current lines. */
  findingsAt(uri: string, line: number): Array<{ finding: Finding; startLine: number; endLine: number }> {
    return (this.shownByUri.get(uri) ?? []).filter((shown) => shown.startLine - 1 <= line && line <= shown.endLine - 1);
  }

  async replace(report: ReviewReport, statuses: FindingStatuses = {}): Promise<void> {
    await this.clearDiagnostics();
    this.report = report;
    this.statuses = { ...statuses };
    for (const finding of report.findings) {
      const list = this.byPath.get(finding.location.path) ?? [];
      list.push(finding);
      this.byPath.set(finding.location.path, list);
    }
    await Promise.all([...this.byPath.keys()].map((repoPath) => this.publish(repoPath)));
    this.announce();
    this.announceLocations();
  }

  async clear(): Promise<void> {
    await this.clearDiagnostics();
    this.statuses = {};
    this.announce();
  }

  /** Sets one finding's status (a dismissal, an applied fix) and republishes its file. */
  setStatus(findingId: string, status: FindingStatus): void {
    const finding = this.finding(findingId);
    if (!finding) return;
    this.statuses = { ...this.statuses, [findingId]: status };
    void this.publish(finding.location.path);
    this.announce();
  }

  /** Re-anchors one file's findings in its current text (after an edit) and republishes them. */
  async refreshDocument(uri: string): Promise<void> {
    if (!this.report) return;
    const repoPath = this.texts.repoPathOf(this.report.branch.repoRoot, uri);
    if (!repoPath || !this.byPath.has(repoPath)) return;
    const before = JSON.stringify(this.places);
    await this.publish(repoPath);
    if (JSON.stringify(this.places) !== before) this.announceLocations();
  }

  /** Where a finding is now, in 1-based lines, or null when its code is gone. */
  currentLocation(finding: Finding): { startLine: number; endLine: number } | null {
    if (!this.report) return null;
    const text = this.texts.text(this.report.branch.repoRoot, finding.location.path);
    return text === null ? null : locateFinding(finding, text);
  }

  private async clearDiagnostics(): Promise<void> {
    const previous = this.report;
    const paths = [...this.byPath.keys()];
    this.report = null;
    this.byPath = new Map();
    this.places = {};
    this.shownByUri = new Map();
    if (!previous) return;
    await Promise.all(paths.map((repoPath) => this.connection.sendDiagnostics({ uri: this.texts.uriOf(previous.branch.repoRoot, repoPath), diagnostics: [] })));
  }

  private async publish(repoPath: string): Promise<void> {
    const report = this.report;
    if (!report) return;
    const uri = this.texts.uriOf(report.branch.repoRoot, repoPath);
    const text = this.texts.text(report.branch.repoRoot, repoPath);
    const diagnostics: Diagnostic[] = [];
    const changes: AnchorChange[] = [];
    const shown: Array<{ finding: Finding; startLine: number; endLine: number }> = [];
    const places: FindingLocations = {};
    if (text !== null) {
      // Prepared once for all of this file's findings: this runs on every keystroke in the file.
      const prepared = prepareFile(text);
      const lines = text.split('\n');
      for (const finding of this.byPath.get(repoPath) ?? []) {
        if (finding.anchor.status === 'unanchored') continue;
        const at = locateFinding(finding, prepared);
        places[finding.id] = at ? { startLine: at.startLine, endLine: at.endLine } : null;
        const status = this.status(finding.id);
        const active = isActiveFinding(this.statuses, finding.id);
        // Dismissals stay whatever the text says; the editor's own resolutions are taken back by an undo.
        if (!active && !isEditorResolution(status)) continue;
        const visible = at !== null && (active || status.action === 'likely-fixed' || fixUndone(finding, text));
        if (active && !at) changes.push({ finding, present: false });
        if (!active && visible) changes.push({ finding, present: true });
        if (!visible) continue;
        shown.push({ finding, startLine: at.startLine, endLine: at.endLine });
        const link = this.options.links ? findingLink(this.options.links, finding.id, reportKeyOf(report)) : undefined;
        diagnostics.push(findingDiagnostic(finding, lines, at, uri, (path) => this.texts.uriOf(report.branch.repoRoot, path), link));
      }
    }
    // Findings of a file that cannot be read (deleted, outside the repository) have no place now.
    if (text === null) for (const finding of this.byPath.get(repoPath) ?? []) if (finding.anchor.status !== 'unanchored') places[finding.id] = null;
    this.places = { ...this.places, ...places };
    this.shownByUri.set(uri, shown);
    if (changes.length > 0) this.applyAnchorChanges(report, changes);
    await this.connection.sendDiagnostics({ uri, diagnostics });
  }

  private applyAnchorChanges(report: ReviewReport, changes: AnchorChange[]): void {
    const back = new Set(changes.filter((change) => change.present).map((change) => change.finding.id));
    const next: FindingStatuses = Object.fromEntries(Object.entries(this.statuses).filter(([id]) => !back.has(id)));
    for (const { finding, present } of changes) if (!present) next[finding.id] = { status: 'fixed', action: 'likely-fixed', reason: null };
    this.statuses = next;
    this.announce();
    this.options.onAnchorChange?.(report, changes);
  }

  private announceLocations(): void {
    if (!this.report) return;
    const params: FindingLocationsNotification = { reportKey: reportKeyOf(this.report), locations: this.places };
    void this.connection.sendNotification(findingLocationsNotificationMethod, params);
  }

  private announce(): void {
    const params: FindingStatusesNotification = { reportKey: this.report ? reportKeyOf(this.report) : null, statuses: this.statuses };
    void this.connection.sendNotification(findingStatusesNotificationMethod, params);
  }
}
