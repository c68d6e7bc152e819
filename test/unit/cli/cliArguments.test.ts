import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { UsageError, parseCliArguments, usage } from '../../../src/cli/cliArguments';
import { defaultConsolidator, defaultReviewers } from '../../../src/shared/reviewerConfig';

test('defaults: current directory, md and json, the default reviewer', () => {
  const command = parseCliArguments(['review'], '/work/repo');
  assert.ok(command !== 'help' && command.command === 'review');
  assert.equal(command.repo, '/work/repo');
  assert.equal(command.outDir, '/work/repo');
  assert.deepEqual(command.formats, ['md', 'json']);
  assert.equal(command.base, undefined);
  assert.deepEqual(command.reviewers.map((reviewer) => reviewer.cli), ['claude', 'codex', 'gemini']);
});

test('options are read and formats deduplicated', () => {
  const command = parseCliArguments(['review', '--repo', '/r', '--base', 'develop', '--out', '/o', '--format', 'json,md,json', '--quiet'], '/cwd');
  assert.deepEqual(command, {
    command: 'review',
    repo: '/r', base: 'develop', outDir: '/o', formats: ['json', 'md'], progress: 'none',
    reviewers: [...defaultReviewers],
    consolidator: defaultConsolidator,
    pullRequest: true,
    failOn: 'never',
    budgetMinutes: null,
    budgetUsd: null,
    prComment: false,
    prReview: null,
    verifyCommand: null,
    scope: 'auto',
  });
});

test('sarif is a report format, alone or with the others', () => {
  const formats = (value: string): unknown => {
    const command = parseCliArguments(['review', '--format', value], '/');
    return command !== 'help' && command.command === 'review' ? command.formats : undefined;
  };
  assert.deepEqual(formats('sarif'), ['sarif']);
  assert.deepEqual(formats('md, json ,sarif'), ['md', 'json', 'sarif']);
  assert.throws(() => parseCliArguments(['review', '--format', 'md,sarif2'], '/'), /--format takes md and\/or json and\/or sarif, comma-separated, got "md,sarif2"/);
  assert.throws(() => parseCliArguments(['review', '--format', ','], '/'), UsageError);
});

test('reviewers come from inline JSON or a file, validated', () => {
  const inline = parseCliArguments(['review', '--reviewers', '[{"id":"c","cli":"claude","model":"sonnet","effort":"low"}]'], '/');
  assert.ok(inline !== 'help' && inline.command === 'review' && inline.reviewers[0]?.model === 'sonnet' && inline.reviewers[0].enabled);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-')), 'reviewers.json');
  fs.writeFileSync(file, JSON.stringify([{ id: 'x', cli: 'claude', model: 'opus', effort: 'max', timeoutMinutes: 5 }]));
  const fromFile = parseCliArguments(['review', '--reviewers', file], '/');
  assert.ok(fromFile !== 'help' && fromFile.command === 'review' && fromFile.reviewers[0]?.timeoutMinutes === 5);
  fs.rmSync(path.dirname(file), { recursive: true });
});

test('bad input is a usage error that says what is wrong', () => {
  assert.throws(() => parseCliArguments([], '/'), (error: unknown) => error instanceof UsageError && /Missing command: review, check or clis/.test(error.message));
  assert.throws(() => parseCliArguments(['review', '--format', 'pdf'], '/'), /--format takes md and\/or json/);
  assert.throws(() => parseCliArguments(['review', '--bogus'], '/'), UsageError);
  assert.throws(() => parseCliArguments(['review', '--reviewers', '[{"id":"a","cli":"vim","model":"m","effort":"e"}]'], '/'), /not a valid reviewer list/);
  assert.throws(() => parseCliArguments(['review', '--reviewers', '[{"id":"a","cli":"claude","model":"m","effort":"e"},{"id":"a","cli":"claude","model":"n","effort":"e"}]'], '/'), /appears twice/);
  assert.throws(() => parseCliArguments(['review', '--reviewers', '/does/not/exist.json'], '/'), /cannot read/);
  assert.equal(parseCliArguments(['--help'], '/'), 'help');
});

test('check takes the reviewer list too', () => {
  const command = parseCliArguments(['check', '--reviewers', '[{"id":"c","cli":"claude","model":"sonnet","effort":"low"}]'], '/');
  assert.ok(command !== 'help' && command.command === 'check' && command.reviewers[0]?.model === 'sonnet');
});

