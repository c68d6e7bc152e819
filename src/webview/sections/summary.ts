import type { ReviewReport } from '../../shared/reportModel';
import { codicon, h } from '../dom';
import { plural } from '../labels';
import { markdownBlock, section } from './parts';

/** The summary, the structure line, and a banner when the findings were not consolidated by an agent. */
export function renderSummary(report: ReviewReport): HTMLElement {
  const { fallbackReason } = report.consolidation;
  return section(
    'Executive Summary',
    'summary',
    fallbackReason !== null &&
      h('div', { class: 'banner not-consolidated', role: 'note' }, codicon('warning'), h('p', {}, h('strong', {}, 'Not consolidated: '), h('span', { class: 'fallback-reason' }, fallbackReason))),
    markdownBlock(report.summary),
    h('p', { class: 'structure' }, h('strong', {}, 'Structure: '), structureText(report)),
  );
}

function structureText(report: ReviewReport): string {
  const { branch, findings } = report;
  const count = (severity: string): number => findings.filter((finding) => finding.severity === severity).length;
  const suggestions = count('suggestion');
  const rejected = report.consolidation.rejected.length;
  return (
    `${plural(branch.files.length, 'changed file')}, +${branch.additions} −${branch.deletions} lines; ` +
    `${count('critical')} critical, ${count('important')} important, ${suggestions} ${suggestions === 1 ? 'suggestion' : 'suggestions'}` +
    (rejected > 0 ? `; ${plural(rejected, 'false positive')} dropped.` : '.')
  );
}
