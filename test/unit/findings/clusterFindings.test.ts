import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterFindings, type ClusterCandidate } from '../../../src/engine/findings/clusterFindings';

const logLine = '  console.log(`login ${user} ${password}`);';

function candidate(overrides: Partial<ClusterCandidate>): ClusterCandidate {
  return {
    reviewerId: 'claude',
    severity: 'important',
    path: 'src/session.ts',
    startLine: 5,
    endLine: 5,
    anchored: true,
    title: 'Password is written to the log',
    snippet: logLine,
    body: 'The password reaches every log sink.',
    ...overrides,
  };
}

/** Each cluster as the titles of its members, prefixed by their reviewer. */
function describe(clusters: ClusterCandidate[][]): string[][] {
  return clusters.map((cluster) => cluster.map((item) => `${item.reviewerId}: ${item.title}`));
}

test('findings of two reviewers with the same words in another order, on overlapping lines, are one cluster', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'claude', title: 'Unbounded cache growth', snippet: 'cache.set(key, value);', startLine: 9, endLine: 10 }),
    candidate({ reviewerId: 'codex', title: 'The cache growth is unbounded!', snippet: 'const cache = new Map();', startLine: 10, endLine: 10 }),
  ]);
  assert.deepEqual(describe(clusters), [['claude: Unbounded cache growth', 'codex: The cache growth is unbounded!']]);
});

test('titles sharing half their words (Jaccard 0.5) merge; a third of their words do not', () => {
  const half = clusterFindings([
    candidate({ reviewerId: 'claude', title: 'Token leaks into logs', snippet: 'a' }),
    candidate({ reviewerId: 'gemini', title: 'Token leaks to stdout', snippet: 'b' }),
  ]);
  assert.equal(half.length, 1);
  const third = clusterFindings([
    candidate({ reviewerId: 'claude', title: 'Token leaks into logs', snippet: 'a' }),
    candidate({ reviewerId: 'gemini', title: 'Token expiry never checked', snippet: 'b' }),
  ]);
  assert.equal(third.length, 2);
});

test('a short title whose words are all in the longer one merges, plural or not', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'claude', title: 'Passwords logged', snippet: 'a' }),
    candidate({ reviewerId: 'gemini', title: 'Password logged in plain text on every login', snippet: 'b' }),
  ]);
  assert.equal(clusters.length, 1);
});

test('the same quoted code merges differently worded titles that share a word', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'claude', title: 'Password is written to the log' }),
    candidate({ reviewerId: 'codex', title: 'Secrets in logs' }),
  ]);
  assert.equal(clusters.length, 1);
});

test('a snippet contained in another, longer one counts as the same code', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'claude', title: 'Password is written to the log', startLine: 4, endLine: 6, snippet: `  const token = store.issue(user);\n${logLine}\n  return token;` }),
    candidate({ reviewerId: 'codex', title: 'Secrets in logs', snippet: `\t${logLine.trim()}` }),
  ]);
  assert.equal(clusters.length, 1);
});

test('different concerns on the same line, quoting the same code, stay apart', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'claude', title: 'Password is written to the log' }),
    candidate({ reviewerId: 'gemini', title: 'Login has no rate limit' }),
  ]);
  assert.deepEqual(describe(clusters), [['claude: Password is written to the log'], ['gemini: Login has no rate limit']]);
});

test('one reviewer’s two findings at the same line stay two, even with the same title', () => {
  const clusters = clusterFindings([candidate({ body: 'First.' }), candidate({ body: 'Second.' })]);
  assert.equal(clusters.length, 2);
});

test('a reviewer’s two findings do not end up together through a third reviewer; the closer one joins it', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'claude', title: 'Password is logged', startLine: 7, endLine: 7, snippet: 'log(password);' }),
    candidate({ reviewerId: 'claude', title: 'Password is logged' }),
    candidate({ reviewerId: 'gemini', title: 'Password is logged' }),
  ]);
  assert.deepEqual(
    clusters.map((cluster) => cluster.map((item) => `${item.reviewerId}@${item.startLine}`)),
    [['claude@5', 'gemini@5'], ['claude@7']],
  );
});

