import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { renderMarkdownReport } from '../../../src/engine/report/markdownReport';
import { reviewReportSchema, type ReviewReport, type ReviewerTrackRecord } from '../../../src/shared/reportModel';
import { formatTrackRecord } from '../../../src/shared/retroFacts';
import { sampleReport } from '../../fixtures/sampleReport';

const claudeRecord: ReviewerTrackRecord = { reviewerId: 'claude', kept: 40, open: 25, fixed: 12, declined: 3, regressed: 0, rejected: 5, rounds: 6 };
const codexRecord: ReviewerTrackRecord = { reviewerId: 'codex-fast', kept: 7, open: 1, fixed: 4, declined: 1, regressed: 1, rejected: 9, rounds: 1 };

function withTrackRecords(trackRecords: ReviewerTrackRecord[]): ReviewReport {
  return { ...sampleReport(), trackRecords };
}

/** The rows of the table under "### Track record in this repository", as markdown-it parses them. */
function trackRecordTable(markdown: string): string[][] {
  const start = markdown.indexOf('### Track record in this repository');
  assert.notEqual(start, -1, 'the retro has a track record table');
  const tokens = new MarkdownIt({ html: false }).parse(markdown.slice(start), {});
  const rows: string[][] = [];
  let row: string[] | undefined;
  for (const token of tokens) {
    if (token.type === 'table_close') break;
    if (token.type === 'tr_open') row = [];
    if (token.type === 'inline' && row) row.push(token.content);
    if (token.type === 'tr_close' && row) rows.push(row);
  }
  return rows;
}

test('the Markdown retro shows each reviewer’s track record in the repository, with what it counts', () => {
  const markdown = renderMarkdownReport(withTrackRecords([claudeRecord, codexRecord]));

  assert.deepEqual(trackRecordTable(markdown), [
    ['Reviewer', 'Kept', 'Fixed', 'Declined', 'Open', 'Regressed', 'Rejected as false positives', 'Rounds'],
    ['`claude`', '40', '12', '3', '25', '0', '5', '6'],
    ['`codex-fast`', '7', '4', '1', '1', '1', '9', '1'],
    ['`gemini`', '0', '0', '0', '0', '0', '0', '—'],
  ]);
  assert.match(markdown, /Counted per reviewer and the CLI and model it runs with now \(a changed model starts a new record\) over every recorded round of every branch in this repository, this round included\./);
  assert.ok(markdown.indexOf('### Track record in this repository') > markdown.indexOf('## Agent Performance Retro'));
});

test('a report without track records (not recorded, or stored by an earlier version) has no such table and still parses', () => {
  const stored = JSON.parse(JSON.stringify(sampleReport())) as Record<string, unknown>;
  assert.ok(!('trackRecords' in stored));

  const parsed = reviewReportSchema.parse(stored);

  assert.equal(parsed.version, 2);
  assert.doesNotMatch(renderMarkdownReport(parsed), /Track record/);
  assert.deepEqual(reviewReportSchema.parse(withTrackRecords([claudeRecord])).trackRecords, [claudeRecord]);
});

test('the compact line says what was kept, what became of it and how many were false positives', () => {
  assert.equal(formatTrackRecord(claudeRecord), '40 kept (12 fixed, 3 declined, 25 open), 5 rejected as false positives, over 6 rounds');
  assert.equal(formatTrackRecord(codexRecord), '7 kept (4 fixed, 1 declined, 1 open, 1 regressed), 9 rejected as false positives, over 1 round');
});