test('the consolidator defaults to Claude Code, takes JSON or "off", and is checked with the reviewers', () => {
  const byDefault = parseCliArguments(['review'], '/repo');
  assert.ok(byDefault !== 'help' && byDefault.command === 'review');
  assert.deepEqual(byDefault.consolidator, { id: 'consolidator', cli: 'claude', model: 'opus', effort: 'high', enabled: true });
  assert.equal(byDefault.pullRequest, true);

  const codex = parseCliArguments(['review', '--consolidator', '{"cli":"codex","model":"gpt-5.5","effort":"medium"}', '--no-pr'], '/repo');
  assert.ok(codex !== 'help' && codex.command === 'review');
  assert.deepEqual(codex.consolidator, { id: 'consolidator', cli: 'codex', model: 'gpt-5.5', effort: 'medium', enabled: true });
  assert.equal(codex.pullRequest, false);

  const off = parseCliArguments(['review', '--consolidator', 'off'], '/repo');
  assert.ok(off !== 'help' && off.command === 'review' && off.consolidator === null);
  const disabled = parseCliArguments(['review', '--consolidator', '{"cli":"claude","model":"opus","effort":"high","enabled":false}'], '/repo');
  assert.ok(disabled !== 'help' && disabled.command === 'review' && disabled.consolidator === null);

  const check = parseCliArguments(['check'], '/repo');
  assert.ok(check !== 'help' && check.command === 'check');
  assert.deepEqual(check.reviewers.map((reviewer) => reviewer.id), ['claude', 'codex', 'gemini', 'consolidator']);

  assert.throws(() => parseCliArguments(['review', '--consolidator', '{"cli":"vim","model":"x","effort":"y"}'], '/repo'), /--consolidator is not a valid consolidator: ✖ Invalid option: expected one of "claude"\|"codex"\|"gemini" → at cli/);
  assert.throws(() => parseCliArguments(['review', '--reviewers', '[{"id":"consolidator","cli":"claude","model":"opus","effort":"high"}]'], '/repo'), /"consolidator" is the consolidator's id/);
});

const review = (args: string[]) => {
  const command = parseCliArguments(['review', ...args], '/repo');
  assert.ok(command !== 'help' && command.command === 'review');
  return command;
};

test('CI options: --fail-on, --budget-minutes, --progress and --pr-comment, with their defaults', () => {
  assert.deepEqual(
    (({ failOn, budgetMinutes, progress, prComment }) => ({ failOn, budgetMinutes, progress, prComment }))(review([])),
    { failOn: 'never', budgetMinutes: null, progress: 'text', prComment: false },
  );
  const ci = review(['--fail-on', 'important', '--budget-minutes', '12.5', '--progress', 'json', '--pr-comment']);
  assert.deepEqual({ failOn: ci.failOn, budgetMinutes: ci.budgetMinutes, progress: ci.progress, prComment: ci.prComment }, { failOn: 'important', budgetMinutes: 12.5, progress: 'json', prComment: true });
  assert.equal(review(['--quiet']).progress, 'none');
  assert.equal(review(['--quiet', '--progress', 'none']).progress, 'none');
});

test('--pr-review posts inline comments with a budget of 20 open threads unless --pr-review-budget says otherwise', () => {
  assert.deepEqual(review(['--pr-review']).prReview, { budget: 20 });
  assert.deepEqual(review(['--pr-review', '--pr-review-budget', '5']).prReview, { budget: 5 });
  assert.throws(() => review(['--pr-review-budget', '5']), /--pr-review-budget goes with --pr-review/);
  for (const value of ['-1', '2.5', 'many', '']) {
    assert.throws(() => review(['--pr-review', `--pr-review-budget=${value}`]), /--pr-review-budget takes a whole number from 0 to 1000/, value);
  }
});

test('bad CI option values are usage errors naming the choices', () => {
  assert.throws(() => review(['--fail-on', 'major']), /--fail-on takes critical, important, suggestion, never, got "major"/);
  assert.throws(() => review(['--progress', 'xml']), /--progress takes text, json, none, got "xml"/);
  assert.throws(() => review(['--quiet', '--progress', 'json']), /--quiet means --progress none/);
  for (const value of ['0', '-3', 'ten', '', 'Infinity']) {
    assert.throws(() => review([`--budget-minutes=${value}`]), /--budget-minutes takes a positive number of minutes/, value);
  }
  assert.equal(review(['--budget-usd', '2.5']).budgetUsd, 2.5);
  for (const value of ['0', '-1', 'five', '', 'Infinity']) {
    assert.throws(() => review([`--budget-usd=${value}`]), /--budget-usd takes a positive amount of US dollars/, value);
  }
});

test('--verify-command verifies fixes with a shell command and an optional --verify-timeout', () => {
  assert.equal(review([]).verifyCommand, null);
  assert.deepEqual(review(['--verify-command', ' npm test ']).verifyCommand, { command: 'npm test', timeoutSeconds: 300 });
  assert.deepEqual(review(['--verify-command', 'go build ./...', '--verify-timeout', '90']).verifyCommand, { command: 'go build ./...', timeoutSeconds: 90 });
  assert.throws(() => review(['--verify-command', '  ']), /--verify-command takes a shell command/);
  assert.throws(() => review(['--verify-timeout', '90']), /--verify-timeout goes with --verify-command/);
  assert.deepEqual(review(['--verify-command', 'npm ci && npm test', '--verify-network']).verifyCommand, { command: 'npm ci && npm test', timeoutSeconds: 300, network: true });
  assert.throws(() => review(['--verify-network']), /--verify-network goes with --verify-command/);
  for (const value of ['0', '1.5', 'soon', '86401']) {
    assert.throws(() => review(['--verify-command', 'make', '--verify-timeout', value]), /--verify-timeout takes a whole number of seconds from 1 to 86400/, value);
  }
  assert.match(usage, /--verify-command CMD/);
});

test('the usage names every exit code', () => {
  assert.match(usage, /Exit codes: 0 report written, 1 review failed, 2 bad arguments, 3 report written with a finding at or\s+above --fail-on, 130 cancelled/);
});

test('clis lists the CLIs of the enabled reviewers and the consolidator, once each', () => {
  const clis = (args: string[]) => {
    const command = parseCliArguments(['clis', ...args], '/repo');
    assert.ok(command !== 'help' && command.command === 'clis');
    return command.clis;
  };
  assert.deepEqual(clis([]), ['claude', 'codex', 'gemini']);
  const two = '[{"id":"g","cli":"gemini","model":"pro","effort":"high"},{"id":"c","cli":"codex","model":"m","effort":"high","enabled":false}]';
  assert.deepEqual(clis(['--reviewers', two]), ['gemini', 'claude']);
  assert.deepEqual(clis(['--reviewers', two, '--consolidator', 'off']), ['gemini']);
  assert.deepEqual(clis(['--reviewers', two, '--consolidator', '{"cli":"codex","model":"m","effort":"high"}']), ['gemini', 'codex']);
});

test('in CI a reviewers or consolidator file may not choose a program, flags, endpoint or key; inline JSON may', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-ci-'));
  try {
    const hostile = path.join(dir, 'deep-review.json');
    fs.writeFileSync(hostile, JSON.stringify([{ id: 'claude', cli: 'claude', model: 'opus', effort: 'high', command: './ci/claude' }]));
    const consolidator = path.join(dir, 'consolidator.json');
    fs.writeFileSync(consolidator, JSON.stringify({ cli: 'codex', model: 'm', effort: 'high', baseUrl: 'https://listener.example/v1' }));
    const ci = { CI: 'true' };

    // Control: outside CI the file is the user's own, and its command is used.
    const local = parseCliArguments(['review', '--reviewers', hostile], '/', {});
    assert.ok(local !== 'help' && local.command === 'review' && local.reviewers[0]?.command === './ci/claude');

    for (const env of [ci, { GITHUB_ACTIONS: 'true' }]) {
      assert.throws(
        () => parseCliArguments(['review', '--reviewers', hostile], '/', env),
        (error: unknown) => error instanceof UsageError && error.message.startsWith(`--reviewers ${hostile} sets reviewer "claude" command "./ci/claude". In CI a file in the repository may not choose`),
      );
    }
    assert.throws(() => parseCliArguments(['check', '--consolidator', consolidator], '/', ci), /--consolidator .* sets deepReview.consolidator baseUrl "https:\/\/listener.example\/v1"/);
    const inline = parseCliArguments(['review', '--reviewers', fs.readFileSync(hostile, 'utf8')], '/', ci);
    assert.ok(inline !== 'help' && inline.command === 'review' && inline.reviewers[0]?.command === './ci/claude', 'the workflow itself may pass them');
    fs.writeFileSync(hostile, JSON.stringify([{ id: 'claude', cli: 'claude', model: 'sonnet', effort: 'low', timeoutMinutes: 5 }]));
    const plain = parseCliArguments(['review', '--reviewers', hostile], '/', ci);
    assert.ok(plain !== 'help' && plain.command === 'review' && plain.reviewers[0]?.model === 'sonnet', 'model and effort may come from a file');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('lsp runs the language server over stdio, the only transport', () => {
  assert.deepEqual(parseCliArguments(['lsp', '--stdio'], '/cwd'), { command: 'lsp' });
  assert.throws(() => parseCliArguments(['lsp'], '/cwd'), (error) => error instanceof UsageError && /lsp takes exactly --stdio/.test(error.message));
  assert.throws(() => parseCliArguments(['lsp', '--socket=9000'], '/cwd'), UsageError);
  assert.match(usage, /deep-review lsp --stdio/);
});
