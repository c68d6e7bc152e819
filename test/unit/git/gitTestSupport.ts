import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { ReviewError, type ReviewErrorCode } from '../../../src/engine/errors';
import { TempRepo } from '../../fixtures/gitRepo';

/** A TempRepo removed when the test ends. */
export function tempRepo(t: TestContext, files?: Record<string, string | Buffer>): TempRepo {
  const repo = TempRepo.create(files);
  t.after(() => {
    repo.remove();
  });
  return repo;
}

/** A temp folder removed when the test ends. */
export function tempDir(t: TestContext, prefix = 'deep-review-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  t.after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Checks out `feature` from main and commits `app.ts` then `lib.ts` on it; returns the two commit hashes. */
export function addFeatureBranch(repo: TempRepo, name = 'feature'): [string, string] {
  repo.branch(name);
  repo.write({ 'src/app.ts': 'export const answer = 42;\n' });
  const first = repo.commitAll('add app');
  repo.write({ 'src/lib.ts': 'export function twice(n: number): number {\n  return n * 2;\n}\n', 'README.md': '# sample\nmore\n' });
  const second = repo.commitAll('add lib\n\nDoubles numbers.\nNo overflow check yet.');
  return [first, second];
}

/** A bare clone of `repo` registered as its `origin`, with remote-tracking branches fetched. */
export function addOrigin(t: TestContext, repo: TempRepo): string {
  const bare = path.join(tempDir(t, 'deep-review-origin-'), 'origin.git');
  runGit(repo.root, 'clone', '-q', '--bare', repo.root, bare);
  repo.git('remote', 'add', 'origin', bare);
  repo.git('fetch', '-q', 'origin');
  return bare;
}

/** git with the user's environment, for test set-up and inspection (never the code under test). */
export function runGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

/** Awaits `promise`, asserts it fails with a ReviewError of `code`, and returns the error. */
export async function expectReviewError(promise: Promise<unknown>, code: ReviewErrorCode): Promise<ReviewError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ReviewError, `expected a ReviewError, got ${String(error)}`);
    assert.equal(error.code, code, error.userMessage);
    assert.ok(error.hint, 'a ReviewError for the user carries a hint');
    return error;
  }
  assert.fail(`expected a ReviewError '${code}', but the call succeeded`);
}
