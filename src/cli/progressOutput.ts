import { formatDuration } from '../shared/reportFormat';
import type { ReviewEvent } from '../shared/reviewEvents';

export const progressModes = ['text', 'json', 'none'] as const;
export type ProgressMode = (typeof progressModes)[number];

export interface ProgressOutput {
  event(event: ReviewEvent): void;
  /** A diagnostic line (reruns, cleanup problems, the summary, warnings). */
  log(message: string): void;
  /** Why the review failed: written in every mode, also "none". */
  error(message: string): void;
}

/**
 * Progress on stderr. text: plain lines, never a spinner or a terminal escape, so CI logs stay readable.
 * json: one JSON object per line — each ReviewEvent as the engine emits it, and `{"type":"log","message"}`
 * for everything else (`{"type":"error","message"}` when the review fails). none: only the error.
 */
export function createProgressOutput(mode: ProgressMode, write: (line: string) => void): ProgressOutput {
  switch (mode) {
    case 'none':
      return { event: () => undefined, log: () => undefined, error: (message) => { write(`deep-review: ${message}`); } };
    case 'json':
      return {
        event: (event) => { write(JSON.stringify(event)); },
        log: (message) => { write(JSON.stringify({ type: 'log', message })); },
        error: (message) => { write(JSON.stringify({ type: 'error', message })); },
      };
    case 'text':
      return {
        event: (event) => {
          const line = describeEvent(event);
          if (line !== null) write(line);
        },
        log: write,
        error: (message) => { write(`deep-review: ${message}`); },
      };
  }
}

function describeEvent(event: ReviewEvent): string | null {
  switch (event.type) {
    case 'context-collected':
      return `Reviewing ${event.branch} against ${event.base}: ${event.commits} commit(s), ${event.files} file(s)`;
    case 'agent-started':
      return `${event.reviewerId}: started`;
    case 'agent-progress':
      return `${event.reviewerId}: ${event.toolCalls} tool call(s)${event.lastTool ? `, last ${event.lastTool}` : ''} (${formatDuration(event.elapsedMs)})`;
    case 'agent-finished':
      return event.partial
        ? `${event.reviewerId}: stopped at its budget — ${event.findings} finding(s) kept (partial) after ${formatDuration(event.durationMs)}`
        : `${event.reviewerId}: done — ${event.findings} finding(s) in ${formatDuration(event.durationMs)}`;
    case 'agent-failed':
      return `${event.reviewerId}: failed — ${event.error}`;
    case 'consolidating':
      return 'Consolidating findings…';
    case 'verifying-fixes':
      if (event.findingId !== null) return `Verifying fix ${event.done + 1} of ${event.total} (${event.findingId})`;
      return event.done === 0 ? `Verifying fixes: running the check without any fix first (${event.total} fix(es) to verify)` : null;
    case 'report-ready':
      return null;
  }
}
