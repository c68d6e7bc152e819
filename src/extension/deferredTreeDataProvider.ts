import * as vscode from 'vscode';

/**
 * A tree view's data provider that stands in for one not loaded yet (a view must be registered during
 * activation, which does not wait for the code behind it): asks the real provider once it is there and
 * passes its change events on.
 */
export class DeferredTreeDataProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null>();
  readonly onDidChangeTreeData = this.changed.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly provider: Promise<vscode.TreeDataProvider<T>>) {
    // A provider that fails to load fails getChildren instead; whoever loads it reports why.
    provider.then((loaded) => {
      this.forwarding = loaded.onDidChangeTreeData?.((change) => { this.changed.fire(change ?? undefined); });
    }, () => undefined);
  }

  async getChildren(element?: T): Promise<T[] | null | undefined> {
    return (await this.provider).getChildren(element);
  }

  async getTreeItem(element: T): Promise<vscode.TreeItem> {
    return (await this.provider).getTreeItem(element);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
