import type { GhResult } from './ghRunner';

const maxMessageChars = 400;

/** Why a gh call failed and what to do, as one sentence or two for the report. */
export function describeGhFailure(result: GhResult, doing: string, timeoutMs: number): string {
  if (result.cancelled) return `The review was cancelled while ${doing}.`;
  if (result.timedOut) {
    return `\`gh\` did not answer within ${formatSeconds(timeoutMs)} while ${doing}; GitHub may be slow or unreachable — check the network, or try \`gh pr list --head <branch>\` in a terminal.`;
  }
  const message = ghMessage(result.stderr);
  // Checked first: gh's text for it mentions `gh auth login` too (for adding an enterprise host).
  if (/none of the git remotes|no git remotes/i.test(result.stderr)) {
    return `The repository has no remote on a GitHub host that \`gh\` knows (${message}), so there is no pull request to read.`;
  }
  if (/HTTP 401\b/.test(result.stderr)) {
    return `GitHub refused the GitHub CLI's credentials while ${doing} (${message}) — run \`gh auth login\` again.`;
  }
  if (result.exitCode === 4 || /To get started with GitHub CLI/.test(result.stderr)) {
    return 'The GitHub CLI is not authenticated — run `gh auth login` (or set GH_TOKEN) to see the pull request and its review threads.';
  }
  return `GitHub API error while ${doing}: ${message === '' ? `gh exited with code ${String(result.exitCode)} and no message` : message}.`;
}

/** gh's error text without its "gh: " prefix, on one line and not too long. */
export function ghMessage(stderr: string): string {
  const text = stderr
    .split('\n')
    .map((line) => line.trim().replace(/^gh: /, ''))
    .filter((line) => line !== '')
    .join(' ')
    .replace(/\.$/, '');
  return text.length > maxMessageChars ? `${text.slice(0, maxMessageChars)}…` : text;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
