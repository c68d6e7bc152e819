import * as vscode from 'vscode';

/**
 * Read-only documents for "Show fix diff": the text a file would have with a finding's fix, and the fix
 * as the agent wrote it when it cannot be planned any more. Kept in memory; nothing is written to disk.
 */
export class FixDiffDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'deep-review-fix';
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** A URI whose content is `text`; the same finding and file always get the same URI (its content updated). */
  put(findingId: string, name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: FixDiffDocuments.scheme, path: `/${findingId}/${name}` });
    const key = uri.toString();
    const known = this.texts.has(key);
    this.texts.set(key, text);
    if (known) this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
