import type { ReviewReport } from '../../shared/reportModel';
import { h } from '../dom';
import { renderMarkdown } from '../markdown';
import { dataTable, markdownBlock, none, reviewerBadge, section, type Content } from './parts';

type Assessment = ReviewReport['documentation'];
type TestingGap = ReviewReport['testing']['gaps'][number];

const riskOrder: Record<TestingGap['risk'], number> = { high: 0, medium: 1, low: 2 };

/** Testing Assessment: the consolidated view, the gaps ranked by risk, each reviewer's own words. */
export function renderTestingAssessment(testing: ReviewReport['testing']): HTMLElement {
  const gaps = [...testing.gaps].sort((a, b) => riskOrder[a.risk] - riskOrder[b.risk]);
  const gapsTable =
    gaps.length > 0 &&
    dataTable(
      'gaps',
      [{ header: '#', className: 'number' }, { header: 'Risk' }, { header: 'Gap', className: 'wide' }],
      gaps.map((gap, index) => [String(index + 1), h('span', { class: `risk risk-${gap.risk}` }, gap.risk), h('div', { class: 'markdown' }, renderMarkdown(gap.gap))]),
    );
  return section('Testing Assessment', 'testing', ...assessmentContent(testing, gapsTable));
}

export function renderDocumentationAssessment(documentation: Assessment): HTMLElement {
  return section('Documentation Assessment', 'documentation', ...assessmentContent(documentation, false));
}

function assessmentContent(assessment: Assessment, extra: Content): Content[] {
  const consolidated = assessment.consolidated !== null && assessment.consolidated.trim() !== '' ? markdownBlock(assessment.consolidated) : false;
  const written = assessment.byReviewer.filter((entry) => entry.text.trim() !== '');
  const ownWords = written.map((entry) => h('div', { class: 'attributed' }, h('div', { class: 'attribution' }, 'From ', reviewerBadge(entry.reviewerId)), markdownBlock(entry.text)));
  const byReviewer =
    written.length === 0
      ? false
      : consolidated
        ? h('details', { class: 'by-reviewer' }, h('summary', {}, "Each reviewer's assessment"), ...ownWords)
        : h('div', { class: 'by-reviewer' }, ...ownWords);
  if (!consolidated && !extra && !byReviewer) return [none()];
  return [consolidated, extra, byReviewer];
}