test('findings in different files never merge', () => {
  const clusters = clusterFindings([candidate({ reviewerId: 'claude' }), candidate({ reviewerId: 'codex', path: 'src/session.test.ts' })]);
  assert.equal(clusters.length, 2);
});

test('ranges within 3 lines of each other merge; 4 lines apart they do not', () => {
  const near = clusterFindings([candidate({ reviewerId: 'claude', startLine: 5, endLine: 6 }), candidate({ reviewerId: 'codex', startLine: 9, endLine: 9, snippet: 'other' })]);
  assert.equal(near.length, 1);
  const far = clusterFindings([candidate({ reviewerId: 'claude', startLine: 5, endLine: 6 }), candidate({ reviewerId: 'codex', startLine: 10, endLine: 12, snippet: 'other' })]);
  assert.equal(far.length, 2);
});

test('three reviewers on one problem make one cluster', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'gemini', title: 'Password written to logs in plain text', startLine: 6, endLine: 6, snippet: 'logger.info(password)' }),
    candidate({ reviewerId: 'codex', title: 'Secrets in logs' }),
    candidate({ reviewerId: 'claude', title: 'Password is written to the log' }),
  ]);
  assert.deepEqual(
    clusters.map((cluster) => cluster.map((item) => item.reviewerId)),
    [['claude', 'codex', 'gemini']],
  );
});

test('unanchored findings merge on the same file and title, wherever their reviewers put them', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'claude', anchored: false, startLine: 40, endLine: 41, snippet: 'gone()' }),
    candidate({ reviewerId: 'codex', anchored: false, startLine: 90, endLine: 90, title: 'Password is written to the LOG.', snippet: 'also gone()' }),
  ]);
  assert.equal(clusters.length, 1);
});

test('an unanchored finding does not merge on a merely similar title next to another finding', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'claude', title: 'Password is written to the log' }),
    candidate({ reviewerId: 'codex', anchored: false, title: 'Password written to the log file', snippet: 'logger.write(password)' }),
  ]);
  assert.equal(clusters.length, 2);
});

test('unanchored findings with the same snippet merge when their titles share a word', () => {
  const clusters = clusterFindings([
    candidate({ reviewerId: 'claude', anchored: false, snippet: 'removed(line);' }),
    candidate({ reviewerId: 'codex', anchored: false, title: 'Secrets in logs', snippet: '  removed(line);\n' }),
    candidate({ reviewerId: 'gemini', anchored: false, title: 'Missing rate limit', snippet: 'removed(line);' }),
  ]);
  assert.deepEqual(
    clusters.map((cluster) => cluster.map((item) => item.reviewerId)),
    [['claude', 'codex'], ['gemini']],
  );
});

test('the clusters do not depend on the order of the input', () => {
  const items = [
    candidate({ reviewerId: 'claude', title: 'Password is logged', startLine: 7, endLine: 7, snippet: 'log(password);' }),
    candidate({ reviewerId: 'claude', title: 'Password is logged' }),
    candidate({ reviewerId: 'gemini', title: 'Password is logged', startLine: 6, endLine: 6 }),
    candidate({ reviewerId: 'codex', title: 'Secrets in logs' }),
    candidate({ reviewerId: 'codex', title: 'Login has no rate limit', startLine: 3, endLine: 3, snippet: 'export function login(' }),
    candidate({ reviewerId: 'gemini', title: 'No rate limit on login', startLine: 3, endLine: 4, snippet: 'export function login(' }),
    candidate({ reviewerId: 'claude', title: 'Password is logged', path: 'src/other.ts' }),
  ];
  const expected = clusterFindings(items);
  assert.equal(expected.length, 5);
  for (let seed = 1; seed <= 20; seed += 1) {
    assert.deepEqual(clusterFindings(shuffled(items, seed)), expected, `seed ${seed}`);
  }
});

/** A deterministic shuffle (Fisher–Yates over a small linear congruential generator). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
