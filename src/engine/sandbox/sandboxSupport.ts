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
  cached ??= probeSandbox(process.env.PATH ?? '');
  return cached;
}

/** What an unsandboxed agent can read, said plainly (Check Reviewers, the report, the CLI). */
export function unsandboxedNote(support: SandboxSupport): string | null {
  if (support.available) return null;
  return `Agents ran without a sandbox (${support.reason}): each agent and the verify command could read every file your user can read, including ~/.ssh and other tools' credentials, and the environments of your other processes. Only their command rules limited them.`;
}

export function probeSandbox(searchPath: string): SandboxSupport {
  if (process.platform !== 'linux') {
    return { available: false, reason: `no sandbox is implemented on ${process.platform === 'darwin' ? 'macOS' : process.platform}` };
  }
  const bwrap = findBwrap(searchPath);
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

function findBwrap(searchPath: string): string | null {
  const onPath = searchPath.split(path.delimiter).filter((folder) => path.isAbsolute(folder)).map((folder) => path.join(folder, 'bwrap'));
  for (const candidate of [...bwrapCandidates, ...onPath]) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return null;
}
