import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../shared/protocol';

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every file: findings can be anywhere in the repository, and fixes must see unsaved edits.
    documentSelector: [{ scheme: 'file' }],
    outputChannel,
    diagnosticCollectionName: 'deepReview',
    initializationOptions: { findingLinkBase: `${vscode.env.uriScheme}://${context.extension.id}` } satisfies InitializationOptions,
  };
  return new LanguageClient('deepReview', 'Deep Review', serverOptions, clientOptions);
}
