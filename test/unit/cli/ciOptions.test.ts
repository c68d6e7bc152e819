import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsAtOrAbove } from '../../../src/cli/failOn';
import { createProgressOutput } from '../../../src/cli/progressOutput';
import { reviewEventSchema } from '../../../src/shared/reviewEvents';
import { sampleReport } from '../../fixtures/sampleReport';

test('--fail-on counts the findings at or above its severity', () => {
  const report = sampleReport();
  const bySeverity = (severity: string) => report.findings.filter((finding) => finding.severity === severity).length;
  assert.ok(bySeverity('critical') > 0 && bySeverity('important') > 0 && bySeverity('suggestion') > 0, 'the sample has every severity');
  assert.equal(findingsAtOrAbove(report, 'never').length, 0);
  assert.equal(findingsAtOrAbove(report, 'critical').length, bySeverity('critical'));
  assert.equal(findingsAtOrAbove(report, 'important').length, bySeverity('critical') + bySeverity('important'));
  assert.equal(findingsAtOrAbove(report, 'suggestion').length, report.findings.length);
  assert.equal(findingsAtOrAbove({ findings: report.findings.filter((finding) => finding.severity === 'suggestion') }, 'important').length, 0);
});

test('json progress writes one parseable line per event and log lines as {type: "log"}; none writes only the error', () => {
  const lines: string[] = [];
  const json = createProgressOutput('json', (line) => lines.push(line));
  json.event({ type: 'agent-started', reviewerId: 'claude' });
  json.event({ type: 'agent-progress', reviewerId: 'claude', elapsedMs: 1200, toolCalls: 2, lastTool: 'Read' });
  json.log('a rerun\nwith two lines');
  json.error('No reviewer finished');
  assert.equal(lines.length, 4);
  assert.deepEqual(reviewEventSchema.parse(JSON.parse(lines[1]!)), { type: 'agent-progress', reviewerId: 'claude', elapsedMs: 1200, toolCalls: 2, lastTool: 'Read' });
  assert.deepEqual(JSON.parse(lines[2]!), { type: 'log', message: 'a rerun\nwith two lines' });
  assert.deepEqual(JSON.parse(lines[3]!), { type: 'error', message: 'No reviewer finished' });

  const quiet: string[] = [];
  const none = createProgressOutput('none', (line) => quiet.push(line));
  none.event({ type: 'consolidating' });
  none.log('hidden');
  none.error('shown');
  assert.deepEqual(quiet, ['deep-review: shown']);
});

test('text progress is plain lines without terminal escape codes', () => {
  const lines: string[] = [];
  const text = createProgressOutput('text', (line) => lines.push(line));
  text.event({ type: 'context-collected', branch: 'feature/x', base: 'main', commits: 2, files: 3 });
  text.event({ type: 'agent-finished', reviewerId: 'codex', findings: 4, durationMs: 61_000 });
  text.event({ type: 'report-ready', report: sampleReport() });
  assert.equal(lines.length, 2, 'report-ready is not a progress line');
  assert.equal(lines[0], 'Reviewing feature/x against main: 2 commit(s), 3 file(s)');
  assert.match(lines[1]!, /^codex: done — 4 finding\(s\) in /);
  assert.ok(lines.every((line) => !line.includes('\u001b')));
});
