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

test('numbers findings by severity, then by path and line, keeping every reviewer’s findings', async () => {
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
  assert.deepEqual(
    findings.map((finding) => [finding.id, finding.title, finding.reporters[0]?.reviewerId]),
    [
      ['C1', 'Secrets in logs', 'codex'],
      ['I1', 'Login has no rate limit', 'codex'],
      ['I2', 'Password is written to the log', 'claude'],
      ['I3', 'Token is predictable', 'claude'],
      ['S1', 'Name the token type', 'claude'],
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
