import type { ChangedFile, ReviewReport } from '../../shared/reportModel';
import { h } from '../dom';
import { plural, shortHash } from '../labels';
import { code, dataTable, markdownBlock, none, section } from './parts';

/** Commit Structure: the consolidator's view, the commits, and the changed files with their line counts. */
export function renderCommitStructure(report: ReviewReport): HTMLElement {
  const { branch } = report;
  return section(
    'Commit Structure',
    'commits',
    report.commitAssessment !== null && report.commitAssessment.trim() !== '' && markdownBlock(report.commitAssessment),
    h('p', {}, `${plural(branch.commits.length, 'commit')} on `, code(branch.branch), ' since ', code(branch.base), ':'),
    branch.commits.length === 0 ? none() : h('ul', { class: 'commits' }, ...branch.commits.map((commit) => h('li', {}, code(shortHash(commit.hash)), ' ', commit.subject))),
    branch.files.length === 0
      ? none('No changed files.')
      : dataTable('files', [{ header: 'File', className: 'wide' }, { header: '+', className: 'number' }, { header: '−', className: 'number' }], branch.files.map(fileRow)),
  );
}

function fileRow(file: ChangedFile): Array<Node | string> {
  const name = file.previousPath === null ? code(file.path) : h('span', {}, code(file.path), ' (renamed from ', code(file.previousPath), ')');
  return [name, file.additions === null ? 'binary' : String(file.additions), file.deletions === null ? '' : String(file.deletions)];
}
