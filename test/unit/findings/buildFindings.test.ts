import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { buildFindings } from '../../../src/engine/findings/buildFindings';
import { fingerprintFinding } from '../../../src/engine/findings/fingerprint';
import { createHeadFileReader } from '../../../src/engine/review/headFileReader';
import { findingSchema } from '../../../src/shared/findingModel';
import type { ReviewerAnswer, ReviewerFinding } from '../../../src/shared/reviewerAnswer';
import { TempRepo } from '../../fixtures/gitRepo';

const files: Record<string, string> = {
  'src/session.ts': [
    "import { store } from './store';", // 1
    '', // 2
    'export function login(user: string, password: string) {', // 3
    '  const token = store.issue(user);', // 4
    '  console.log(`login ${user} ${password}`);', // 5
    '  return token;', // 6
    '}', // 7
    '',
  ].join('\n'),
  'src/store.ts': 'export const store = {\n  issue: (user: string) => `${user}-${Date.now()}`,\n};\n',
};

function reviewerFinding(overrides: Partial<ReviewerFinding>): ReviewerFinding {
  return {
    severity: 'important',
    title: 'Password is written to the log',
    body: 'The password ends up in plain text in every log sink.',
    file: 'src/session.ts',
    startLine: 5,
    endLine: 5,
    snippet: '  console.log(`login ${user} ${password}`);',
    fix: null,
    tags: ['security'],
    ...overrides,
  };
}

function answer(findings: ReviewerFinding[]): ReviewerAnswer {
  return { summary: 'Adds login.', findings, designObservations: [], testingAssessment: '', documentationAssessment: '' };
}

function readFrom(map: Record<string, string>): (path: string) => Promise<string | null> {
  return (path) => Promise.resolve(map[path] ?? null);
}

test('numbers findings by severity, then by path and line; two reviewers’ reports of one problem become one finding', async () => {
  const { findings } = await buildFindings({
    answers: [
      {
        reviewerId: 'claude',
        answer: answer([
          reviewerFinding({ severity: 'suggestion', title: 'Name the token type', startLine: 4, endLine: 4, snippet: '  const token = store.issue(user);' }),
          reviewerFinding({ severity: 'important' }),
          reviewerFinding({ severity: 'important', title: 'Token is predictable', file: 'src/store.ts', startLine: 2, endLine: 2, snippet: 'issue: (user: string) => `${user}-${Date.now()}`,' }),
        ]),
      },
      { reviewerId: 'codex', answer: answer([reviewerFinding({ severity: 'critical', title: 'Secrets in logs' }), reviewerFinding({ severity: 'important', title: 'Login has no rate limit', startLine: 3, endLine: 3, snippet: 'export function login(' })]) },
    ],
    readFileAtHead: readFrom(files),
  });
  // codex's "Secrets in logs" and claude's "Password is written to the log" quote the same line for the same problem.
  assert.deepEqual(
    findings.map((finding) => [finding.id, finding.title, finding.reporters.map((reporter) => `${reporter.reviewerId}:${reporter.severity}`).join(' ')]),
    [
      ['C1', 'Secrets in logs', 'claude:important codex:critical'],
      ['I1', 'Login has no rate limit', 'codex:important'],
      ['I2', 'Token is predictable', 'claude:important'],
      ['S1', 'Name the token type', 'claude:suggestion'],
    ],
  );
});

test('anchors each finding at the lines where its snippet is at HEAD, keeping the reviewer’s lines in the location', async () => {
  const { findings } = await buildFindings({
    answers: [{ reviewerId: 'claude', answer: answer([reviewerFinding({ startLine: 2, endLine: 3 })]) }],
    readFileAtHead: readFrom(files),
  });
  const finding = findings[0]!;
  assert.deepEqual(finding.anchor, { status: 'exact', startLine: 5, endLine: 5 });
  assert.deepEqual(finding.location, { path: 'src/session.ts', startLine: 2, endLine: 3, snippet: '  console.log(`login ${user} ${password}`);' });
});

