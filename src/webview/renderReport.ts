import type { Finding, Severity } from '../shared/findingModel';
import { severities } from '../shared/findingModel';
import type { ReviewReport } from '../shared/reportModel';
import { formatCost, formatDuration, formatRetry, formatReviewer, formatReviewerFindingCounts, formatSeverityCounts, formatToolCalls, formatTokens } from '../shared/reportFormat';
import { h } from './dom';
import { renderMarkdown } from './markdown';
import { renderFinding, type FindingActions } from './renderFinding';

const sectionTitle: Record<Severity, string> = { critical: 'Critical Issues', important: 'Important Issues', suggestion: 'Suggestions' };

export function renderReport(report: ReviewReport, actions: FindingActions): HTMLElement {
  const { branch } = report;
  return h(
    'div',
    { class: 'report' },
    h('header', { class: 'report-header' }, h('h1', {}, 'Deep Review: ', h('span', {}, branch.repoName), ' · ', h('span', {}, branch.branch)), renderMetadata(report)),
    section('Executive Summary', 'summary', h('div', { class: 'markdown' }, renderMarkdown(report.summary)), h('p', { class: 'structure' }, structureLine(report))),
    ...severities.map((severity) => renderSeverity(severity, report.findings.filter((finding) => finding.severity === severity), actions)),
    report.designObservations.length > 0 &&
      section(
        'Design Observations',
        'design',
        h('ul', {}, ...report.designObservations.map((o) => h('li', { class: `observation ${o.kind}` }, h('strong', {}, `${o.kind === 'concern' ? 'Concern' : 'Strength'} (${o.scope}): ${o.title}`), ' ', h('span', { class: 'markdown' }, renderMarkdown(o.body)), h('span', { class: 'reporters' }, o.reviewerIds.join(', '))))),
      ),
    attributed('Testing Assessment', 'testing', report.testingAssessments),
    attributed('Documentation Assessment', 'documentation', report.documentationAssessments),
    section('Commit Structure', 'commits', h('ul', { class: 'commits' }, ...branch.commits.map((commit) => h('li', {}, h('code', {}, commit.hash), ' ', commit.subject)))),
    renderRetro(report),
    report.notes.length > 0 && section('Notes', 'notes', h('ul', {}, ...report.notes.map((note) => h('li', {}, note)))),
  );
}

function renderMetadata(report: ReviewReport): HTMLElement {
  const { branch } = report;
  const rows: Array<[string, Node | string]> = [
    ['Date', new Date(report.createdAt).toLocaleString()],
    ['Repo', branch.repoName],
    ['Round', String(report.round)],
    ['Branch', `${branch.branch} (base ${branch.base}, merge-base ${branch.mergeBase.slice(0, 7)})`],
    ['Commits', h('span', {}, ...branch.commits.map((commit, index) => h('span', { class: 'commit' }, index > 0 ? h('br') : null, h('code', {}, commit.hash), ' ', commit.subject)))],
    ['Reviewers', report.reviewers.map((run) => formatReviewer(run) + (run.status === 'succeeded' ? '' : ` — ${run.status}`)).join(', ')],
    ['Verdict', h('span', { class: 'verdict' }, report.verdict)],
    ['Wall-clock time', formatDuration(report.wallClockMs)],
  ];
  return h('table', { class: 'metadata' }, h('tbody', {}, ...rows.map(([name, value]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, value)))));
}

function structureLine(report: ReviewReport): string {
  const { branch } = report;
  return `Structure: ${branch.files.length} changed file${branch.files.length === 1 ? '' : 's'}, +${branch.additions} −${branch.deletions} lines; findings: ${formatSeverityCounts(report.findings)}.`;
}

function renderSeverity(severity: Severity, findings: Finding[], actions: FindingActions): HTMLElement {
  const body = findings.length === 0 ? [h('p', { class: 'none' }, 'None.')] : findings.map((finding) => renderFinding(finding, actions));
  return section(`${sectionTitle[severity]} (${findings.length})`, `severity-${severity}`, ...body);
}

function attributed(title: string, id: string, items: ReviewReport['testingAssessments']): HTMLElement | false {
  if (items.length === 0) return false;
  return section(title, id, ...items.map((item) => h('div', { class: 'attributed' }, h('div', { class: 'markdown' }, renderMarkdown(item.text)), h('span', { class: 'reporters' }, item.reviewerId))));
}

function renderRetro(report: ReviewReport): HTMLElement {
  const runs = report.reviewers;
  const rows: Array<[string, (run: ReviewReport['reviewers'][number]) => string]> = [
    ['Status', (run) => (run.status === 'succeeded' ? 'succeeded' : `${run.status}: ${run.error ?? ''}`)],
    ['Duration', (run) => formatDuration(run.stats.durationMs)],
    ['Findings', (run) => formatReviewerFindingCounts(run.reviewerId, report.findings)],
    ['Tool calls', (run) => formatToolCalls(run.stats)],
    ['Turns', (run) => String(run.stats.turns)],
    ['Tokens', (run) => formatTokens(run.stats)],
    ['Cost', (run) => formatCost(run.stats)],
    ['Retries', (run) => formatRetry(run)],
    ['Warnings', (run) => (run.warnings.length === 0 ? 'none' : run.warnings.join('; '))],
  ];
  return section(
    'Agent Performance Retro',
    'retro',
    h(
      'table',
      { class: 'retro' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), ...runs.map((run) => h('th', { scope: 'col' }, run.reviewerId, h('br'), h('small', {}, formatReviewer(run)))))),
      h('tbody', {}, ...rows.map(([name, cell]) => h('tr', {}, h('th', { scope: 'row' }, name), ...runs.map((run) => h('td', {}, cell(run)))))),
    ),
  );
}

function section(title: string, id: string, ...children: Array<Node | false>): HTMLElement {
  return h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children.filter((child): child is Node => child !== false));
}

