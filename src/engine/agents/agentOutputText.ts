import os from 'node:os';
import path from 'node:path';

// Small pieces every CLI's stream parser and outcome share: reading JSONL, naming and describing tool
// calls, quoting the end of stderr, and saying how long a timeout was.

const maxDetailLength = 200;

/** One JSONL line as JSON, or undefined when it is not a JSON object (CLIs mix in other output). */
export function parseJsonLine(line: string): unknown {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** "Bash(git diff)": a shell tool named by the first two words of its command; the tool alone otherwise. */
export function commandToolCallName(tool: string, command: string): string {
  const words = command.trim().split(/\s+/).slice(0, 2).join(' ');
  return words === '' ? tool : `${tool}(${words})`;
}

/** What a tool call works on — its command, file or pattern — shown relative to the worktree and kept short. */
export function toolCallDetail(worktree: string, input: Record<string, unknown>, keys: readonly string[]): string {
  const value = keys.map((key) => input[key]).find((item) => typeof item === 'string');
  if (typeof value !== 'string') return '';
  return shortenDetail(path.isAbsolute(value) && isInside(worktree, value) ? path.relative(worktree, value) || '.' : value);
}

/** One line, at most 200 characters. */
export function shortenDetail(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxDetailLength ? `${oneLine.slice(0, maxDetailLength - 1)}…` : oneLine;
}

/**
 * " Last output: a | b", the last five meaningful stderr lines for an error message ('' when none). Paths
 * into a run's temporary folders (its private home, a CLI's error report there) are gone when the user
 * reads this, so they are named as such rather than shown.
 */
export function stderrExcerpt(stderrTail: string, noise?: RegExp): string {
  const lines = stderrTail
    .split('\n')
    .filter((line) => line.trim() !== '' && !(noise?.test(line) ?? false))
    .map(withoutTemporaryPaths)
    .slice(-5);
  return lines.length === 0 ? '' : ` Last output: ${lines.join(' | ')}`;
}

/** `text` with every path into a run's own temporary folders (deep-review-*) replaced by a phrase saying so. */
export function withoutTemporaryPaths(text: string): string {
  const roots = [...new Set([os.tmpdir(), '/tmp', '/var/tmp'])].map((root) => root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return text.replace(new RegExp(`(?:file://)?(?:${roots.join('|')})/deep-review-[^\\s"'“”]*`, 'g'), '(a temporary file of the run, now deleted)');
}

/** "45 s", "2 min", "1.5 min": how long a timeout was. */
export function formatTimeout(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = ms / 60_000;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} min`;
}

function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}