test('builds complete, schema-valid findings: reporters, tags, fingerprint and the fix as exact edits', async () => {
  const fix = {
    description: 'Log the user only.',
    edits: [{ file: 'src/session.ts', original: '  console.log(`login ${user} ${password}`);\n', replacement: '  console.log(`login ${user}`);\n' }],
  };
  const { findings, warnings } = await buildFindings({
    answers: [{ reviewerId: 'claude', answer: answer([reviewerFinding({ fix, tags: ['security', ' security ', 'regression'] })]) }],
    readFileAtHead: readFrom(files),
  });
  const finding = findingSchema.parse(findings[0]);
  assert.deepEqual(finding.reporters, [{ reviewerId: 'claude', severity: 'important' }]);
  assert.deepEqual(finding.tags, ['security', 'regression']);
  assert.deepEqual(finding.fix, {
    description: 'Log the user only.',
    edits: [{ path: 'src/session.ts', original: fix.edits[0]!.original, replacement: fix.edits[0]!.replacement }],
  });
  assert.equal(finding.fingerprint, fingerprintFinding({ path: 'src/session.ts', snippet: finding.location.snippet, title: finding.title }));
  assert.deepEqual(warnings, []);
});

test('a snippet not found at HEAD leaves the finding unanchored at the reviewer’s lines, with a warning', async () => {
  const { findings, warnings } = await buildFindings({
    answers: [{ reviewerId: 'codex', answer: answer([reviewerFinding({ snippet: 'logger.debug(password);', startLine: 4, endLine: 6 })]) }],
    readFileAtHead: readFrom(files),
  });
  assert.deepEqual(findings[0]?.anchor, { status: 'unanchored', startLine: 4, endLine: 6 });
  assert.equal(warnings.length, 1);
  const warning = warnings[0]!;
  assert.equal(warning.reviewerId, 'codex');
  assert.match(warning.message, /not found in src\/session\.ts/);
});

test('a finding in a file missing at HEAD is kept, unanchored, and the warning says why', async () => {
  const { findings, warnings } = await buildFindings({
    answers: [{ reviewerId: 'claude', answer: answer([reviewerFinding({ file: 'src/deleted.ts', startLine: 40, endLine: 42 })]) }],
    readFileAtHead: readFrom(files),
  });
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0]?.anchor, { status: 'unanchored', startLine: 40, endLine: 42 });
  assert.match(warnings[0]?.message ?? '', /src\/deleted\.ts does not exist at HEAD/);
});

test('drops findings whose path leaves the repository, with a warning for each', async () => {
  const { findings, warnings } = await buildFindings({
    answers: [
      {
        reviewerId: 'claude',
        answer: answer([reviewerFinding({ file: '/etc/passwd' }), reviewerFinding({ file: 'src/../../secrets.txt' }), reviewerFinding({ file: 'C:\\Windows\\win.ini' }), reviewerFinding({})]),
      },
    ],
    readFileAtHead: readFrom(files),
  });
  assert.deepEqual(findings.map((finding) => finding.location.path), ['src/session.ts']);
  assert.equal(warnings.length, 3);
  for (const warning of warnings) assert.match(warning.message, /dropped because its path .* is not inside the repository/);
});

test('drops a fix that edits a file outside the repository but keeps its finding', async () => {
  const fix = { description: 'Rotate keys.', edits: [{ file: '../other-repo/keys.ts', original: 'a', replacement: 'b' }] };
  const { findings, warnings } = await buildFindings({
    answers: [{ reviewerId: 'claude', answer: answer([reviewerFinding({ fix })]) }],
    readFileAtHead: readFrom(files),
  });
  assert.equal(findings[0]?.fix, null);
  assert.match(warnings[0]?.message ?? '', /fix was dropped/);
});

