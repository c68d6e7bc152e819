import { randomBytes } from 'node:crypto';
import { initialMessageElementId } from '../shared/webviewMessages';

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

/**
 * JSON safe inside a `<script type="application/json">` element: no `<` (so no `</script>` or `<!--`) and
 * no line separators some parsers end a script at.
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The report page: no inline code, one nonce'd script, nothing from outside the extension. With `initialMessage`
 * the page carries the report it shows first as data (never run: CSP allows only the nonce'd script), so it
 * paints the report as soon as its script has loaded instead of after a 'ready' → 'showReport' round trip.
 */
export function reportPageHtml(sources: ReportPageSources, nonce: string = newNonce(), initialMessage?: unknown): string {
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
${initialMessage === undefined ? '' : `<script type="application/json" id="${initialMessageElementId}">${jsonForScriptElement(initialMessage)}</script>\n`}<script nonce="${nonce}" src="${assetUri('dist', 'webview.js')}"></script>
</body>
</html>`;
}
