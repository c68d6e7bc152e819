import { ledgerActionLabels } from '../../shared/ledgerModel';
import type { PullRequestContext } from '../../shared/pullRequestModel';
import type { AttributedObservation, ReviewReport } from '../../shared/reportModel';
import { agentMarkdown, indentContinuation, inlineCode, markdownTable, singleLine, tableCell, tableCode } from './markdownText';

// The report's narrative sections after the findings, each "## Title" with "None." when empty.

export function designObservations(observations: readonly AttributedObservation[]): string {
  const list = (kind: AttributedObservation['kind']): string => {
    const items = observations.filter((observation) => observation.kind === kind);
    if (items.length === 0) return 'None.';
    return items
      .map((observation) => {
        const scope = observation.scope === 'in-scope' ? 'in scope' : 'future work';
        const who = observation.reviewerIds.length > 0 ? `; ${observation.reviewerIds.join(', ')}` : '';
        const heading = `- **${singleLine(observation.title)}** (${scope}${who})`;
        return observation.body.trim() === '' ? heading : `${heading}\n  ${indentContinuation(observation.body.trim())}`;
      })
      .join('\n');
  };
  return `## Design Observations\n\n### Concerns\n\n${list('concern')}\n\n### Strengths\n\n${list('strength')}`;
}

export function testingAssessment(testing: ReviewReport['testing']): string {
  const parts: string[] = [];
  if (testing.consolidated !== null) parts.push(agentMarkdown(testing.consolidated.trim()));
  if (testing.gaps.length > 0) {
    const order = { high: 0, medium: 1, low: 2 } as const;
    const gaps = [...testing.gaps].sort((a, b) => order[a.risk] - order[b.risk]);
    parts.push(markdownTable(['#', 'Risk', 'Gap'], gaps.map((gap, index) => [String(index + 1), gap.risk, tableCell(gap.gap)])));
  }
  parts.push(...byReviewer(testing.byReviewer, testing.consolidated !== null));
  return `## Testing Assessment\n\n${parts.length === 0 ? 'None.' : parts.join('\n\n')}`;
}

export function documentationAssessment(documentation: ReviewReport['documentation']): string {
  const parts = [...(documentation.consolidated === null ? [] : [agentMarkdown(documentation.consolidated.trim())]), ...byReviewer(documentation.byReviewer, documentation.consolidated !== null)];
  return `## Documentation Assessment\n\n${parts.length === 0 ? 'None.' : parts.join('\n\n')}`;
}

/** Each reviewer's own words; folded away under the consolidated text when there is one. */
function byReviewer(texts: ReadonlyArray<{ reviewerId: string; text: string }>, folded: boolean): string[] {
  const written = texts.filter((entry) => entry.text.trim() !== '');
  if (written.length === 0) return [];
  const blocks = written.map((entry) => `**From ${singleLine(entry.reviewerId)}:**\n\n${agentMarkdown(entry.text.trim())}`);
  if (!folded) return blocks;
  return [`<details><summary>Each reviewer's assessment</summary>\n\n${blocks.join('\n\n')}\n\n</details>`];
}

export function commitStructure(report: ReviewReport): string {
  const { branch } = report;
  const intro = `${plural(branch.commits.length, 'commit')} on ${inlineCode(branch.branch)} since ${inlineCode(branch.base)}:`;
  const commits = branch.commits.map((commit) => `- ${inlineCode(commit.hash.slice(0, 7))} ${singleLine(commit.subject)}`).join('\n');
  const files =
    branch.files.length === 0
      ? 'No changed files.'
      : markdownTable(
          ['File', '+', '−'],
          branch.files.map((file) => [
            file.previousPath === null ? tableCode(file.path) : `${tableCode(file.path)} (renamed from ${tableCode(file.previousPath)})`,
            file.additions === null ? 'binary' : String(file.additions),
            file.deletions === null ? '' : String(file.deletions),
          ]),
          ['left', 'right', 'right'],
        );
  const assessment = report.commitAssessment === null ? [] : [agentMarkdown(report.commitAssessment.trim())];
  return ['## Commit Structure', ...assessment, intro, commits === '' ? 'None.' : commits, files].join('\n\n');
}

export function acknowledgedLimitations(limitations: ReviewReport['acknowledgedLimitations']): string {
  if (limitations.length === 0) return '## Acknowledged Limitations\n\nNone stated in the commit messages or the pull request.';
  const items = limitations.map((limitation) => `- “${singleLine(limitation.quote)}” — ${singleLine(limitation.source)}`);
  return `## Acknowledged Limitations\n\n${items.join('\n')}`;
}

export function unresolvedFeedback(pullRequest: PullRequestContext): string {
  if (!pullRequest.available) return `## Unresolved Feedback\n\n_Not available: ${singleLine(pullRequest.reason)}_`;
  const notes: string[] = [];
  if (pullRequest.threadsProblem !== null) notes.push(`_Review threads could not be read: ${singleLine(pullRequest.threadsProblem)}_`);
  if (pullRequest.threadsRead < pullRequest.threadsTotal) notes.push(`_Read ${pullRequest.threadsRead} of ${pullRequest.threadsTotal} review threads._`);
  if (!pullRequest.headMatchesReview) {
    notes.push(`_GitHub's head of PR #${pullRequest.number} is ${inlineCode(pullRequest.headRefOid.slice(0, 7))}, not the reviewed commit: threads may refer to other code._`);
  }
  const threads = pullRequest.unresolvedThreads;
  const table =
    threads.length === 0
      ? `None: PR #${pullRequest.number} has no unresolved review threads.`
      : markdownTable(
          ['Where', 'Author', 'Comment', 'Replies'],
          threads.map((thread) => [
            thread.path === null ? '—' : tableCode(thread.line === null ? thread.path : `${thread.path}:${thread.line}`) + (thread.isOutdated ? ' (outdated)' : ''),
            `@${tableCell(thread.author)}`,
            tableCell(excerpt(thread.body, 240)),
            String(thread.replies),
          ]),
        );
  return ['## Unresolved Feedback', table, ...notes].join('\n\n');
}

/** Every change of status of the branch's findings across rounds: the ledger as a table. */
export function resolution(rows: ReviewReport['resolution']): string {
  if (rows.length === 0) return '## Resolution\n\nNo finding of this branch has been fixed, declined or reopened yet.';
  const table = markdownTable(
    ['Addressed', 'Round', 'Commit', 'Finding', 'Action'],
    rows.map((row) => [
      row.date.slice(0, 10),
      String(row.round),
      row.commit === null ? 'not committed' : tableCode(row.commit.slice(0, 7)),
      tableCell(`${row.findingId}: ${row.title}`),
      tableCell(row.reason === null ? ledgerActionLabels[row.action] : `${ledgerActionLabels[row.action]} — ${row.reason}`),
    ]),
  );
  return `## Resolution\n\n${table}`;
}

export function processNotes(notes: readonly string[]): string {
  const written = notes.filter((note) => note.trim() !== '');
  return `## Review Process Notes\n\n${written.length === 0 ? 'None.' : written.map((note) => `- ${indentContinuation(note.trim())}`).join('\n')}`;
}

function excerpt(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