test('clamps reviewer lines to the file and puts them in order', async () => {
  const { findings } = await buildFindings({
    answers: [{ reviewerId: 'claude', answer: answer([reviewerFinding({ file: 'src/store.ts', snippet: 'not in the file', startLine: 90, endLine: 2 })]) }],
    readFileAtHead: readFrom(files),
  });
  const finding = findings[0]!;
  assert.equal(finding.location.startLine, 2);
  assert.equal(finding.location.endLine, 3);
  assert.deepEqual(finding.anchor, { status: 'unanchored', startLine: 2, endLine: 3 });
});

test('reads each HEAD file once however many findings point at it', async () => {
  const reads: string[] = [];
  await buildFindings({
    answers: [
      { reviewerId: 'claude', answer: answer([reviewerFinding({}), reviewerFinding({ title: 'Other' })]) },
      { reviewerId: 'codex', answer: answer([reviewerFinding({})]) },
    ],
    readFileAtHead: (path) => {
      reads.push(path);
      return readFrom(files)(path);
    },
  });
  assert.deepEqual(reads, ['src/session.ts']);
});

test('anchors against a real worktree, where a symlink out of the repository reads as missing', async () => {
  const repo = TempRepo.create(files);
  try {
    const outside = TempRepo.create({ 'secret.ts': '  console.log(`login ${user} ${password}`);\n' });
    try {
      fs.symlinkSync(`${outside.root}/secret.ts`, `${repo.root}/src/linked.ts`);
      const { findings, warnings } = await buildFindings({
        answers: [{ reviewerId: 'claude', answer: answer([reviewerFinding({}), reviewerFinding({ file: 'src/linked.ts', title: 'Via link' })]) }],
        readFileAtHead: createHeadFileReader(repo.root),
      });
      const byPath = new Map(findings.map((finding) => [finding.location.path, finding.anchor.status]));
      assert.equal(byPath.get('src/session.ts'), 'exact');
      assert.equal(byPath.get('src/linked.ts'), 'unanchored');
      assert.equal(warnings.length, 1);
    } finally {
      outside.remove();
    }
  } finally {
    repo.remove();
  }
});

test('a title longer than one line of the Problems panel is shortened with an ellipsis', async () => {
  const long = 'Overflow '.repeat(100);
  const { findings } = await buildFindings({
    answers: [{ reviewerId: 'claude', answer: { summary: '', designObservations: [], testingAssessment: '', documentationAssessment: '', findings: [{ severity: 'suggestion', title: long, body: '', file: 'a.ts', startLine: 1, endLine: 1, snippet: 'x', fix: null, tags: [] }] } }],
    readFileAtHead: () => Promise.resolve('x\n'),
  });
  assert.equal(findings[0]!.title.length, 200);
  assert.ok(findings[0]!.title.endsWith('…'));
});

const cacheFile = [
  "import { db } from './db';", // 1
  '', // 2
  'const cache = new Map<string, string>();', // 3
  '', // 4
  'export async function load(key: string) {', // 5
  '  if (cache.has(key)) return cache.get(key);', // 6
  "  const sql = \"SELECT v FROM t WHERE k = '\" + key + \"'\";", // 7
  '  const value = await db.query(sql);', // 8
  '  cache.set(key, value);', // 9
  '  return value;', // 10
  '}', // 11
  '',
].join('\n');
const sqlLine = "  const sql = \"SELECT v FROM t WHERE k = '\" + key + \"'\";";
const queryLine = '  const value = await db.query(sql);';

function cacheFinding(overrides: Partial<ReviewerFinding>): ReviewerFinding {
  return reviewerFinding({ file: 'src/cache.ts', tags: [], ...overrides });
}

const claudeOnSql = cacheFinding({ severity: 'important', title: 'SQL injection via key', body: 'Short.', startLine: 7, endLine: 7, snippet: sqlLine, tags: ['security'] });
const geminiOnSql = cacheFinding({
  severity: 'critical',
  title: 'The key parameter allows SQL injection',
  body: 'Any caller-controlled key runs arbitrary SQL.',
  startLine: 8,
  endLine: 8,
  snippet: queryLine,
  fix: { description: 'Use a bound parameter.', edits: [{ file: 'src/cache.ts', original: queryLine, replacement: '  const value = await db.query(sql, [key]);' }] },
  tags: ['correctness', 'security'],
});

