import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReviewError } from '../errors';

// Each run gets its CLI's config folder fresh (CLAUDE_CONFIG_DIR, CODEX_HOME): only the user's
// credentials are carried over, so no project entry, trust list, migration or cache of the user's own
// setup can act on the review (e.g. write into their working tree), and the run leaves nothing behind.

export interface PrivateConfigHome {
  /** The fresh 0700 folder. */
  folder: string;
  /** The user's credential files linked into it: a sandboxed run must see them at their own path. */
  linkedFiles: string[];
  /** Deletes the folder (links only: the user's files stay). Safe to call more than once. */
  dispose(): void;
}

export interface PrivateConfigHomeInput {
  /** Folder name prefix, e.g. `deep-review-claude-`. */
  prefix: string;
  /** Which CLI, for the error message. */
  cli: string;
  /** name in the new folder → the user's file; linked when it exists. */
  links: Readonly<Record<string, string>>;
  /** name → content, written as private files. */
  files?: Readonly<Record<string, string>>;
  parent?: string | undefined;
}

export function createPrivateConfigHome(input: PrivateConfigHomeInput): PrivateConfigHome {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(input.parent ?? os.tmpdir(), input.prefix)));
  const dispose = (): void => {
    fs.rmSync(folder, { recursive: true, force: true });
  };
  try {
    const stats = fs.lstatSync(folder);
    if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
      throw new ReviewError(
        'agent-failed',
        `Cannot isolate ${input.cli}: its private configuration folder ${folder} is not private (permissions ${(stats.mode & 0o777).toString(8)}).`,
        'Point TMPDIR to a folder on a local file system that only you can access, and run the review again.',
      );
    }
    for (const [name, content] of Object.entries(input.files ?? {})) fs.writeFileSync(path.join(folder, name), content, { mode: 0o600, flag: 'wx' });
    const linkedFiles: string[] = [];
    for (const [name, source] of Object.entries(input.links)) {
      if (!isFile(source)) continue;
      linkCredential(source, path.join(folder, name));
      linkedFiles.push(fs.realpathSync(source));
    }
    return { folder, linkedFiles, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** A symlink, so a refreshed sign-in token lands in the user's own file; a private copy where links are not allowed. */
function linkCredential(source: string, target: string): void {
  try {
    fs.symlinkSync(source, target);
  } catch {
    fs.copyFileSync(source, target);
    fs.chmodSync(target, 0o600);
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The user's home folder as the environment gives it. */
export function homeOf(env: NodeJS.ProcessEnv): string {
  const home = env.HOME?.trim();
  return home ? home : os.homedir();
}
