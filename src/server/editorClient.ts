import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClientCapabilities, Connection, InitializeParams } from 'vscode-languageserver';
import type { ClientSettingsAnswers } from './clientSettings';

const settingsSection = 'deepReview';

/**
 * What the server knows of the editor it serves, from `initialize`: which optional LSP features it has (the
 * server uses none that VS Code alone offers unless the client says it has them), its workspace folder and
 * the settings it passed as initialization options.
 */
export class EditorClient {
  private capabilities: ClientCapabilities = {};
  private folder: string | null = null;
  private initialSettings: unknown = undefined;

  constructor(private readonly connection: Connection) {}

  initialize(params: InitializeParams, initialSettings: unknown): void {
    this.capabilities = params.capabilities;
    this.initialSettings = initialSettings;
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- rootUri is what clients without workspace folders send
    const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    this.folder = uri?.startsWith('file:') ? fileURLToPath(uri) : null;
  }

  /** The folder a review runs in when the command does not name one. */
  get workspaceFolder(): string | null {
    return this.folder;
  }

  get supportsShowDocument(): boolean {
    return this.capabilities.window?.showDocument?.support === true;
  }

  get supportsWorkDoneProgress(): boolean {
    return this.capabilities.window?.workDoneProgress === true;
  }

  /** Without it a disabled code action looks like one that works (LSP: servers must not send them). */
  get supportsDisabledCodeActions(): boolean {
    return this.capabilities.textDocument?.codeAction?.disabledSupport === true;
  }

  /** Without it an edit that needs confirmation is applied at once: a fix that must be previewed is not offered as an edit. */
  get supportsChangeAnnotations(): boolean {
    return this.capabilities.workspace?.workspaceEdit?.changeAnnotationSupport !== undefined;
  }

  get supportsMessageRequests(): boolean {
    return this.capabilities.window?.showMessage !== undefined;
  }

  /**
   * The settings section for no scope and for `folder`'s scope (workspace/configuration when the client has
   * it), else the initialization options' for both: those are the user's editor configuration.
   */
  async settings(folder: string): Promise<ClientSettingsAnswers> {
    if (this.capabilities.workspace?.configuration !== true) return { user: this.initialSettings, workspace: undefined };
    const [user, workspace] = (await this.connection.workspace.getConfiguration([
      { section: settingsSection },
      { section: settingsSection, scopeUri: pathToFileURL(folder).toString() },
    ])) as unknown[];
    return { user: user ?? this.initialSettings, workspace: workspace ?? undefined };
  }
}
