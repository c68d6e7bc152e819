import { createHash } from 'node:crypto';
import type { Anchor } from '../../shared/findingModel';
import { anchorSnippet, prepareFile, type PreparedFile } from '../findings/anchorSnippet';

// Lines either side of a finding's snippet that count as "its code": a declined finding comes back when
// they change. Three lines covers the statement around a quoted line without reaching the next function.
const contextLines = 3;

/** Where a snippet is in a file at a reviewed HEAD, and a hash of the code around it. */
export interface CodeAtHead {
  found: boolean;
  startLine: number;
  /** Null when the snippet was not found. */
  codeHash: string | null;
}

/** Files of one reviewed HEAD, each read and prepared once however many findings point into it. */
export class HeadFiles {
  private readonly files = new Map<string, Promise<PreparedFile | null>>();

  constructor(private readonly readFileAtHead: (path: string) => Promise<string | null>) {}

  get(path: string): Promise<PreparedFile | null> {
    let file = this.files.get(path);
    if (!file) {
      file = this.readFileAtHead(path).then((text) => (text === null ? null : prepareFile(text)));
      this.files.set(path, file);
    }
    return file;
  }

  /** Locates `snippet` in `path` (nearest to `hintLine`); not found when the file or the snippet is gone. */
  async locate(path: string, snippet: string, hintLine: number): Promise<CodeAtHead> {
    const file = await this.get(path);
    if (!file) return { found: false, startLine: hintLine, codeHash: null };
    return codeAt(file, anchorSnippet(file, snippet, hintLine));
  }

  /** The code hash for a finding already anchored at this HEAD by the review. */
  async hashAt(path: string, anchor: Anchor): Promise<string | null> {
    const file = await this.get(path);
    return file ? codeAt(file, anchor).codeHash : null;
  }
}

function codeAt(file: PreparedFile, anchor: Anchor): CodeAtHead {
  if (anchor.status === 'unanchored') return { found: false, startLine: anchor.startLine, codeHash: null };
  const from = Math.max(0, anchor.startLine - 1 - contextLines);
  const to = Math.min(file.lines.length, anchor.endLine + contextLines);
  // Indentation, whitespace runs and blank lines do not count as a change of the code.
  const code = file
    .collapsedLines()
    .slice(from, to)
    .filter((line) => line !== '')
    .join('\n');
  return { found: true, startLine: anchor.startLine, codeHash: createHash('sha256').update(code).digest('hex').slice(0, 16) };
}
