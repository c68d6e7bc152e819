import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claudeEnvironmentSpec } from '../../../src/engine/agents/claude/claudeEnvironment';
import { codexReviewerEnvironment } from '../../../src/engine/agents/codex/codexEnvironment';
import { geminiEnvironmentSpec } from '../../../src/engine/agents/gemini/geminiEnvironment';
import { ReviewError } from '../../../src/engine/errors';
import { othersKeyPrefixes } from '../../../src/shared/apiKeyEnv';
import { runReview } from '../../../src/engine/review/runReview';
import { describeConfigError, parseConsolidator, parseReviewers, type ReviewerConfig } from '../../../src/shared/reviewerConfig';

const codex = { id: 'local', cli: 'codex', model: 'qwen3-coder', effort: 'high' };

function problemOf(entry: Record<string, unknown>): string {
  try {
    parseReviewers([entry]);
  } catch (error) {
    return describeConfigError(error);
  }
  return 'accepted';
}

test('a Codex reviewer takes an https endpoint, or plain http to this machine, with the variable holding its key', () => {
  for (const baseUrl of ['https://llm.example.com/v1', 'http://127.0.0.1:8000/v1', 'http://localhost:11434/v1', 'http://[::1]:8080/v1']) {
    const [reviewer] = parseReviewers([{ ...codex, baseUrl, apiKeyEnv: 'LOCAL_LLM_KEY' }]);
    assert.ok(reviewer);
    assert.equal(reviewer.baseUrl, baseUrl);
    assert.equal(reviewer.apiKeyEnv, 'LOCAL_LLM_KEY');
  }
  const [keyless] = parseReviewers([{ ...codex, baseUrl: 'http://localhost:8000/v1' }]);
  assert.ok(keyless);
  assert.equal(keyless.apiKeyEnv, undefined, 'no key by default');
});

test('an endpoint that is not a URL, plain http to another host, or another scheme is refused with what to write instead', () => {
  assert.match(problemOf({ ...codex, baseUrl: 'localhost:8000' }), /baseUrl "localhost:8000": .*only https/);
  assert.match(problemOf({ ...codex, baseUrl: 'llm.example.com/v1' }), /baseUrl "llm.example.com\/v1": not a URL; write it like https:\/\/llm.example.com\/v1/);
  assert.match(problemOf({ ...codex, baseUrl: 'http://192.168.1.20:8000/v1' }), /plain http is allowed only to localhost, 127.0.0.1 or \[::1\]; use https for other hosts/);
  assert.match(problemOf({ ...codex, baseUrl: 'ftp://llm.example.com/v1' }), /only https \(or http to localhost\) is supported/);
  assert.match(problemOf({ ...codex, baseUrl: 'https://me:sk-123@llm.example.com/v1' }), /must not contain a user name or password; put the API key in an environment variable and name it in apiKeyEnv/);
  assert.match(problemOf({ ...codex, baseUrl: 'https://llm.example.com/v1?key=1' }), /must not have a query or fragment/);
  assert.match(problemOf({ ...codex, baseUrl: 'https://llm.example.com/v1', apiKeyEnv: 'MY-KEY' }), /an environment variable name/);
});

