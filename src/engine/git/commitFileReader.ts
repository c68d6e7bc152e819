import { isSafeRepoPath } from '../../shared/findingModel';
import { CatFileBatch, type CatFileBatchOptions } from './catFileBatch';

const maxFileBytes = 4 * 1024 * 1024;
// Trees are read whole to find an entry; a folder listing beyond this is not worth reading.
const maxTreeBytes = 64 * 1024 * 1024;
const regularFileModes = new Set(['100644', '100755']);
const treeMode = '40000';

interface TreeEntry {
  mode: string;
  oid: string;
}

/** Tree entries by name; names are keyed as their raw bytes (latin1), so any encoding compares exactly. */
type Tree = ReadonlyMap<string, TreeEntry>;

/** Files of one commit read through one `git cat-file --batch` process; close() when done. */
export interface CommitFiles {
  /** The file's text in the commit, or null (see openCommitFiles); rejects with a ReviewError when git fails. */
  read(repoPath: string): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * Reads files as they are in `commit` of the repository at `repoRoot`, for when the review worktree
 * is gone (exporting a report). Every file goes through one `git cat-file --batch` process (hardened
 * environment, no filters or textconv), started on the first read and stopped by close(). Paths
 * never reach git: each is looked up by walking the commit's trees by object id, so a path with a
 * newline, spaces or any Unicode is as safe as any other. Paths come from agents, so anything that
 * is not a safe repository path or not a regular file in that commit (a folder, a symlink or a path
 * through one, a submodule, a file over 4 MiB, a missing file) reads as null.
 */
export function openCommitFiles(repoRoot: string, commit: string, options: CatFileBatchOptions = {}): CommitFiles {
  assertCommitHash(commit);
  const batch = new CatFileBatch(repoRoot, options);
  const trees = new Map<string, Promise<Tree | null>>();
  const treeAt = (name: string): Promise<Tree | null> => {
    let tree = trees.get(name);
    if (!tree) {
      tree = batch.request(name, maxTreeBytes).then((object) => (object?.type === 'tree' && object.content ? parseTree(object.content, object.oid.length / 2) : null));
      trees.set(name, tree);
    }
    return tree;
  };
  const root = `${commit.toLowerCase()}^{tree}`;

  return {
    async read(repoPath) {
      if (!isSafeRepoPath(repoPath)) return null;
      const names = repoPath.split('/');
      if (names.some((name) => name === '')) return null;
      let entry: TreeEntry | undefined = { mode: treeMode, oid: root };
      for (const name of names) {
        if (entry?.mode !== treeMode) return null;
        const tree: Tree | null = await treeAt(entry.oid);
        entry = tree?.get(Buffer.from(name, 'utf8').toString('latin1'));
      }
      if (!entry || !regularFileModes.has(entry.mode)) return null;
      const blob = await batch.request(entry.oid, maxFileBytes);
      return blob?.type === 'blob' && blob.content ? blob.content.toString('utf8') : null;
    },
    close: () => batch.close(),
  };
}

function assertCommitHash(commit: string): void {
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) throw new Error(`Not a commit hash: "${commit}"`);
}

/** A tree object's entries: `<mode> <name>\0<raw object id>` each; null when it is malformed. */
function parseTree(content: Buffer, oidBytes: number): Tree | null {
  const entries = new Map<string, TreeEntry>();
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    const nul = space === -1 ? -1 : content.indexOf(0, space + 1);
    if (nul === -1 || nul + 1 + oidBytes > content.length) return null;
    const name = content.toString('latin1', space + 1, nul);
    if (!entries.has(name)) entries.set(name, { mode: content.toString('latin1', at, space), oid: content.toString('hex', nul + 1, nul + 1 + oidBytes) });
    at = nul + 1 + oidBytes;
  }
  return entries;
}

/**
 * A reader of files as they are in `commit` (see openCommitFiles), for callers that just read. Reads
 * made together — all of an export's, started at once, or one after another without waiting on
 * anything else — share one git process, which is closed as soon as no read is open; a later read
 * starts another. A file that cannot be read, also because git failed, reads as null.
 */
export function createCommitFileReader(repoRoot: string, commit: string): (repoPath: string) => Promise<string | null> {
  assertCommitHash(commit);
  let session: { files: CommitFiles; open: number } | null = null;
  return async (repoPath) => {
    const current = (session ??= { files: openCommitFiles(repoRoot, commit), open: 0 });
    current.open += 1;
    try {
      return await current.files.read(repoPath);
    } catch {
      return null;
    } finally {
      current.open -= 1;
      // Closed once the reads that follow from this one (in the same turn of the event loop) have started.
      if (current.open === 0) {
        setImmediate(() => {
          if (current.open > 0 || session !== current) return;
          session = null;
          void current.files.close();
        });
      }
    }
  };
}
