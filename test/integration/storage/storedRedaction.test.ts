import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openReviewStore } from '../../../src/engine/storage/reviewStore';
import { filesUnder, reportOf, tempRepo } from './storeTestSupport';

// A round saved by anything other than a review (the review redacts before it records), and a round stored
// before redaction existed: neither keeps or shows a secret.

const head = 'c0ffee'.padEnd(40, '0');
const token = ['gh', 'p_', 'StoredToken7Qx2Lm9Vb4Nc8Rt1Yz5Kp3Ab6Cd'].join('');

test('a round saved with a secret in its report, transcript or ledger is stored redacted', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  const report = reportOf('feature/keys', head);
  report.findings[0]!.title = `Token ${token} in the config`;

  const saved = await store.saveRound('feature/keys', {
    report,
    transcripts: { claude: `{"type":"tool_result","content":"oauth_token: ${token}"}\n` },
    reconcile: (ledger) => ({ ledger: { ...ledger, rejections: [{ round: 1, title: `Also ${token}`, path: null, reviewerIds: ['claude'], reason: 'noise' }] } }),
  });

  assert.equal(saved.report.findings[0]!.title, 'Token [REDACTED GitHub token] in the config');
  assert.deepEqual(saved.report.redactions, [{ where: 'C1 title', found: ['GitHub token'] }]);
  const branchDir = store.branchDirectory('feature/keys');
  for (const file of filesUnder(branchDir)) assert.ok(!fs.readFileSync(path.join(branchDir, file), 'utf8').includes(token), file);
  assert.equal(fs.readFileSync(path.join(saved.directory, 'transcripts', 'claude.jsonl'), 'utf8'), '{"type":"tool_result","content":"oauth_token: [REDACTED GitHub token]"}\n');
});

test('a round stored before redaction existed is shown and exported redacted', async (t) => {
  const repo = tempRepo(t);
  const store = await openReviewStore(repo.root);
  const saved = await store.saveRound('feature/keys', { report: reportOf('feature/keys', head), transcripts: {} });
  const file = path.join(saved.directory, 'report.json');
  // As an older version wrote it: the token in the stored text.
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Batch id is interpolated into SQL', `Batch id ${token}`));

  const loaded = await store.loadRound('feature/keys', saved.round);
  const latest = await store.loadLatestRound('feature/keys');

  assert.equal(loaded.findings[0]!.title, 'Batch id [REDACTED GitHub token]');
  assert.deepEqual(latest.report, loaded);
  assert.match(loaded.notes.at(-1)!, /^Secrets were redacted from this report \(GitHub token\) in: C1 title\./);
});
