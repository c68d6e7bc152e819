import { randomBytes } from 'node:crypto';

// The report webview's page, kept free of `vscode` so the browser tests serve exactly this page and CSP.

/** Where the page loads its files from: in VS Code the webview's resource URIs and `webview.cspSource`. */
export interface ReportPageSources {
  /** The URI of an extension file, e.g. assetUri('dist', 'webview.js'). */
  assetUri: (...segments: string[]) => string;
  /** The only origin styles, fonts and images may come from. */
  cspSource: string;
}

/** A fresh nonce for the page's one script tag. */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The report page: no inline code, one nonce'd script, nothing from outside the extension. */
export function reportPageHtml(sources: ReportPageSources, nonce: string = newNonce()): string {
  const { cspSource } = sources;
  const assetUri = (...segments: string[]): string => sources.assetUri(...segments);
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${assetUri('dist', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${assetUri('media', 'report.css')}">
<title>Deep Review</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading the report…</p></main>
<script nonce="${nonce}" src="${assetUri('dist', 'webview.js')}"></script>
</body>
</html>`;
}
