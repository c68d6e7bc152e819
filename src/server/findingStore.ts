import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../shared/findingModel';
import type { ReviewReport } from '../shared/reportModel';
import type { DocumentTexts } from './documentTexts';
import { prepareFile } from '../engine/findings/anchorSnippet';
import { findingDiagnostic, locateFinding } from './findingDiagnostics';

/** The findings of the last review and the diagnostics they give in the current text of each file. */
export class FindingStore {
  private report: ReviewReport | null = null;
  private byPath = new Map<string, Finding[]>();

  constructor(
    private readonly connection: Connection,
    private readonly texts: DocumentTexts,
  ) {}

  get current(): ReviewReport | null {
    return this.report;
  }

  finding(id: string): Finding | undefined {
    return this.report?.findings.find((finding) => finding.id === id);
  }

  async replace(report: ReviewReport): Promise<void> {
    await this.clear();
    this.report = report;
    for (const finding of report.findings) {
      const list = this.byPath.get(finding.location.path) ?? [];
      list.push(finding);
      this.byPath.set(finding.location.path, list);
    }
    await Promise.all([...this.byPath.keys()].map((repoPath) => this.publish(repoPath)));
  }

  async clear(): Promise<void> {
    const previous = this.report;
    const paths = [...this.byPath.keys()];
    this.report = null;
    this.byPath = new Map();
    if (!previous) return;
    await Promise.all(paths.map((repoPath) => this.connection.sendDiagnostics({ uri: this.texts.uriOf(previous.branch.repoRoot, repoPath), diagnostics: [] })));
  }

  /** Re-anchors one file's findings in its current text (after an edit) and republishes them. */
  async refreshDocument(uri: string): Promise<void> {
    if (!this.report) return;
    const repoPath = this.texts.repoPathOf(this.report.branch.repoRoot, uri);
    if (repoPath && this.byPath.has(repoPath)) await this.publish(repoPath);
  }

  /** Where a finding is now, in 1-based lines, or null when its code is gone. */
  currentLocation(finding: Finding): { startLine: number; endLine: number } | null {
    if (!this.report) return null;
    const text = this.texts.text(this.report.branch.repoRoot, finding.location.path);
    return text === null ? null : locateFinding(finding, text);
  }

  private async publish(repoPath: string): Promise<void> {
    const report = this.report;
    if (!report) return;
    const uri = this.texts.uriOf(report.branch.repoRoot, repoPath);
    const text = this.texts.text(report.branch.repoRoot, repoPath);
    const diagnostics: Diagnostic[] = [];
    if (text !== null) {
      // Prepared once for all of this file's findings: this runs on every keystroke in the file.
      const prepared = prepareFile(text);
      const lines = text.split('\n');
      for (const finding of this.byPath.get(repoPath) ?? []) {
        const at = locateFinding(finding, prepared);
        if (at) diagnostics.push(findingDiagnostic(finding, lines, at, uri, (path) => this.texts.uriOf(report.branch.repoRoot, path)));
      }
    }
    await this.connection.sendDiagnostics({ uri, diagnostics });
  }
}