function readCache(path: string): Promise<string | null> {
  return Promise.resolve(path === 'src/cache.ts' ? cacheFile : null);
}

test('one problem reported by two reviewers is one finding at the highest severity, with both reporters and both lines', async () => {
  const { findings, merges } = await buildFindings({
    answers: [
      { reviewerId: 'gemini', answer: answer([geminiOnSql]) },
      { reviewerId: 'claude', answer: answer([claudeOnSql]) },
    ],
    readFileAtHead: readCache,
  });
  assert.equal(findings.length, 1);
  const finding = findingSchema.parse(findings[0]);
  assert.equal(finding.id, 'C1');
  assert.equal(finding.severity, 'critical');
  assert.deepEqual(finding.reporters, [
    { reviewerId: 'claude', severity: 'important' },
    { reviewerId: 'gemini', severity: 'critical' },
  ]);
  // Told by gemini, the most severe reporter: its title, body, location, fix and fingerprint.
  assert.equal(finding.title, 'The key parameter allows SQL injection');
  assert.equal(finding.body, geminiOnSql.body);
  assert.deepEqual(finding.anchor, { status: 'exact', startLine: 8, endLine: 8 });
  assert.equal(finding.fix?.description, 'Use a bound parameter.');
  assert.equal(finding.fingerprint, fingerprintFinding({ path: 'src/cache.ts', snippet: queryLine, title: finding.title }));
  assert.deepEqual(finding.extraLocations, [{ path: 'src/cache.ts', startLine: 7, endLine: 7, snippet: sqlLine }]);
  assert.deepEqual(finding.tags, ['correctness', 'security']);
  assert.deepEqual(merges, [{ findingId: 'C1', reviewerIds: ['claude', 'gemini'], severities: { claude: 'important', gemini: 'critical' } }]);
});

test('three reviewers on one problem: one finding, three reporters, and each distinct line once', async () => {
  const codexOnSql = cacheFinding({ severity: 'important', title: 'SQL injection through key', body: 'Longer than claude’s body.', startLine: 7, endLine: 7, snippet: sqlLine });
  const { findings, merges } = await buildFindings({
    answers: [
      { reviewerId: 'claude', answer: answer([claudeOnSql]) },
      { reviewerId: 'codex', answer: answer([codexOnSql]) },
      { reviewerId: 'gemini', answer: answer([geminiOnSql]) },
    ],
    readFileAtHead: readCache,
  });
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0]!.reporters.map((reporter) => reporter.reviewerId), ['claude', 'codex', 'gemini']);
  assert.deepEqual(findings[0]!.extraLocations.map((location) => location.startLine), [7]);
  assert.deepEqual(merges[0]?.severities, { claude: 'important', codex: 'important', gemini: 'critical' });
});

test('among reporters of equal severity, the one with the longest body tells the finding', async () => {
  const codexOnSql = cacheFinding({ severity: 'important', title: 'SQL injection through key', body: 'A longer explanation than claude’s.', startLine: 7, endLine: 7, snippet: sqlLine });
  const { findings } = await buildFindings({
    answers: [
      { reviewerId: 'claude', answer: answer([claudeOnSql]) },
      { reviewerId: 'codex', answer: answer([codexOnSql]) },
    ],
    readFileAtHead: readCache,
  });
  assert.equal(findings[0]?.title, 'SQL injection through key');
  assert.deepEqual(findings[0].extraLocations, []);
});

