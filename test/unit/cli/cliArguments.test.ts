import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { UsageError, parseCliArguments } from '../../../src/cli/cliArguments';
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
    repo: '/r', base: 'develop', outDir: '/o', formats: ['json', 'md'], quiet: true,
    reviewers: [...defaultReviewers],
    consolidator: defaultConsolidator,
    pullRequest: true,
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
  assert.ok(inline !== 'help' && inline.reviewers[0]?.model === 'sonnet' && inline.reviewers[0].enabled);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dr-cli-')), 'reviewers.json');
  fs.writeFileSync(file, JSON.stringify([{ id: 'x', cli: 'claude', model: 'opus', effort: 'max', timeoutMinutes: 5 }]));
  const fromFile = parseCliArguments(['review', '--reviewers', file], '/');
  assert.ok(fromFile !== 'help' && fromFile.reviewers[0]?.timeoutMinutes === 5);
  fs.rmSync(path.dirname(file), { recursive: true });
});

test('bad input is a usage error that says what is wrong', () => {
  assert.throws(() => parseCliArguments([], '/'), (error: unknown) => error instanceof UsageError && /Missing command: review or check/.test(error.message));
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
