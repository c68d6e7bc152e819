import assert from 'node:assert/strict';
import { test } from 'node:test';
import { geminiArgs, geminiSystemPrompt, geminiUserMessage } from '../../../src/engine/agents/gemini/geminiArgs';
import { geminiDeniedArgsPattern, geminiReadOnlyPolicy } from '../../../src/engine/agents/gemini/geminiPolicy';
import { ReviewError } from '../../../src/engine/errors';
import { reviewerAnswerJsonSchema } from '../../../src/shared/reviewerAnswer';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';

const reviewer: ReviewerConfig = { id: 'gemini', cli: 'gemini', model: 'gemini-3-pro-preview', effort: 'high', enabled: true };

function argsFor(overrides: Partial<ReviewerConfig> = {}): string[] {
  return geminiArgs({ reviewer: { ...reviewer, ...overrides }, policyPath: '/home/dev/.private/deep-review-readonly.toml' });
}

function valueOf(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  assert.notEqual(index, -1, `${flag} is present`);
  return args[index + 1];
}

test('the -p message has no @, so Gemini CLI never expands it into file contents; the review prompt goes elsewhere', () => {
  const args = argsFor();

  assert.deepEqual(args.slice(0, 2), ['-p', geminiUserMessage]);
  assert.ok(!geminiUserMessage.includes('@'));
});

test('stream-json output, the model, the read-only policy, and no extensions or MCP servers', () => {
  const args = argsFor({ model: 'gemini-2.5-flash' });

  assert.equal(valueOf(args, '--output-format'), 'stream-json');
  assert.equal(valueOf(args, '--model'), 'gemini-2.5-flash');
  assert.equal(valueOf(args, '--policy'), '/home/dev/.private/deep-review-readonly.toml');
  assert.equal(valueOf(args, '--extensions'), 'none');
  assert.equal(valueOf(args, '--allowed-mcp-server-names'), 'none');
});

test('never --skip-trust, --yolo or an approval mode: the worktree stays untrusted and nothing is auto-approved', () => {
  const args = argsFor();

  for (const flag of ['--skip-trust', '--yolo', '-y', '--approval-mode', '--sandbox']) assert.ok(!args.includes(flag), `${flag} is absent`);
});

test('the reviewer’s extra args come last', () => {
  assert.deepEqual(argsFor({ args: ['--debug'] }).slice(-1), ['--debug']);
});

test('reviewer args that would trust the branch or widen what runs are refused with the reviewer named', () => {
  for (const args of [['--skip-trust'], ['--yolo'], ['--approval-mode=yolo'], ['--approval-mode', 'auto_edit'], ['--allowed-tools', 'run_shell_command']]) {
    assert.throws(
      () => argsFor({ args }),
      (error: unknown) => error instanceof ReviewError && error.code === 'invalid-config' && error.message.startsWith('Reviewer "gemini" has "args" Deep Review refuses: `--'),
      args.join(' '),
    );
  }
});

test('the system prompt is the review prompt, then Gemini tool notes, then the answer schema as JSON', () => {
  const schema = reviewerAnswerJsonSchema();
  const prompt = geminiSystemPrompt('# Code review: branch `x`\n\nReview it.\n', schema);

  assert.ok(prompt.startsWith('# Code review: branch `x`\n\nReview it.\n\n## Working in Gemini CLI\n'));
  assert.match(prompt, /`run_shell_command` for `git diff`, `git log`, `git show`, `git status` only/);
  assert.match(prompt, /Always pass `--no-ext-diff`/);
  const block = /```json\n([\s\S]*)\n```\n$/.exec(prompt)?.[1];
  assert.deepEqual(JSON.parse(block ?? ''), schema);
});

test('the denied-arguments pattern catches writes, paths outside the worktree, program runs and shell expansion', () => {
  const denied = new RegExp(geminiDeniedArgsPattern);
  const argsJson = (command: string): string => JSON.stringify({ command, description: 'Show the diff' });

  for (const command of [
    'git diff --output=/tmp/x',
    'git diff --no-index /dev/null /etc/passwd',
    'git diff --ext-diff main',
    'git log -p --textconv',
    'git diff -O/tmp/order main',
    'git diff $(touch x)',
    'git diff `touch x`',
    'git diff main > out.txt',
    'git diff --no-ext-diff /dev/null ~/.ssh/id_rsa',
    'git diff --no-ext-diff /dev/null /home/user/.config/gh/hosts.yml',
    'git diff "/etc/passwd"',
    "git diff '~/.netrc'",
    'git diff --relative=/etc',
    'git diff ../other-repo/file',
    'git diff src/../../file',
    'git diff -- ..',
  ]) {
    assert.ok(denied.test(argsJson(command)), command);
  }
  // Gemini CLI 0.61 ignores a rule whose pattern fails its isSafeRegExp (a quantified group): the rule must pass it.
  assert.doesNotMatch(geminiDeniedArgsPattern, /\([^)]*[*+?{].*\)[*+?{]/);
  for (const command of ['git diff --no-ext-diff main...HEAD -- src/price.js', 'git log --oneline -20', 'git show --stat HEAD~1', 'git status --short', 'git log origin/main..HEAD', 'git show HEAD:src/a.js']) {
    assert.ok(!denied.test(argsJson(command)), command);
  }
});

test('the policy allows read tools and git diff/log/show/status, denies the options above first, and everything else', () => {
  const policy = geminiReadOnlyPolicy();

  assert.match(policy, /toolName = \["read_file", "read_many_files", "list_directory", "glob", "grep_search"\]\ndecision = "allow"\npriority = 900/);
  assert.match(policy, /commandPrefix = \["git diff", "git log", "git show", "git status"\]\ndecision = "allow"\npriority = 900/);
  assert.ok(policy.includes(`argsPattern = '${geminiDeniedArgsPattern}'\ndecision = "deny"\npriority = 950`));
  assert.match(policy, /toolName = "\*"\ndecision = "deny"\npriority = 100/);
});
