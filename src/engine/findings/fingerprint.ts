import { createHash } from 'node:crypto';

/**
 * A finding's identity across rounds and edits: its file, the code it quotes and its title, each
 * normalised so that line numbers, indentation, line endings and wording noise do not change it.
 */
export function fingerprintFinding(finding: { path: string; snippet: string; title: string }): string {
  return createHash('sha256')
    .update([finding.path, normalizeSnippet(finding.snippet), normalizeTitle(finding.title)].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
}

/** Code keeps its case and punctuation (they carry meaning); only whitespace is normalised. */
export function normalizeSnippet(snippet: string): string {
  return snippet
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
