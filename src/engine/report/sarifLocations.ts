import type { ArtifactLocation, Location as SarifLocation, Region } from 'sarif';
import { approximateLocationNote, type Finding, type Location } from '../../shared/findingModel';

/** The uriBaseId every artifact location is relative to: the repository root (run.originalUriBaseIds). */
export const srcRootId = 'SRCROOT';

/** A repository-relative path as a relative URI under SRCROOT, each segment percent-encoded. */
export function artifactLocationFor(repoPath: string): ArtifactLocation {
  return { uri: repoPath.split('/').map(encodeURIComponent).join('/'), uriBaseId: srcRootId };
}

/**
 * The finding's primary location. An anchored finding gets the lines where its quoted code was found
 * at HEAD. An unanchored one (its code was not found) points at the file only: the reviewer's line
 * numbers and snippet go into the location's properties and message, not into a region that would
 * claim lines the code is not on.
 */
export function primaryLocation(finding: Finding): SarifLocation {
  const { location, anchor } = finding;
  if (anchor.status === 'unanchored') {
    return {
      physicalLocation: { artifactLocation: artifactLocationFor(location.path) },
      message: {
        text: `The code this finding quotes was not found in the reviewed commit; the reviewer pointed at ${lineRange(anchor.startLine, anchor.endLine)}.`,
      },
      properties: { anchor: anchor.status, reportedStartLine: anchor.startLine, reportedEndLine: anchor.endLine, snippet: location.snippet },
    };
  }
  const artifactLocation = artifactLocationFor(location.path);
  // The reviewer named fewer lines than it quoted: the region is the named lines, the quote is their context.
  const physicalLocation: NonNullable<SarifLocation['physicalLocation']> =
    anchor.quoteStartLine !== undefined && anchor.quoteEndLine !== undefined
      ? { artifactLocation, region: lineRegion(anchor.startLine, anchor.endLine, ''), contextRegion: lineRegion(anchor.quoteStartLine, anchor.quoteEndLine, location.snippet) }
      : { artifactLocation, region: lineRegion(anchor.startLine, anchor.endLine, location.snippet) };
  return {
    physicalLocation,
    ...(anchor.status === 'approximate' ? { message: { text: `${approximateLocationNote.charAt(0).toUpperCase()}${approximateLocationNote.slice(1)}.` } } : {}),
    properties: { anchor: anchor.status },
  };
}

/** Where other reviewers reported the same problem, with the lines recorded for them. */
export function relatedLocations(finding: Finding): SarifLocation[] {
  return finding.extraLocations.map((extra: Location, index) => ({
    id: index + 1,
    physicalLocation: { artifactLocation: artifactLocationFor(extra.path), region: lineRegion(extra.startLine, extra.endLine, extra.snippet) },
    message: { text: `Also reported at ${extra.path}, ${lineRange(extra.startLine, extra.endLine)}.` },
  }));
}

/** Whole lines (no columns), with the quoted code as the snippet. */
function lineRegion(startLine: number, endLine: number, snippet: string): Region {
  const region: Region = { startLine, endLine: Math.max(startLine, endLine) };
  if (snippet !== '') region.snippet = { text: snippet };
  return region;
}

/**
 * The region of text[start, end) as 1-based lines and columns. Lines end at "\n" or "\r\n" (SARIF's
 * default newline sequences); columns count UTF-16 code units, like JavaScript string offsets
 * (run.columnKind "utf16CodeUnits"). The end column is one past the last character, so a region
 * ending with a line break ends at column 1 of the next line.
 */
export function regionOfOffsets(text: string, start: number, end: number): Region {
  const from = positionAt(text, start);
  const to = positionAt(text, end);
  return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column, snippet: { text: text.slice(start, end) } };
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) {
    line++;
    lineStart = newline + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function lineRange(startLine: number, endLine: number): string {
  return endLine > startLine ? `lines ${startLine}–${endLine}` : `line ${startLine}`;
}
