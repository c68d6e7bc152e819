import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isSafeRepoPath } from '../shared/findingModel';

const maxFileBytes = 4 * 1024 * 1024;

/** Current text of repository files: the editor's buffer when open (LSP sync), else the file on disk. */
export class DocumentTexts {
  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  uriOf(repoRoot: string, repoPath: string): string {
    return pathToFileURL(path.join(repoRoot, repoPath)).toString();
  }

  /** The repository-relative path of a document URI, or null when it is outside the repository. */
  repoPathOf(repoRoot: string, uri: string): string | null {
    if (!uri.startsWith('file:')) return null;
    const relative = path.relative(repoRoot, fileURLToPath(uri));
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
    return relative.split(path.sep).join('/');
  }

  openDocument(repoRoot: string, repoPath: string): TextDocument | undefined {
    return this.documents.get(this.uriOf(repoRoot, repoPath)) ?? this.findByPath(path.join(repoRoot, repoPath));
  }

  /**
   * The text a finding or fix may use, or null. Paths come from agents and the branch is untrusted: a path
   * whose real location is outside the repository (a symlink in the branch pointing elsewhere) is never
   * read, and so never offered for editing.
   */
  text(repoRoot: string, repoPath: string): string | null {
    if (!isSafeRepoPath(repoPath)) return null;
    const file = path.join(repoRoot, repoPath);
    const real = realPathInside(repoRoot, file);
    if (real === null) return null;
    const open = this.openDocument(repoRoot, repoPath);
    if (open) return open.getText();
    try {
      const stat = fs.statSync(real);
      if (!stat.isFile() || stat.size > maxFileBytes) return null;
      return fs.readFileSync(real, 'utf8');
    } catch {
      return null;
    }
  }

  // URIs from the client may encode characters differently from pathToFileURL; compare file paths.
  private findByPath(file: string): TextDocument | undefined {
    return this.documents.all().find((document) => document.uri.startsWith('file:') && fileURLToPath(document.uri) === file);
  }
}

/** The file's real path when it (after every symlink) is inside the repository, else null (also when it does not exist). */
function realPathInside(repoRoot: string, file: string): string | null {
  try {
    const root = fs.realpathSync(repoRoot);
    const real = fs.realpathSync(file);
    return real.startsWith(root + path.sep) ? real : null;
  } catch {
    return null;
  }
}
