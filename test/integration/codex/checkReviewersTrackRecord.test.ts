import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { checkReviewers } from '../../../src/engine/review/checkReviewers';
import { openReviewStore } from '../../../src/engine/storage/reviewStore';
import { emptyLedger } from '../../../src/shared/ledgerModel';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';
import { TempRepo } from '../../fixtures/gitRepo';
import { defaultRunners } from '../../../src/engine/review/runnerRegistry';
import { findingIn, reconcile } from '../../unit/storage/ledgerFixtures';
import { codexBin } from './codexHarness';

// "Check Reviewers" with the real Codex CLI, given a repository whose history under .git holds a ledger.

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const dispose of cleanup.splice(0)) dispose();
});

const files = { 'src/session.ts': 'export function renew(id: string) {\n  return store.touch(id);\n}\n' };
const reviewers: ReviewerConfig[] = [
  { id: 'local', cli: 'codex', model: 'gpt-5.5', effort: 'high', enabled: true, command: codexBin, baseUrl: 'http://127.0.0.1:8000/v1' },
  { id: 'fresh', cli: 'codex', model: 'gpt-5.5', effort: 'high', enabled: true, command: codexBin, baseUrl: 'http://127.0.0.1:8000/v1' },
];

function baseEnv(): NodeJS.ProcessEnv {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-check-home-'));
  cleanup.push(() => {
    fs.rmSync(home, { recursive: true, force: true });
  });
  return { PATH: process.env.PATH, HOME: home, CODEX_HOME: home };
}

test('given the repository, each check carries the reviewer’s track record there, or null when it has none', async () => {
  const repo = TempRepo.create(files);
  cleanup.push(() => {
    repo.remove();
  });
  const renew = findingIn(files, { id: 'I1', title: 'renew does not check the session exists', path: 'src/session.ts', snippet: 'return store.touch(id);', reviewers: ['local'] });
  const { ledger } = await reconcile(emptyLedger('feature/session'), 1, files, [renew], [{ title: 'Unused import', path: null, reviewerIds: ['local'], reason: 'There is no import.' }]);
  await (await openReviewStore(repo.root)).saveLedger('feature/session', ledger);

  const checks = await checkReviewers(reviewers, baseEnv(), defaultRunners(), { repoPath: repo.root });

  assert.deepEqual(checks.map((check) => [check.reviewerId, check.binary.error, check.auth.status]), [['local', null, 'ok'], ['fresh', null, 'ok']]);
  assert.deepEqual(checks.map((check) => check.track), [{ reviewerId: 'local', cli: 'codex', model: 'gpt-5.5', kept: 1, open: 1, fixed: 0, declined: 0, regressed: 0, rejected: 1, rounds: 1 }, null]);
});

test('without a repository, or outside one, the checks have no track record and still run', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-not-a-repo-'));
  cleanup.push(() => {
    fs.rmSync(outside, { recursive: true, force: true });
  });

  for (const options of [{}, { repoPath: outside }]) {
    const [check] = await checkReviewers(reviewers.slice(0, 1), baseEnv(), defaultRunners(), options);
    assert.ok(check);
    assert.equal(check.auth.status, 'ok');
    assert.ok(!('track' in check));
  }
});
