import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  createProtocolConnection,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type ProtocolConnection,
  type WorkDoneProgressBegin,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';

const serverBundle = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');

/** What VS Code's client declares of what the server uses: disabled code actions show their reason; edits needing confirmation go through a preview. */
export const vsCodeCapabilities: ClientCapabilities = {
  window: { workDoneProgress: true },
  textDocument: { codeAction: { disabledSupport: true } },
  workspace: { workspaceEdit: { documentChanges: true, changeAnnotationSupport: {} } },
};

/** A bare LSP client over stdio to the built language server: what any LSP editor would do. */
export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly progressMessages: string[] = [];
  /** What the server logged (window/logMessage), oldest first. */
  readonly logMessages: string[] = [];
  /** The deepReview/findingStatuses notifications, oldest first. */
  readonly statusNotifications: unknown[] = [];
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(env: NodeJS.ProcessEnv, capabilities: ClientCapabilities = vsCodeCapabilities): Promise<LspClient> {
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection);
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      client.diagnostics.set(params.uri, params.diagnostics);
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      client.logMessages.push(params.message);
    });
    connection.onNotification('deepReview/findingStatuses', (params: unknown) => {
      client.statusNotifications.push(params);
    });
    connection.listen();
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- rootUri is still a required field of InitializeParams
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Records the messages of a work-done progress token the client created. */
  trackProgress(token: string): void {
    this.connection.onProgress(WorkDoneProgress.type, token, (value) => {
      const message = (value as WorkDoneProgressBegin | WorkDoneProgressReport).message;
      if (message) this.progressMessages.push(message);
    });
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'javascript', version: 1, text } });
  }

  async replaceText(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const result = (await this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) ?? [];
    return result.filter((action: Command | CodeAction): action is CodeAction => 'kind' in action || 'edit' in action || 'disabled' in action);
  }

  /** Waits until the diagnostics of `uri` satisfy `check`. */
  async waitForDiagnostics(uri: string, check: (diagnostics: Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.diagnostics.get(uri) ?? [];
      if (check(current)) return current;
      if (Date.now() > deadline) throw new Error(`diagnostics of ${uri} never matched; last: ${JSON.stringify(current.map((d) => [d.code, d.range.start.line]))}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
    this.connection.dispose();
    if (this.process.exitCode === null) await new Promise((resolve) => this.process.once('exit', resolve));
  }
}