test('different concerns at the same line, and one reviewer’s two findings there, stay separate findings', async () => {
  const { findings, merges } = await buildFindings({
    answers: [
      { reviewerId: 'gemini', answer: answer([geminiOnSql]) },
      { reviewerId: 'claude', answer: answer([cacheFinding({ title: 'Database errors are not handled', startLine: 8, endLine: 8, snippet: queryLine }), cacheFinding({ title: 'Query result is never validated', startLine: 8, endLine: 8, snippet: queryLine })]) },
    ],
    readFileAtHead: readCache,
  });
  assert.deepEqual(
    findings.map((finding) => [finding.id, finding.title]),
    [
      ['C1', 'The key parameter allows SQL injection'],
      ['I1', 'Database errors are not handled'],
      ['I2', 'Query result is never validated'],
    ],
  );
  assert.deepEqual(merges, []);
});

test('the same title in two different files stays two findings', async () => {
  const { findings } = await buildFindings({
    answers: [
      { reviewerId: 'claude', answer: answer([reviewerFinding({})]) },
      { reviewerId: 'codex', answer: answer([reviewerFinding({ file: 'src/store.ts', startLine: 1, endLine: 1, snippet: 'export const store = {' })]) },
    ],
    readFileAtHead: readFrom(files),
  });
  assert.deepEqual(findings.map((finding) => finding.location.path), ['src/session.ts', 'src/store.ts']);
});

test('two reviewers’ unanchored reports of one problem in a file missing at HEAD become one finding', async () => {
  const { findings, merges, warnings } = await buildFindings({
    answers: [
      { reviewerId: 'claude', answer: answer([reviewerFinding({ file: 'src/gone.ts', startLine: 3, endLine: 3, snippet: 'old()' })]) },
      { reviewerId: 'codex', answer: answer([reviewerFinding({ file: 'src/gone.ts', startLine: 30, endLine: 31, snippet: 'older()', title: 'password is WRITTEN to the log' })]) },
    ],
    readFileAtHead: readFrom(files),
  });
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.anchor.status, 'unanchored');
  assert.deepEqual(findings[0].extraLocations.map((location) => [location.startLine, location.endLine]), [[30, 31]]);
  assert.deepEqual(merges[0]?.reviewerIds, ['claude', 'codex']);
  assert.equal(warnings.length, 2, 'each reviewer’s unanchored finding is still reported in its retro');
});

test('ids, reporters and merges do not depend on the order of reviewers or of their findings', async () => {
  const answers = [
    { reviewerId: 'claude', answer: answer([claudeOnSql, cacheFinding({ title: 'Cache grows without bound', startLine: 6, endLine: 6, snippet: '  if (cache.has(key)) return cache.get(key);' }), cacheFinding({ title: 'Query result is never validated', startLine: 8, endLine: 8, snippet: queryLine })]) },
    { reviewerId: 'codex', answer: answer([cacheFinding({ severity: 'suggestion', title: 'Cache grows without any bound', startLine: 3, endLine: 3, snippet: 'const cache = new Map<string, string>();' }), cacheFinding({ title: 'Database errors are not handled', startLine: 8, endLine: 8, snippet: queryLine })]) },
    { reviewerId: 'gemini', answer: answer([geminiOnSql, cacheFinding({ title: 'Database errors are unhandled', startLine: 8, endLine: 8, snippet: queryLine, body: 'Other words.' })]) },
  ];
  const summary = (built: Awaited<ReturnType<typeof buildFindings>>): string[] =>
    built.findings.map((finding) => {
      const reporters = finding.reporters.map((reporter) => `${reporter.reviewerId}:${reporter.severity}`).join(' ');
      const extra = finding.extraLocations.map((location) => `+${location.startLine}`).join(' ');
      const merged = built.merges.some((merge) => merge.findingId === finding.id) ? 'merged' : '';
      return [`${finding.id} ${finding.title} @${finding.anchor.startLine} [${reporters}]`, extra, merged].filter((part) => part !== '').join(' ');
    });
  const expected = summary(await buildFindings({ answers, readFileAtHead: readCache }));
  assert.deepEqual(expected, [
    'C1 The key parameter allows SQL injection @8 [claude:important gemini:critical] +7 merged',
    'I1 Cache grows without bound @6 [claude:important codex:suggestion] +3 merged',
    'I2 Query result is never validated @8 [claude:important]',
    'I3 Database errors are not handled @8 [codex:important gemini:important] merged',
  ]);
  const reversed = [...answers].reverse().map(({ reviewerId, answer: given }) => ({ reviewerId, answer: { ...given, findings: [...given.findings].reverse() } }));
  assert.deepEqual(summary(await buildFindings({ answers: reversed, readFileAtHead: readCache })), expected);
});

