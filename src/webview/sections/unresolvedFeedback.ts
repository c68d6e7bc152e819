import type { PullRequestContext, UnresolvedThread } from '../../shared/pullRequestModel';
import { codicon, h } from '../dom';
import { httpsUrl } from '../../shared/reportFormat';
import { shortHash } from '../labels';
import { code, dataTable, section } from './parts';

const excerptLength = 240;

/** The pull request's unresolved review threads, or why they are not known. */
export function renderUnresolvedFeedback(pullRequest: PullRequestContext): HTMLElement {
  const title = 'Unresolved Feedback';
  const id = 'unresolved-feedback';
  if (!pullRequest.available) return section(title, id, h('p', { class: 'unavailable' }, codicon('info'), 'Not available: ', h('span', { class: 'reason' }, pullRequest.reason)));
  const notes: string[] = [];
  if (pullRequest.threadsProblem !== null) notes.push(`Review threads could not be read: ${pullRequest.threadsProblem}`);
  if (pullRequest.threadsRead < pullRequest.threadsTotal) notes.push(`Read ${pullRequest.threadsRead} of ${pullRequest.threadsTotal} review threads.`);
  if (!pullRequest.headMatchesReview) {
    notes.push(`GitHub's head of PR #${pullRequest.number} is ${shortHash(pullRequest.headRefOid)}, not the reviewed commit: threads may refer to other code.`);
  }
  const threads = pullRequest.unresolvedThreads;
  return section(
    title,
    id,
    threads.length === 0
      ? h('p', { class: 'none' }, `None: PR #${pullRequest.number} has no unresolved review threads.`)
      : dataTable('threads', [{ header: 'Where' }, { header: 'Author' }, { header: 'Comment', className: 'wide' }, { header: 'Replies', className: 'number' }], threads.map(threadRow)),
    ...notes.map((note) => h('p', { class: 'note' }, codicon('info'), note)),
  );
}

function threadRow(thread: UnresolvedThread): Array<Node | string> {
  const where = thread.path === null ? '—' : code(thread.line === null ? thread.path : `${thread.path}:${thread.line}`);
  const href = httpsUrl(thread.url);
  return [
    h('span', {}, where, thread.isOutdated ? h('span', { class: 'outdated' }, ' (outdated)') : null),
    `@${thread.author}`,
    h('span', { class: 'comment' }, excerpt(thread.body), href === null ? null : h('a', { class: 'thread-link', href, rel: 'noreferrer noopener', title: 'Open the thread on GitHub' }, codicon('link-external', 'Open the thread on GitHub'))),
    String(thread.replies),
  ];
}

/** The comment on one line, cut short: the whole thread is one click away on GitHub. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= excerptLength ? `${line} ` : `${line.slice(0, excerptLength - 1)}… `;
}
