import * as vscode from 'vscode';
import { agentClis, type AgentCli } from '../shared/reviewerConfig';
import { cliSignIn } from '../shared/signInSteps';
import type { StoredApiKeys } from '../shared/storedApiKeys';

const secretName = (cli: AgentCli): string => `deepReview.apiKey.${cli}`;

/**
 * API keys entered with "Set API key…", kept in VS Code's SecretStorage (the OS keychain where there is one),
 * never in settings. They go with each check and review request to the language server, which gives each
 * to its own CLI only.
 */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key.startsWith('deepReview.apiKey.')) this.changed.fire();
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  async all(): Promise<StoredApiKeys> {
    // At once: in a browser-hosted VS Code each read is a round trip to the page.
    const stored = await Promise.all(agentClis.map(async (cli) => [cli, await this.secrets.get(secretName(cli))] as const));
    const keys: StoredApiKeys = {};
    for (const [cli, key] of stored) if (key !== undefined && key !== '') keys[cli] = key;
    return keys;
  }

  /** Asks for `cli`'s key (hidden input) and stores it; false when the user cancelled. An empty entry removes the stored key. */
  async promptAndStore(cli: AgentCli): Promise<boolean> {
    const { name, apiKeyVariable, apiKeyHelp } = cliSignIn[cli];
    const key = await vscode.window.showInputBox({
      title: `Deep Review: ${name} API key`,
      prompt: `${apiKeyHelp} Kept in VS Code's secret storage and given only to ${name}, as ${apiKeyVariable}. Leave empty to remove a stored key.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return false;
    if (key.trim() === '') await this.secrets.delete(secretName(cli));
    else await this.secrets.store(secretName(cli), key.trim());
    return true;
  }
}