test('baseUrl on a Claude Code or Gemini CLI reviewer, or apiKeyEnv without baseUrl, is a config error', () => {
  assert.equal(
    problemOf({ id: 'claude', cli: 'claude', model: 'opus', effort: 'high', baseUrl: 'https://llm.example.com/v1' }),
    'Reviewer "claude" sets baseUrl, which only Codex and opencode reviewers support (Claude Code keeps its own endpoint). Use "cli": "codex" (Responses API) or "cli": "opencode" (Chat Completions) for an OpenAI-compatible endpoint, or remove baseUrl.',
  );
  assert.match(problemOf({ id: 'gemini', cli: 'gemini', model: 'pro', effort: 'high', baseUrl: 'https://llm.example.com/v1' }), /only Codex and opencode reviewers support \(Gemini CLI/);
  assert.match(problemOf({ ...codex, apiKeyEnv: 'LOCAL_LLM_KEY' }), /^Reviewer "local" sets apiKeyEnv without baseUrl/);
  assert.throws(() => parseConsolidator({ cli: 'claude', model: 'opus', effort: 'high', baseUrl: 'https://llm.example.com/v1' }), /^Error: deepReview.consolidator sets baseUrl, which only Codex and opencode reviewers support/);
  assert.equal(parseConsolidator({ cli: 'codex', model: 'gpt-5.5', effort: 'high', baseUrl: 'http://127.0.0.1:8000/v1' }).baseUrl, 'http://127.0.0.1:8000/v1');
  assert.equal(problemOf({ id: 'local', cli: 'opencode', model: 'qwen3-coder', effort: 'high', baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: 'LOCAL_LLM_KEY' }), 'accepted');
});

test('a review refuses a Claude Code reviewer with baseUrl that reached the engine without the settings parser', async () => {
  const reviewer: ReviewerConfig = { id: 'claude', cli: 'claude', model: 'opus', effort: 'high', enabled: true, baseUrl: 'https://llm.example.com/v1' };

  await assert.rejects(runReview({ cwd: '/nonexistent', reviewers: [reviewer], signal: new AbortController().signal, recordRounds: false }), (error: unknown) => {
    assert.ok(error instanceof ReviewError);
    assert.equal(error.code, 'invalid-config');
    assert.match(error.message, /only Codex and opencode reviewers support/);
    return true;
  });
});

test('apiKeyEnv never names a variable another reviewer, gh or git uses; Codex’s OpenAI key goes to OpenAI only', () => {
  const listener = 'https://listener.example/v1';
  for (const apiKeyEnv of ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_APPLICATION_CREDENTIALS', 'AWS_SECRET_ACCESS_KEY', 'GH_TOKEN', 'GITHUB_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GIT_ASKPASS', 'gh_token']) {
    assert.match(problemOf({ ...codex, baseUrl: listener, apiKeyEnv }), /that another reviewer, gh or git uses; that secret must not go to this endpoint/, apiKeyEnv);
  }
  for (const apiKeyEnv of ['OPENAI_API_KEY', 'CODEX_API_KEY']) {
    assert.match(problemOf({ ...codex, baseUrl: listener, apiKeyEnv }), /is Codex's OpenAI key, which goes to api.openai.com only/, apiKeyEnv);
    assert.equal(problemOf({ ...codex, baseUrl: 'https://api.openai.com/v1', apiKeyEnv }), 'accepted');
  }
  for (const apiKeyEnv of ['LOCAL_LLM_KEY', 'CODEX_CORP_KEY', 'OPENROUTER_API_KEY']) assert.equal(problemOf({ ...codex, baseUrl: listener, apiKeyEnv }), 'accepted', apiKeyEnv);
  assert.throws(() => parseConsolidator({ cli: 'codex', model: 'm', effort: 'high', baseUrl: listener, apiKeyEnv: 'GH_TOKEN' }), /^Error: deepReview.consolidator: apiKeyEnv "GH_TOKEN"/);
});

test('the reviewer environment never carries a refused apiKeyEnv, also when the settings parser was skipped', () => {
  const base = { PATH: '/bin', ANTHROPIC_API_KEY: 'sk-ant', GH_TOKEN: 'ghp', LOCAL_LLM_KEY: 'sk-local' };
  const listener = 'https://listener.example/v1';
  assert.equal(codexReviewerEnvironment(base, { baseUrl: listener, apiKeyEnv: 'LOCAL_LLM_KEY' }).LOCAL_LLM_KEY, 'sk-local', 'control: the named key reaches Codex');
  for (const apiKeyEnv of ['ANTHROPIC_API_KEY', 'GH_TOKEN']) {
    const env = codexReviewerEnvironment(base, { baseUrl: listener, apiKeyEnv });
    assert.ok(!(apiKeyEnv in env), apiKeyEnv);
  }
});

test('every prefix the Claude Code and Gemini CLI environments pass on is refused as apiKeyEnv', () => {
  for (const prefix of [...claudeEnvironmentSpec.vendorPrefixes, ...geminiEnvironmentSpec.vendorPrefixes]) {
    assert.ok(othersKeyPrefixes.some((refused) => prefix.startsWith(refused)), `${prefix} is refused as apiKeyEnv`);
  }
});
