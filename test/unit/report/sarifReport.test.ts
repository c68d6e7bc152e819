import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Log, Result, Run } from 'sarif';
import { createCommitFileReader } from '../../../src/engine/git/commitFileReader';
import { renderSarifReport } from '../../../src/engine/report/sarifReport';
import { findingKind } from '../../../src/engine/report/sarifRules';
import type { Finding } from '../../../src/shared/findingModel';
import { tempRepo } from '../git/gitTestSupport';
import {
  applyReplacements,
  finding,
  goneFinding,
  greetTs,
  headFiles,
  legacyTs,
  loopFinding,
  readFrom,
  sarifTestReport,
  staleFinding,
  typoFinding,
} from './sarifTestData';

async function render(findings?: Finding[], files = headFiles, toolVersion = '0.1.0'): Promise<Log> {
  return renderSarifReport(sarifTestReport(findings), { readFileAtHead: readFrom(files), toolVersion });
}

function onlyRun(log: Log): Run {
  return only(log.runs, 'run');
}

function only<T>(items: readonly T[] | undefined, what: string): T {
  assert.ok(items?.length === 1, `expected one ${what}, got ${items?.length ?? 0}`);
  return items[0]!;
}

function resultFor(log: Log, id: string): Result {
  const result = onlyRun(log).results?.find((candidate) => candidate.properties?.findingId === id);
  assert.ok(result, `no result for ${id}`);
  return result;
}

test('one result per finding, its level from the severity and its message from the title and body', async () => {
  const log = await render();
  assert.equal(log.version, '2.1.0');
  const results = onlyRun(log).results ?? [];
  assert.deepEqual(
    results.map((result) => [String(result.properties?.findingId), result.level]),
    [['C1', 'error'], ['I1', 'warning'], ['I2', 'warning'], ['S1', 'note'], ['S2', 'note']],
  );
  assert.deepEqual(resultFor(log, 'C1').message, {
    text: 'greet returns an undefined variable',
    markdown: '**greet returns an undefined variable**\n\n`lable` is not declared, so every call throws a `ReferenceError`.',
  });
  assert.deepEqual(resultFor(log, 'S1').message, { text: 'Prefer a template literal', markdown: '**Prefer a template literal**' });
});

test('a finding takes the first of its tags in the fixed kind order; findings without a known tag are general', () => {
  const kind = (...tags: string[]): string => findingKind({ tags });
  assert.equal(kind('style', 'security'), 'security');
  assert.equal(kind('regression', 'correctness'), 'correctness');
  assert.equal(kind('docs', 'tests'), 'tests');
  assert.equal(kind(' Concurrency '), 'concurrency');
  assert.equal(kind('design', 'style'), 'design');
  assert.equal(kind('ux'), 'general');
  assert.equal(kind(), 'general');
});

test('one rule per kind that occurs, in the fixed order, and every result points at its rule by id and index', async () => {
  const log = await render();
  const rules = onlyRun(log).tool.driver.rules ?? [];
  assert.deepEqual(
    rules.map((rule) => rule.id),
    ['deep-review/security', 'deep-review/concurrency', 'deep-review/tests', 'deep-review/design', 'deep-review/general'],
  );
  for (const rule of rules) {
    assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.text && rule.help.markdown, `${rule.id} is described`);
  }
  const results = onlyRun(log).results ?? [];
  assert.deepEqual(
    results.map((result) => result.ruleId),
    ['deep-review/security', 'deep-review/concurrency', 'deep-review/tests', 'deep-review/general', 'deep-review/design'],
  );
  for (const result of results) assert.equal(rules[result.ruleIndex ?? -1]?.id, result.ruleId);
});

test('an anchored finding points at the lines its code was found on at HEAD, with the code as snippet', async () => {
  const location = only(resultFor(await render(), 'C1').locations, 'location');
  assert.deepEqual(location.physicalLocation, {
    artifactLocation: { uri: 'src/greet.ts', uriBaseId: 'SRCROOT' },
    region: { startLine: 2, endLine: 2, snippet: { text: 'return lable + name;' } },
  });
});

test('an unanchored finding keeps its file but no region; the lines the reviewer gave are only reported as such', async () => {
  const location = only(resultFor(await render(), 'I1').locations, 'location');
  assert.match(location.message?.text ?? '', /not found in the reviewed commit; the reviewer pointed at lines 40–44/);
  assert.deepEqual(location.physicalLocation, { artifactLocation: { uri: 'src/pool.ts', uriBaseId: 'SRCROOT' } });
  assert.deepEqual(location.properties, { anchor: 'unanchored', reportedStartLine: 40, reportedEndLine: 44, snippet: 'if (this.closed) return;' });
});

test("other reviewers' locations become related locations, with encoded URIs", async () => {
  const result = resultFor(await render(), 'C1');
  assert.deepEqual(result.relatedLocations, [
    {
      id: 1,
      physicalLocation: {
        artifactLocation: { uri: 'docs/read%20me.md', uriBaseId: 'SRCROOT' },
        region: { startLine: 3, endLine: 3, snippet: { text: 'Call `greet()`.' } },
      },
      message: { text: 'Also reported at docs/read me.md, line 3.' },
    },
  ]);
  assert.equal(resultFor(await render(), 'I1').relatedLocations, undefined);
});

