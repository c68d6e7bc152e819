import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claudeArgs } from '../../../src/engine/agents/claude/claudeArgs';
import { reviewerAnswerJsonSchema } from '../../../src/shared/reviewerAnswer';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';

const reviewer: ReviewerConfig = { id: 'claude', cli: 'claude', model: 'opus', effort: 'high', enabled: true };

function argsFor(overrides: Partial<ReviewerConfig> = {}): string[] {
  return claudeArgs({ reviewer: { ...reviewer, ...overrides }, answerSchema: reviewerAnswerJsonSchema() });
}

/** The values following `flag` up to the next option. */
function valuesOf(args: string[], flag: string): string[] {
  const start = args.indexOf(flag);
  assert.notEqual(start, -1, `${flag} is present`);
  const rest = args.slice(start + 1);
  const end = rest.findIndex((arg) => arg.startsWith('--'));
  return end === -1 ? rest : rest.slice(0, end);
}

test('the prompt is not on the command line: `-p` alone, so Claude Code reads it from stdin', () => {
  const args = argsFor();

  assert.equal(args[0], '-p');
  assert.match(args[1] ?? '', /^--/, 'an option, not a prompt, follows -p');
});

test('no settings file, MCP server or instruction file of the branch is loaded', () => {
  const args = argsFor();

  assert.deepEqual(valuesOf(args, '--setting-sources'), ['']);
  assert.ok(args.includes('--strict-mcp-config'));
  assert.deepEqual(valuesOf(args, '--mcp-config'), ['{"mcpServers":{}}']);
  assert.ok(args.includes('--no-session-persistence'));
});

test('tools are read-only and only git diff/log/show run without a prompt, which nobody answers', () => {
  const args = argsFor();

  assert.deepEqual(valuesOf(args, '--tools'), ['Read,Grep,Glob,Bash']);
  assert.deepEqual(valuesOf(args, '--allowedTools'), ['Bash(git diff:*)', 'Bash(git log:*)', 'Bash(git show:*)']);
  const denied = valuesOf(args, '--disallowedTools');
  for (const rule of ['Bash(*--output*)', 'Bash(*--no-index*)', 'Bash(*--ext-diff*)', 'Bash(* /*)', 'Bash(* ~*)', 'Bash(*../*)', 'Bash(*$*)']) assert.ok(denied.includes(rule), rule);
  assert.deepEqual(valuesOf(args, '--permission-mode'), ['dontAsk']);
  assert.ok(!valuesOf(args, '--allowedTools').includes('Read'), 'Read stays out of the allow list so reads outside the worktree are denied');
});

test('stream-json output, model, effort and a turn limit are passed', () => {
  const args = argsFor({ model: 'claude-opus-4-5', effort: 'max' });

  assert.deepEqual(valuesOf(args, '--output-format'), ['stream-json']);
  assert.ok(args.includes('--verbose'), 'stream-json requires --verbose');
  assert.deepEqual(valuesOf(args, '--model'), ['claude-opus-4-5']);
  assert.deepEqual(valuesOf(args, '--effort'), ['max']);
  assert.deepEqual(valuesOf(args, '--max-turns'), ['80']);
});

test('the answer schema is passed as JSON for structured output', () => {
  const [schema] = valuesOf(argsFor(), '--json-schema');

  assert.deepEqual(JSON.parse(schema ?? ''), reviewerAnswerJsonSchema());
});

test('a system prompt addition tells the agent it is a read-only reviewer', () => {
  assert.match(valuesOf(argsFor(), '--append-system-prompt')[0] ?? '', /read-only code reviewer/);
});

test('the reviewer’s extra args come last', () => {
  assert.deepEqual(argsFor({ args: ['--max-turns', '200'] }).slice(-2), ['--max-turns', '200']);
});

test('a spend limit becomes --max-budget-usd; without one the flag is absent', () => {
  assert.equal(argsFor().includes('--max-budget-usd'), false);
  const limited = claudeArgs({ reviewer, answerSchema: reviewerAnswerJsonSchema(), maxSpendUsd: 0.375 });
  assert.deepEqual(valuesOf(limited, '--max-budget-usd'), ['0.375']);
});
