import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { hoverCommandIds, type InitializationOptions } from '../shared/protocol';

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
    middleware: {
      // A finding's hover ends in command links (Apply fix, Show in report, Dismiss…). Over LSP it is plain
      // Markdown; here it is trusted for exactly those commands, and the server writes agent text so no link comes from it.
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        if (!hover) return hover;
        for (const content of hover.contents) if (content instanceof vscode.MarkdownString) content.isTrusted = { enabledCommands: [...hoverCommandIds] };
        return hover;
      },
    },
  };
  return new LanguageClient('deepReview', 'Deep Review', serverOptions, clientOptions);
}
