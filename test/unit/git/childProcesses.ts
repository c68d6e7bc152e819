import fs from 'node:fs';

/** Process ids of this test process's children running `command` (Linux: read from /proc). */
export function childProcesses(command = 'git'): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (comm === command && state !== 'Z' && Number(ppid) === process.pid) found.push(Number(entry));
  }
  return found;
}

/** Waits until this process has no `command` children left (reaped or exited), up to `timeoutMs`. */
export async function noChildProcessesLeft(command = 'git', timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (childProcesses(command).length > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
