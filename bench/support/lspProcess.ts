import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import {
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './machine';

/** A language server process driven over stdio as an editor drives it, with arrival times of what it sends. */
type DiagnosticsListener = (params: PublishDiagnosticsParams, at: number) => void;
type LogListener = (params: LogMessageParams, at: number) => void;

export class LspProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    /** Spawn → initialize result, in ms. */
    readonly readyMs: number,
    private readonly diagnosticsListeners: Set<DiagnosticsListener>,
    private readonly logListeners: Set<LogListener>,
  ) {}

  /** Spawns `node <args>` and completes the initialize handshake. */
  static async start(nodeArgs: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<LspProcess> {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, '--stdio'], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const diagnosticsListeners = new Set<DiagnosticsListener>();
    const logListeners = new Set<LogListener>();
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const at = performance.now();
      for (const listener of [...diagnosticsListeners]) listener(params, at);
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      const at = performance.now();
      for (const listener of [...logListeners]) listener(params, at);
    });
    connection.listen();
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- rootUri is still a required field of InitializeParams
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { window: { workDoneProgress: true } } });
    const server = new LspProcess(child, connection, performance.now() - started, diagnosticsListeners, logListeners);
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  onDiagnostics(listener: DiagnosticsListener): () => void {
    this.diagnosticsListeners.add(listener);
    return () => { this.diagnosticsListeners.delete(listener); };
  }

  onLog(listener: LogListener): () => void {
    this.logListeners.add(listener);
    return () => { this.logListeners.delete(listener); };
  }

  /** Shutdown and exit as an editor does; killed when it does not exit within 5 s. */
  async stop(): Promise<void> {
    const exited = this.child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => this.child.once('exit', () => { resolve(); }));
    await this.connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** Resolves when `count` distinct URIs got non-empty diagnostics after this call, with the last arrival time. */
export function waitForDiagnosticsOn(server: LspProcess, count: number, timeoutMs = 60_000): Promise<{ lastAt: number; diagnostics: number }> {
  return new Promise((resolve, reject) => {
    const seen = new Map<string, number>();
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`only ${seen.size} of ${count} files got diagnostics within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = server.onDiagnostics((params, at) => {
      if (params.diagnostics.length === 0) return;
      seen.set(params.uri, params.diagnostics.length);
      if (seen.size < count) return;
      clearTimeout(timer);
      stop();
      resolve({ lastAt: at, diagnostics: [...seen.values()].reduce((sum, n) => sum + n, 0) });
    });
  });
}
