import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { codexArgs } from '../../../src/engine/agents/codex/codexArgs';
import { checkCodex } from '../../../src/engine/agents/codex/codexCheck';
import { codexEnvironmentSpec } from '../../../src/engine/agents/codex/codexEnvironment';
import { runAgentProcess } from '../../../src/engine/process/runAgentProcess';
import { parseReviewers, type ReviewerConfig } from '../../../src/shared/reviewerConfig';
import { step } from '../../fixtures/modelServer/modelServer';
import { errorOf, kindOf, runCodex, scriptedKeyVariable, setUpCodex, twoFindings, type CodexHarness } from './codexHarness';

// A reviewer entry with baseUrl (and apiKeyEnv) points the real Codex CLI at any OpenAI-compatible
// Responses endpoint, here the scripted server standing in for a local model server.

let harness: CodexHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const localKeyVariable = 'LOCAL_LLM_KEY';

/** The harness, with the reviewer configured only by baseUrl/apiKeyEnv: no provider args, no OPENAI_BASE_URL. */
async function setUpEndpoint(script: Parameters<typeof setUpCodex>[0]['script'], endpoint: (serverUrl: string) => Partial<ReviewerConfig> = () => ({})): Promise<CodexHarness> {
  const base = await setUpCodex({ script });
  const entry = { id: 'local', cli: 'codex', model: 'gpt-5.5', effort: 'high', command: base.reviewer.command, baseUrl: `${base.server.url}/v1`, apiKeyEnv: localKeyVariable, ...endpoint(base.server.url) };
  // Read like a settings value: an undefined key is an absent one.
  const [reviewer] = parseReviewers(JSON.parse(JSON.stringify([entry])));
  assert.ok(reviewer);
  base.reviewer = reviewer;
  base.baseEnv = { ...without(base.baseEnv, scriptedKeyVariable, 'OPENAI_BASE_URL'), [localKeyVariable]: 'sk-local-endpoint', OPENAI_API_KEY: 'sk-openai-not-for-this-endpoint' };
  return base;
}

function without(env: NodeJS.ProcessEnv, ...names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

test('a reviewer with baseUrl completes its review against that endpoint, with the key from the variable apiKeyEnv names', async () => {
  harness = await setUpEndpoint([step.tool('exec_command', { cmd: 'git diff --no-ext-diff main...HEAD' }), step.structured(twoFindings)]);

  const { outcome } = await runCodex(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.deepEqual(outcome.answer.findings.map((finding) => finding.title), ['Discount divides by 10 instead of 100', 'Negative percentages are accepted']);
  assert.equal(harness.server.modelRequests.length, 2);
  assert.deepEqual([...new Set(harness.server.requests.map((request) => `${request.method} ${request.url}`))], ['POST /v1/responses']);
  for (const request of harness.server.modelRequests) assert.equal(request.headers.authorization, 'Bearer sk-local-endpoint');
  assert.equal((harness.server.modelRequests[0]?.body as { model?: unknown }).model, 'gpt-5.5');
});

test('without apiKeyEnv no key is sent, not even OPENAI_API_KEY from the environment', async () => {
  harness = await setUpEndpoint([step.structured(twoFindings)], () => ({ apiKeyEnv: undefined }));

  const { outcome } = await runCodex(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.equal(harness.server.modelRequests.length, 1);
  assert.equal(harness.server.modelRequests[0]?.headers.authorization, undefined);
});

test('an apiKeyEnv variable that is not set fails as auth, names the variable and sends nothing', async () => {
  harness = await setUpEndpoint([step.structured(twoFindings)]);
  harness.baseEnv = without(harness.baseEnv, localKeyVariable);

  const { outcome } = await runCodex(harness);

  assert.equal(kindOf(outcome), 'auth');
  assert.match(errorOf(outcome), /^Authentication failed: LOCAL_LLM_KEY is not set\. It is this reviewer's apiKeyEnv/);
  assert.equal(harness.server.modelRequests.length, 0);
});

test('a baseUrl where no server listens fails as a network error naming the URL, after the allowed network waits', async () => {
  harness = await setUpEndpoint([]);
  await harness.server.close();

  const { outcome } = await runCodex(harness, { timeoutMs: 60_000, runner: { maxNetworkWaits: 1 } });

  assert.equal(kindOf(outcome), 'network');
  assert.match(errorOf(outcome), new RegExp(`^Codex could not connect to the model API at ${harness.server.url}/v1 and was stopped: .*that a server answers at this reviewer's baseUrl`));
});

test('a baseUrl with the wrong path fails with a 404 that says how Codex builds the URL', async () => {
  // The scripted server answers 404 outside /v1/responses, as a server without the Responses API would.
  harness = await setUpEndpoint([step.structured(twoFindings)], (serverUrl) => ({ baseUrl: `${serverUrl}/api`, args: ['-c', 'model_providers.deep-review-endpoint.request_max_retries=0'] }));

  const { outcome } = await runCodex(harness);

  assert.equal(outcome.status, 'failed');
  assert.equal(kindOf(outcome), 'other');
  assert.match(errorOf(outcome), /^The model endpoint answered HTTP 404 \(not found\)\. Check this reviewer's baseUrl: Codex sends POST <baseUrl>\/responses/);
  assert.equal(harness.server.requests[0]?.url, '/api/responses');
});

test('Check Reviewers reports the endpoint and where its key comes from, without `codex login`', async () => {
  harness = await setUpEndpoint([]);

  const check = await checkCodex(harness.reviewer, harness.baseEnv);

  assert.equal(check.binary.error, null);
  assert.deepEqual(check.auth, { status: 'ok', detail: `Endpoint ${harness.server.url}/v1 (baseUrl), key from LOCAL_LLM_KEY.`, nextStep: null });
  const missing = await checkCodex(harness.reviewer, without(harness.baseEnv, localKeyVariable));
  assert.equal(missing.auth.status, 'missing');
  assert.match(missing.auth.detail, /LOCAL_LLM_KEY, which is not set/);
});

test('the provider options a baseUrl becomes are known to this Codex version (--strict-config accepts them)', async () => {
  harness = await setUpEndpoint([step.text('{}')]);
  const args = codexArgs({ reviewer: harness.reviewer, worktree: harness.worktree.path, schemaFile: '/dev/null', lastMessageFile: '/dev/null' });
  args.splice(args.indexOf('--'), 0, '--strict-config');
  args.splice(args.indexOf('--output-schema'), 2);

  const ended = await runAgentProcess({
    command: harness.reviewer.command ?? 'codex',
    args,
    stdin: 'hi',
    cwd: harness.worktree.path,
    env: { ...agentEnvironment(harness.baseEnv, codexEnvironmentSpec), [localKeyVariable]: 'sk-local-endpoint' },
    timeoutMs: 20_000,
    signal: new AbortController().signal,
    onStdoutLine: () => undefined,
    notFoundHint: '',
  });

  assert.equal(ended.exitCode, 0, ended.stderrTail);
  assert.equal(harness.server.modelRequests[0]?.url, '/v1/responses');
});