test('the fingerprint is a partial fingerprint; id, severity, reporters and tags are properties', async () => {
  const result = resultFor(await render(), 'C1');
  assert.deepEqual(result.partialFingerprints, { 'deepReview/v1': typoFinding.fingerprint });
  assert.deepEqual(result.properties, {
    findingId: 'C1',
    severity: 'critical',
    reporters: [
      { reviewerId: 'claude', severity: 'critical' },
      { reviewerId: 'codex-fast', severity: 'important' },
    ],
    tags: ['style', 'security'],
    fixStatus: 'applicable',
  });
});

test('a fix replaces exactly its original text at HEAD, columns counted in UTF-16 code units', async () => {
  const fix = only(resultFor(await render(), 'C1').fixes, 'fix');
  assert.equal(fix.description?.text, 'Return the declared label.');
  const change = only(fix.artifactChanges, 'artifact change');
  assert.deepEqual(change.artifactLocation, { uri: 'src/greet.ts', uriBaseId: 'SRCROOT' });
  const replacement = only(change.replacements, 'replacement');
  // 43 UTF-16 code units precede "lable" on line 2 ("👋" counts 2); UTF-8 bytes would say 51.
  const line2 = greetTs.split('\n')[1]!;
  assert.equal(line2.indexOf('lable'), 43);
  assert.equal(Buffer.byteLength(line2.slice(0, 43)), 51);
  assert.deepEqual(replacement.insertedContent, { text: 'label + name' });
  assert.equal(applyReplacements(greetTs, change.replacements), greetTs.replace('lable + name', 'label + name'));
  assert.deepEqual(replacement.deletedRegion, { startLine: 2, startColumn: 44, endLine: 2, endColumn: 56, snippet: { text: 'lable + name' } });
});

test('a fix in a CRLF file: the region spans whole lines and the inserted text has CRLF', async () => {
  const change = only(only(resultFor(await render(), 'I2').fixes, 'fix').artifactChanges, 'artifact change');
  const replacement = only(change.replacements, 'replacement');
  assert.deepEqual(replacement.insertedContent, { text: '  return items.reduce((sum, item) => sum + item.price, 0);\r\n' });
  assert.equal(applyReplacements(legacyTs, change.replacements), 'function total(items) {\r\n  return items.reduce((sum, item) => sum + item.price, 0);\r\n}\r\n');
  assert.deepEqual(replacement.deletedRegion, {
    startLine: 2,
    startColumn: 1,
    endLine: 5,
    endColumn: 1,
    snippet: { text: '  let sum = 0;\r\n  for (const item of items) sum += item.price;\r\n  return sum;\r\n' },
  });
});

test('a region that starts and ends inside CRLF lines counts columns without the CR', async () => {
  const partial = finding({
    id: 'S1',
    severity: 'suggestion',
    title: 'Rename sum',
    location: { path: 'src/legacy.ts', startLine: 2, endLine: 3, snippet: 'let sum = 0;' },
    fix: { description: 'Rename.', edits: [{ path: 'src/legacy.ts', original: 'sum = 0;\n  for', replacement: 'total = 0;\n  for' }] },
  });
  const change = only(only(resultFor(await render([partial]), 'S1').fixes, 'fix').artifactChanges, 'artifact change');
  assert.equal(applyReplacements(legacyTs, change.replacements), legacyTs.replace('sum = 0;\r\n  for', 'total = 0;\r\n  for'));
  assert.deepEqual(only(change.replacements, 'replacement').deletedRegion, { startLine: 2, startColumn: 7, endLine: 3, endColumn: 6, snippet: { text: 'sum = 0;\r\n  for' } });
});

test('several edits in one file are one change, listed last-first so they apply in order', async () => {
  const twoEdits = finding({
    id: 'S1',
    severity: 'suggestion',
    title: 'Name the parameter',
    location: { path: 'src/legacy.ts', startLine: 1, endLine: 1, snippet: 'function total(items) {' },
    fix: {
      description: 'Rename items to lineItems.',
      edits: [
        { path: 'src/legacy.ts', original: 'function total(items) {', replacement: 'function total(lineItems) {' },
        { path: 'src/legacy.ts', original: 'of items)', replacement: 'of lineItems)' },
      ],
    },
  });
  const { replacements } = only(only(resultFor(await render([twoEdits]), 'S1').fixes, 'fix').artifactChanges, 'artifact change');
  assert.deepEqual(replacements.map((replacement) => replacement.deletedRegion.startLine), [3, 1]);
  assert.equal(applyReplacements(legacyTs, replacements), legacyTs.replace('(items)', '(lineItems)').replace('of items)', 'of lineItems)'));
});