test('a merged finding keeps a fix another reporter offered when the most severe one gave none', async () => {
  const head = 'const limit = 10;\nfor (let i = 0; i <= limit; i++) run(i);\n';
  const finding = (severity: 'critical' | 'suggestion', withFix: boolean): ReviewerFinding => ({
    severity,
    title: 'Loop runs one time too many',
    body: 'The bound is inclusive.',
    file: 'src/loop.ts',
    startLine: 2,
    endLine: 2,
    snippet: 'for (let i = 0; i <= limit; i++) run(i);',
    fix: withFix ? { description: 'Use <.', edits: [{ file: 'src/loop.ts', original: 'i <= limit', replacement: 'i < limit' }] } : null,
    tags: [],
  });
  const answer = (item: ReviewerFinding): ReviewerAnswer => ({ summary: '', findings: [item], designObservations: [], testingAssessment: '', documentationAssessment: '' });
  const { findings, merges } = await buildFindings({
    answers: [{ reviewerId: 'claude', answer: answer(finding('critical', false)) }, { reviewerId: 'codex', answer: answer(finding('suggestion', true)) }],
    readFileAtHead: () => Promise.resolve(head),
  });
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.severity, 'critical');
  assert.equal(findings[0]!.fix?.description, 'Use <.');
  assert.deepEqual(merges.map((merge) => merge.reviewerIds), [['claude', 'codex']]);
});

test('a finding quoted with context covers the line the reviewer named; reviewers quoting other context still merge', async () => {
  const withContext = reviewerFinding({
    // Context before the named line 5, the blank line and the indentation lost as real reviewers quote.
    snippet: "import { store } from './store';\nexport function login(user: string, password: string) {\nconst token = store.issue(user);\nconsole.log(`login ${user} ${password}`);",
  });
  const other = reviewerFinding({ snippet: '  const token = store.issue(user);\n  console.log(`login ${user} ${password}`);\n  return token;', startLine: 5, endLine: 5 });
  const { findings } = await buildFindings({ answers: [{ reviewerId: 'claude', answer: answer([withContext]) }, { reviewerId: 'codex', answer: answer([other]) }], readFileAtHead: readFrom(files) });
  assert.equal(findings.length, 1, 'one problem, two reviewers');
  const [finding] = findings;
  assert.deepEqual(finding?.reporters.map((reporter) => reporter.reviewerId), ['claude', 'codex']);
  assert.equal(finding.anchor.startLine, 5);
  assert.equal(finding.anchor.endLine, 5);
});

test('a quote with one paraphrased line is placed approximately at the named line; the same quote of common code elsewhere is not located', async () => {
  const paraphrased = reviewerFinding({
    snippet: "export function login(user: string, password: string) {\n  const token = store.issueToken(user);\n  console.log(`login ${user} ${password}`);\n  return token;",
  });
  const { findings } = await buildFindings({ answers: [{ reviewerId: 'claude', answer: answer([paraphrased]) }], readFileAtHead: readFrom(files) });
  assert.deepEqual(findings[0]?.anchor, { status: 'approximate', startLine: 5, endLine: 5, quoteStartLine: 3, quoteEndLine: 6 });
  const common = reviewerFinding({ snippet: '    return token;\n}', startLine: 2, endLine: 2 });
  const { findings: commonFindings } = await buildFindings({ answers: [{ reviewerId: 'claude', answer: answer([common]) }], readFileAtHead: readFrom(files) });
  assert.equal(commonFindings[0]?.anchor.status, 'unanchored', 'common code found only with tolerance away from the named line is not believed');
});
