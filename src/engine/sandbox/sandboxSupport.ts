import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

// Agents and the verify command run inside a bubblewrap sandbox on Linux (see docs/sandbox.md). It needs
// the `bwrap` program and unprivileged user namespaces; both are probed once, by starting a tiny sandbox
// with the same namespaces a run uses, so the answer is what a run would meet.

export type SandboxSupport = { available: true; bwrap: string } | { available: false; reason: string };

/** Where bwrap is looked for: the distribution's place first, then PATH. */
const bwrapCandidates = ['/usr/bin/bwrap', '/usr/local/bin/bwrap'];

let cached: SandboxSupport | undefined;

/** Can agents be sandboxed on this machine? Probed once per process. */
export function sandboxSupport(): SandboxSupport {
  cached ??= process.env[noSandboxVariable] === '1' ? { available: false, reason: `${noSandboxVariable}=1 is set` } : probeSandbox(process.env.PATH ?? '');
  return cached;
}

/** Turns the sandbox off for a process (e.g. when it breaks a toolchain the verify command needs); the review says so. */
export const noSandboxVariable = 'DEEP_REVIEW_NO_SANDBOX';

/** What an unsandboxed agent can read, said plainly (the report, the CLI). */
export function unsandboxedNote(support: SandboxSupport = sandboxSupport()): string | null {
  if (support.available) return null;
  return `Agents ran without a sandbox (${support.reason}): each agent and the verify command could read every file your user can read, including ~/.ssh and other tools' credentials, and the environments of your other processes. Only their command rules limited them.`;
}

/** For Check Reviewers: is a run sandboxed here, and what it may see either way. */
export function sandboxDescription(support: SandboxSupport = sandboxSupport()): { available: boolean; detail: string } {
  if (support.available) {
    return { available: true, detail: 'runs in a bubblewrap sandbox: it sees the review checkout (read-only), its own sign-in and the system, not your home or other processes' };
  }
  return { available: false, detail: `no sandbox (${support.reason}): it can read every file your user can read, including ~/.ssh and other tools' credentials` };
}

export function probeSandbox(searchPath: string, candidates: readonly string[] = bwrapCandidates): SandboxSupport {
  if (process.platform !== 'linux') {
    return { available: false, reason: `no sandbox is implemented on ${process.platform === 'darwin' ? 'macOS' : process.platform}` };
  }
  const bwrap = findBwrap(searchPath, candidates);
  if (bwrap === null) return { available: false, reason: 'bubblewrap (`bwrap`) is not installed; install it with `sudo apt-get install bubblewrap` or your distribution’s package' };
  const probe = spawnSync(
    bwrap,
    ['--ro-bind', '/', '/', '--unshare-all', '--share-net', '--die-with-parent', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--', '/bin/sh', '-c', 'exit 0'],
    { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (probe.status === 0) return { available: true, bwrap };
  const why = (probe.stderr || probe.error?.message || `exit ${String(probe.status)}`).trim().split('\n')[0] ?? '';
  return {
    available: false,
    reason: `bubblewrap cannot start a sandbox here (${why}); unprivileged user namespaces are probably disabled (kernel.unprivileged_userns_clone, or AppArmor's kernel.apparmor_restrict_unprivileged_userns on Ubuntu 24.04+)`,
  };
}

function findBwrap(searchPath: string, candidates: readonly string[]): string | null {
  const onPath = searchPath.split(path.delimiter).filter((folder) => path.isAbsolute(folder)).map((folder) => path.join(folder, 'bwrap'));
  for (const candidate of [...candidates, ...onPath]) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return null;
}
