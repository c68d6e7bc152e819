import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReviewError } from '../../errors';
import { geminiCredentialFiles, userEnvFile } from './geminiUserConfig';

// Where a run's Gemini CLI configuration lives. Gemini CLI only honours a *system* settings file
// (GEMINI_CLI_SYSTEM_SETTINGS_PATH) when the file and every folder above it are owned by root and not
// group/world-writable, so a normal user cannot ship or generate one. Instead each run gets a private
// GEMINI_CLI_HOME (a fresh 0700 folder) whose user-level settings.json is Deep Review's, with links to
// the user's own Gemini credentials so sign-in works as in their terminal.

export interface GeminiHomeFiles {
  settings: Record<string, unknown>;
  policy: string;
  /** Becomes Gemini CLI's system instruction (GEMINI_SYSTEM_MD). */
  systemPrompt: string;
}

export interface GeminiHome {
  /** The folder to pass as GEMINI_CLI_HOME. */
  home: string;
  policyPath: string;
  systemPromptPath: string;
  /** The run's temp folder: Gemini CLI writes error reports with the conversation to the temp folder. */
  tempDir: string;
  /** The user's credential files linked into the home: a sandboxed run must see them at their own path. */
  linkedFiles: string[];
  /** Deletes the folder (links only: the user's credential files stay). Safe to call more than once. */
  dispose(): void;
}

/** Creates the private Gemini home for one run. `userHome`: the user's Gemini home, whose credentials are linked. */
export function createGeminiHome(files: GeminiHomeFiles, userHome: string, parent: string = os.tmpdir()): GeminiHome {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(parent, 'deep-review-gemini-')));
  const dispose = (): void => {
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    verifyPrivateFolder(home);
    const geminiDir = path.join(home, '.gemini');
    fs.mkdirSync(geminiDir, { mode: 0o700 });
    writePrivate(path.join(geminiDir, 'settings.json'), `${JSON.stringify(files.settings, null, 2)}\n`);
    const policyPath = path.join(home, 'deep-review-readonly.toml');
    writePrivate(policyPath, files.policy);
    const systemPromptPath = path.join(home, 'deep-review-reviewer.md');
    writePrivate(systemPromptPath, files.systemPrompt);
    const linkedFiles: string[] = [];
    for (const name of geminiCredentialFiles) linkIfPresent(path.join(userHome, '.gemini', name), path.join(geminiDir, name), linkedFiles);
    // Gemini CLI reads `<home>/.env` last (auth variables only, as the run is untrusted).
    const envFile = userEnvFile(userHome);
    if (envFile !== null) linkIfPresent(envFile, path.join(home, '.env'), linkedFiles);
    const tempDir = path.join(home, 'tmp');
    fs.mkdirSync(tempDir, { mode: 0o700 });
    return { home, policyPath, systemPromptPath, tempDir, linkedFiles, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/**
 * Refuses to run with configuration in a folder others can change or read: it must be a real folder
 * (no symlink) owned by this user with no group/other permissions. On Windows the folder inherits the
 * user's temp folder ACL, which only the user and administrators can write.
 */
export function verifyPrivateFolder(folder: string): void {
  const stats = fs.lstatSync(folder);
  const problem = !stats.isDirectory()
    ? 'it is not a plain folder'
    : process.platform !== 'win32' && (stats.mode & 0o077) !== 0
      ? `its permissions are ${(stats.mode & 0o777).toString(8)}, not 700`
      : process.platform !== 'win32' && typeof process.getuid === 'function' && stats.uid !== process.getuid()
        ? `it is owned by user id ${stats.uid}, not by you`
        : null;
  if (problem !== null) {
    throw new ReviewError(
      'agent-failed',
      `Cannot isolate Gemini CLI: its private configuration folder ${folder} is not private (${problem}).`,
      'Point TMPDIR to a folder on a local file system that only you can access, and run the review again.',
    );
  }
}

function writePrivate(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
}

/** A symlink, so a refreshed sign-in token lands in the user's own file; a private copy where links are not allowed. */
function linkIfPresent(source: string, target: string, linked: string[]): void {
  if (!fs.existsSync(source)) return;
  linked.push(fs.realpathSync(source));
  try {
    fs.symlinkSync(source, target);
  } catch {
    fs.copyFileSync(source, target);
    fs.chmodSync(target, 0o600);
  }
}
