import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claudeInstallHint, claudeLoginStep } from '../../../src/engine/agents/claude/claudeCheck';
import { codexLoginStep } from '../../../src/engine/agents/codex/codexOutcome';
import { geminiInstallHint } from '../../../src/engine/agents/gemini/geminiCheck';
import type { ReviewerCheck } from '../../../src/shared/reviewerCheck';
import type { AgentCli } from '../../../src/shared/reviewerConfig';
import { actionLabel, planReadiness, readinessActions, readinessOf, readinessSummary } from '../../../src/shared/reviewerReadiness';

// The checks below carry the engine's own next steps (claudeLoginStep, …), as the language server sends them.

function check(cli: AgentCli, binary: Partial<ReviewerCheck['binary']>, auth: Partial<ReviewerCheck['auth']> = {}): ReviewerCheck {
  return {
    reviewerId: cli,
    cli,
    model: 'm',
    binary: { command: cli, path: `/usr/bin/${cli}`, version: '1.0.0', error: null, ...binary },
    auth: { status: 'ok', detail: 'Authenticated.', nextStep: null, ...auth },
  };
}

const notInstalled = (cli: AgentCli, hint: string): ReviewerCheck =>
  check(cli, { path: null, version: null, error: `\`${cli}\` was not found on PATH. ${hint}` }, { status: 'unknown', detail: 'Not checked: the CLI was not found.' });

test('a CLI not on PATH is "not installed", fixed by installing it (or pointing the settings at it)', () => {
  const readiness = readinessOf(notInstalled('gemini', geminiInstallHint));
  assert.equal(readiness.ready, false);
  assert.equal(readiness.state, 'Gemini CLI is not installed');
  assert.deepEqual(readiness.actions, [{ kind: 'install', cli: 'gemini' }, { kind: 'open-settings' }]);
  assert.match(readiness.nextStep ?? '', /npm install -g @google\/gemini-cli/);
});

test('a missing sign-in is "not signed in", fixed by the CLI\'s own login or a stored key; the next step is whole', () => {
  const readiness = readinessOf(check('codex', {}, { status: 'missing', detail: 'Codex is not logged in and CODEX_API_KEY is not set.', nextStep: codexLoginStep }));
  assert.equal(readiness.state, 'Codex is not signed in');
  assert.deepEqual(readiness.actions, [{ kind: 'sign-in', cli: 'codex' }, { kind: 'set-api-key', cli: 'codex' }]);
  assert.equal(readiness.nextStep, `Codex is not logged in and CODEX_API_KEY is not set. ${codexLoginStep}`);
});

test('a custom endpoint without its key is a setting, not a login', () => {
  const readiness = readinessOf(check('codex', {}, { status: 'missing', detail: 'Endpoint http://x (baseUrl) reads its key from LOCAL_KEY, which is not set.', nextStep: 'Set LOCAL_KEY in the environment VS Code starts from.' }));
  assert.deepEqual(readiness.actions, [{ kind: 'open-settings' }]);
});

test('refused reviewer args are a setting to fix, not an install', () => {
  const readiness = readinessOf(check('claude', { path: null, error: 'claude: args "--dangerously-skip-permissions" are refused.' }, { status: 'unknown', detail: 'Not checked.' }));
  assert.equal(readiness.state, 'its settings are refused');
  assert.deepEqual(readiness.actions, [{ kind: 'open-settings' }]);
});

test('a sign-in the check cannot see (unknown) does not keep the reviewer out', () => {
  assert.equal(readinessOf(check('gemini', {}, { status: 'unknown', detail: 'keychain' })).ready, true);
  assert.equal(readinessOf(check('claude', {})).state, 'ready');
});

test('the plan splits ready from left-out reviewers; the summary names each one\'s state on one line', () => {
  const plan = planReadiness([
    check('claude', {}),
    check('codex', {}, { status: 'missing', detail: 'Codex is not logged in.', nextStep: codexLoginStep }),
    notInstalled('gemini', geminiInstallHint),
  ]);
  assert.deepEqual(plan.ready.map((entry) => entry.reviewerId), ['claude']);
  assert.equal(readinessSummary(plan.leftOut), 'codex: Codex is not signed in; gemini: Gemini CLI is not installed');
});

test('the buttons: each fix once, one "Set API key…" for every CLI, settings last', () => {
  const plan = planReadiness([
    notInstalled('claude', claudeInstallHint),
    check('codex', {}, { status: 'missing', detail: 'x', nextStep: codexLoginStep }),
    { ...check('claude', {}, { status: 'missing', detail: 'x', nextStep: claudeLoginStep }), reviewerId: 'consolidator' },
  ]);
  assert.deepEqual(readinessActions(plan.leftOut).map(actionLabel), ['Install Claude Code…', 'Sign in to Codex', 'Set API key…', 'Sign in to Claude Code', 'Open Settings']);
});
