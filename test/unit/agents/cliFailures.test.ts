import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AgentFailureKind, AgentRunOutcome } from '../../../src/engine/agents/agentRunner';
import { claudeOutcome } from '../../../src/engine/agents/claude/claudeOutcome';
import { ClaudeStreamParser } from '../../../src/engine/agents/claude/claudeStream';
import { codexOutcome } from '../../../src/engine/agents/codex/codexOutcome';
import { codexProviderFromArgs } from '../../../src/engine/agents/codex/codexProvider';
import { CodexStreamParser } from '../../../src/engine/agents/codex/codexStream';
import { geminiOutcome } from '../../../src/engine/agents/gemini/geminiOutcome';
import { GeminiStreamParser } from '../../../src/engine/agents/gemini/geminiStream';
import { reviewerAnswerContract } from '../../../src/engine/agents/reviewerAnswerContract';
import { reviewerProblem } from '../../../src/engine/agents/reviewerProblem';
import type { AgentProcessResult } from '../../../src/engine/process/runAgentProcess';
import type { ReviewerProblemCategory } from '../../../src/shared/reviewerProblem';
import { capturedFailureSchema, type CapturedFailure } from '../../fixtures/cliFailureCases';

// Fixtures: stdout, stderr and exit code of the real pinned CLIs failing against the scripted model
// servers (captured by test/fixtures/captureCliFailures.ts).
const fixtureDir = path.join(__dirname, 'fixtures', 'failures');
const worktree = '/tmp/deep-review-FIXTURE';
const models = { claude: 'claude-test-model', codex: 'gpt-5.5', gemini: 'gemini-2.5-pro' } as const;
const scriptedProvider = codexProviderFromArgs(['-c', 'model_provider="scripted"', '-c', 'model_providers.scripted.env_key="CODEX_SCRIPTED_API_KEY"']);
const builtInProvider = codexProviderFromArgs([]);

function load(cli: string, name: string): CapturedFailure {
  return capturedFailureSchema.parse(JSON.parse(fs.readFileSync(path.join(fixtureDir, cli, `${name}.json`), 'utf8')));
}

function ended(captured: CapturedFailure): AgentProcessResult {
  return { exitCode: captured.exitCode, signal: null, timedOut: false, cancelled: false, stderrTail: captured.stderr, pid: 1 };
}

function outcomeOf(captured: CapturedFailure): AgentRunOutcome {
  const lines = captured.stdout.split('\n');
  const common = { process: ended(captured), timeoutMs: 60_000, transcript: captured.stdout, durationMs: captured.durationMs };
  if (captured.cli === 'claude') {
    const parser = new ClaudeStreamParser(worktree);
    for (const line of lines) parser.push(line);
    return claudeOutcome({ ...common, parser }, reviewerAnswerContract());
  }
  if (captured.cli === 'codex') {
    const parser = new CodexStreamParser();
    for (const line of lines) parser.push(line);
    const noCredentials = captured.case === 'no-credentials';
    // The built-in provider with neither a login nor CODEX_API_KEY, as the runner sees it; the others sign in with the scripted key.
    return codexOutcome(
      { ...common, parser, lastMessage: null, stoppedWaitingForNetwork: false, provider: noCredentials ? builtInProvider : scriptedProvider, signedIn: noCredentials ? false : null },
      reviewerAnswerContract(),
    );
  }
  const parser = new GeminiStreamParser(worktree);
  for (const line of lines) parser.push(line);
  return geminiOutcome({ ...common, parser, warnings: [] }, reviewerAnswerContract());
}

function failed(outcome: AgentRunOutcome): { kind: AgentFailureKind; error: string } {
  if (outcome.status !== 'failed') assert.fail(`expected a failed run, got ${outcome.status}`);
  return outcome;
}

