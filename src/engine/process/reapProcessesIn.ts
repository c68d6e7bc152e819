import fs from 'node:fs';
import path from 'node:path';

/**
 * Kills every process of this user whose working folder is `folder` or inside it (Linux /proc; elsewhere a
 * no-op). Agents' process groups are killed on stop, but some CLIs (Gemini) start shell commands in groups
 * of their own; this catches what is left in the review worktree before it is removed.
 */
export function reapProcessesIn(folder: string): number[] {
  if (process.platform !== 'linux') return [];
  let root: string;
  try {
    root = fs.realpathSync(folder);
  } catch {
    return [];
  }
  const killed: number[] = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      if (cwd !== root && !cwd.startsWith(root + path.sep)) continue;
      process.kill(Number(entry), 'SIGKILL');
      killed.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to inspect
    }
  }
  return killed;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
