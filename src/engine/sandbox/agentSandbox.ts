import type { SandboxSpec } from './sandboxArgs';
import { worktreeGitData } from './sandboxArgs';

/**
 * What an agent CLI sees in its sandbox: the review worktree and the git data it reads, read-only; its
 * private config home and run files, read-write; the network (it must reach its API).
 */
export function agentSandbox(worktree: string, writable: readonly string[]): SandboxSpec {
  return { readOnly: [worktree, ...worktreeGitData(worktree)], writable, network: true };
}