const expected: Record<string, { kind: AgentFailureKind; category: ReviewerProblemCategory; summary: RegExp }> = {
  'http-401': { kind: 'auth', category: 'auth', summary: /not signed in or its key was rejected \(HTTP 401\)/ },
  'http-403': { kind: 'auth', category: 'auth', summary: /not signed in or its key was rejected \(HTTP 403\)/ },
  'http-429': { kind: 'rate-limit', category: 'quota', summary: /usage or rate limit reached/ },
  'model-not-found': { kind: 'model-not-found', category: 'model-not-found', summary: /model "[^"]+" not found/ },
  'http-500': { kind: 'service', category: 'other', summary: /model service failed/ },
  'no-credentials': { kind: 'auth', category: 'auth', summary: /not signed in/ },
};

const signInStep = { claude: /run `claude`, then \/login/, codex: /run `codex login` or set CODEX_API_KEY/, gemini: /run `gemini` and sign in, or set GEMINI_API_KEY/ } as const;

for (const cli of ['claude', 'codex', 'gemini'] as const) {
  for (const [name, want] of Object.entries(expected)) {
    test(`${cli}, ${name}: classified as ${want.category}, one short line without paths, details kept`, () => {
      const captured = load(cli, name);
      const outcome = failed(outcomeOf(captured));
      assert.equal(outcome.kind, want.kind, outcome.error);

      const problem = reviewerProblem({ id: cli, cli, model: models[cli] }, outcome.kind, outcome.error);
      assert.equal(problem.category, want.category);
      assert.match(problem.summary, new RegExp(`^${cli}: `));
      assert.match(problem.summary, want.summary);
      if (want.category === 'auth') assert.match(problem.summary, signInStep[cli]);
      assert.ok(!problem.summary.includes('\n') && problem.summary.length <= 120, `one short line: ${problem.summary}`);
      for (const text of [problem.summary, problem.detail]) assert.doesNotMatch(text, /\/tmp\/|\/var\/tmp\//, 'no path to a temporary file');
      assert.equal(problem.detail, outcome.error);
    });
  }
}

test('codex with no credentials is not blamed on the network, even when it was stopped waiting for the network', () => {
  const captured = load('codex', 'no-credentials');
  const parser = new CodexStreamParser();
  for (const line of captured.stdout.split('\n')) parser.push(line);
  const facts = { process: { ...ended(captured), exitCode: null, signal: 'SIGTERM' as const }, parser, timeoutMs: 60_000, transcript: '', durationMs: 59_000, lastMessage: null, stoppedWaitingForNetwork: true, provider: builtInProvider };

  const signedOut = failed(codexOutcome({ ...facts, signedIn: false }, reviewerAnswerContract()));
  const signedIn = failed(codexOutcome({ ...facts, signedIn: true }, reviewerAnswerContract()));

  assert.equal(signedOut.kind, 'auth');
  assert.match(signedOut.error, /^Codex is not signed in: there is no `codex login` and CODEX_API_KEY is not set\./);
  assert.equal(signedIn.kind, 'network', 'a signed-in run that cannot connect is a network problem');
});

test('gemini with no sign-in method: the message does not send the user to the settings file of its deleted private home', () => {
  const captured = load('gemini', 'no-auth-method');
  assert.match(captured.stderr, /\/tmp\/deep-review-gemini-FIXTURE\/\.gemini\/settings\.json/, 'the control: Gemini CLI names that file');

  const outcome = failed(outcomeOf(captured));
  const problem = reviewerProblem({ id: 'gemini', cli: 'gemini', model: models.gemini }, outcome.kind, outcome.error);

  assert.equal(problem.category, 'auth');
  assert.doesNotMatch(outcome.error, /settings\.json|\/tmp\//);
  assert.match(outcome.error, /GEMINI_API_KEY/);
});

test('a CLI error quoted from stderr names a temporary file as deleted rather than showing its path', () => {
  const captured = load('gemini', 'http-401');
  const outcome = failed(outcomeOf({ ...captured, stdout: '', exitCode: 1 }));

  assert.equal(outcome.kind, 'crash');
  assert.match(captured.stderr, /Full report available at: \/tmp\/deep-review-FIXTURE\/deep-review-gemini-/, 'the control: Gemini CLI names its report file');
  assert.doesNotMatch(outcome.error, /deep-review-gemini-/);
});
