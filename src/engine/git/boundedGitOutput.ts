import { spawn } from 'node:child_process';
import { ReviewError } from '../errors';
import { safeGitConfig, safeGitEnv } from './safeGit';

export interface BoundedOutput {
  /** The first bytes of stdout: all of it when `complete`, else a little more than the limit. */
  output: Buffer;
  /** False when git had more to say and was stopped. */
  complete: boolean;
}

/**
 * stdout of a hardened `git <args>` in `cwd`, read only until it exceeds `maxBytes`; then git is
 * stopped. A branch with a huge generated file then costs a bounded amount of memory and time
 * instead of its whole diff (which can exceed the largest string Node can hold).
 */
export function readGitOutputUpTo(cwd: string, args: readonly string[], maxBytes: number): Promise<BoundedOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...safeGitConfig.flatMap((entry) => ['-c', entry]), ...args], {
      cwd,
      env: safeGitEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stopped = false;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size > maxBytes) {
        stopped = true;
        child.stdout.destroy();
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4_000) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      reject(gitFailed(args, error.message));
    });
    child.on('close', (code) => {
      if (stopped) resolve({ output: Buffer.concat(chunks), complete: false });
      else if (code === 0) resolve({ output: Buffer.concat(chunks), complete: true });
      else reject(gitFailed(args, firstLine(stderr) ?? `exit code ${String(code)}`));
    });
  });
}

function gitFailed(args: readonly string[], reason: string): ReviewError {
  return new ReviewError(
    'git-failed',
    `\`git ${args[0] ?? ''}\` failed: ${reason}`,
    'Check that git works in this repository (for example `git status` in a terminal), then run the review again.',
  );
}

function firstLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '');
}
