import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { checkReviewers } from '../../../src/engine/review/checkReviewers';
import { opencodeBin, setUpOpencode, type OpencodeHarness } from './opencodeHarness';

let harness: OpencodeHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

test('Check Reviewers finds the real opencode and its version; a local endpoint needs no account, a built-in provider names `opencode auth login`', async () => {
  harness = await setUpOpencode({ script: [] });
  const { baseUrl: _baseUrl, apiKeyEnv: _apiKeyEnv, ...builtIn } = harness.reviewer;

  const checks = await checkReviewers([harness.reviewer, { ...builtIn, id: 'cloud', model: 'anthropic/claude-sonnet-4-5' }], harness.baseEnv);

  const [local, cloud] = checks;
  assert.equal(local?.binary.path, opencodeBin);
  assert.equal(local.binary.version, '1.18.33');
  assert.equal(local.auth.status, 'ok');
  assert.match(local.auth.detail, /^OpenAI-compatible endpoint http:\/\/127\.0\.0\.1:\d+\/v1 \(key in LOCAL_LLM_KEY\); no opencode account needed\.$/);
  assert.equal(cloud?.auth.status, 'missing');
  assert.match(cloud.auth.nextStep ?? '', /^Run `opencode auth login` in a terminal and sign in to "anthropic"/);
});