test('a fix whose original text is not at HEAD is left out, and the result says why', async () => {
  const log = await render();
  const stale = resultFor(log, 'S1');
  assert.equal(stale.fixes, undefined);
  assert.equal(stale.properties?.fixOmitted, 'The text the fix replaces is not in src/greet.ts at the reviewed commit, so the fix cannot be placed there.');
  const gone = resultFor(log, 'S2');
  assert.equal(gone.fixes, undefined);
  assert.match(String(gone.properties?.fixOmitted), /src\/old\/helpers\.ts could not be read as a file of the reviewed commit/);
  assert.equal(resultFor(log, 'I1').properties?.fixOmitted, undefined, 'a finding without a fix has nothing to explain');
});

test('a fix whose original text appears twice, with no anchored line to choose by, is left out with the reason', async () => {
  const twice = { ...staleFinding, anchor: { status: 'unanchored' as const, startLine: 2, endLine: 2 } };
  const files = { ...headFiles, 'src/greet.ts': `${greetTs}${greetTs}` };
  const result = resultFor(await render([{ ...twice, fix: { description: 'x', edits: [{ path: 'src/greet.ts', original: 'lable + name', replacement: 'label + name' }] } }], files), 'S1');
  assert.equal(result.fixes, undefined);
  assert.match(String(result.properties?.fixOmitted), /appears 2 times in src\/greet\.ts/);
});

test('the run names the tool, the repository, branch and head commit, the review time and the reviewers', async () => {
  const report = sarifTestReport();
  const run = onlyRun(await renderSarifReport(report, { readFileAtHead: readFrom(headFiles), toolVersion: '0.1.0' }));
  assert.equal(run.tool.driver.name, 'Deep Review');
  assert.equal(run.tool.driver.version, '0.1.0');
  assert.equal(run.tool.driver.informationUri, undefined);
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.equal(run.originalUriBaseIds?.SRCROOT?.uri, 'file:///home/dev/ledger-api/');
  assert.deepEqual(run.versionControlProvenance, [
    {
      repositoryUri: 'file:///home/dev/ledger-api',
      revisionId: report.branch.head,
      branch: 'feature/refund-batches',
      mappedTo: { uriBaseId: 'SRCROOT' },
      properties: { repoName: 'ledger-api', base: 'main', mergeBase: report.branch.mergeBase },
    },
  ]);
  const invocation = only(run.invocations, 'invocation');
  const notifications = invocation.toolExecutionNotifications ?? [];
  assert.match(notifications[1]?.message.text ?? '', /^Reviewer gemini failed: gemini exited with code 1/);
  assert.deepEqual(
    notifications.map((notification) => [notification.level, String(notification.properties?.reviewerId)]),
    [['warning', 'codex-fast'], ['error', 'gemini']],
  );
  assert.equal(invocation.executionSuccessful, true);
  assert.equal(invocation.endTimeUtc, '2026-03-09T14:07:31.000Z');
  assert.equal(invocation.startTimeUtc, new Date(Date.parse('2026-03-09T14:07:31.000Z') - report.wallClockMs).toISOString());
  const properties: Record<string, unknown> = run.properties ?? {};
  assert.deepEqual(properties.reviewers, report.reviewers);
  assert.equal(properties.round, report.round);
  assert.equal(properties.verdict, report.verdict);
});

test('the tool version and information URI appear only when known', async () => {
  assert.equal(onlyRun(await render(undefined, headFiles, '')).tool.driver.version, undefined);
  const options = { readFileAtHead: readFrom(headFiles), toolVersion: '1.2.3', informationUri: 'https://example.com/deep-review' };
  const { driver } = onlyRun(await renderSarifReport(sarifTestReport(), options)).tool;
  assert.deepEqual([driver.version, driver.informationUri], ['1.2.3', 'https://example.com/deep-review']);
});

test('a report without findings is a run without results or rules', async () => {
  const run = onlyRun(await render([]));
  assert.deepEqual(run.results, []);
  assert.deepEqual(run.tool.driver.rules, []);
});

test('with files read from a real repository, fixes are placed against HEAD as git stores it', async (t) => {
  const repo = tempRepo(t, headFiles);
  const report = { ...sarifTestReport([typoFinding, loopFinding, goneFinding]), branch: { ...sarifTestReport().branch, repoRoot: repo.root, head: repo.git('rev-parse', 'HEAD') } };
  repo.write({ 'src/legacy.ts': 'rewritten after the review\n' });
  const log = await renderSarifReport(report, { readFileAtHead: createCommitFileReader(repo.root, report.branch.head), toolVersion: '0.1.0' });
  const loop = only(only(resultFor(log, 'I2').fixes, 'fix').artifactChanges, 'artifact change');
  assert.equal(applyReplacements(legacyTs, loop.replacements), 'function total(items) {\r\n  return items.reduce((sum, item) => sum + item.price, 0);\r\n}\r\n');
  const typo = only(only(resultFor(log, 'C1').fixes, 'fix').artifactChanges, 'artifact change');
  assert.equal(only(typo.replacements, 'replacement').deletedRegion.startColumn, 44);
  assert.match(String(resultFor(log, 'S2').properties?.fixOmitted), /could not be read/);
});
