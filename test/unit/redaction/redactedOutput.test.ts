import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReviewError } from '../../../src/engine/errors';
import { redactedError, withRedactedOutput } from '../../../src/engine/redaction/redactedOutput';
import { SecretRedactor } from '../../../src/engine/redaction/secretRedactor';
import type { ReviewEvent } from '../../../src/shared/reviewEvents';

const key = 'Zx81-AnthropicKeyOfTheUser-Qw42Lm';
const redactor = new SecretRedactor([{ value: key, source: 'ANTHROPIC_API_KEY' }]);

test('progress events, log lines and agents’ stderr reach the CLI’s stderr and the editor’s log redacted', () => {
  const events: ReviewEvent[] = [];
  const lines: string[] = [];
  const output = withRedactedOutput(
    {
      cwd: '/repo',
      onEvent: (event: ReviewEvent) => { events.push(event); },
      onLog: (line: string) => { lines.push(line); },
      onAgentStderr: (agentId: string, line: string) => { lines.push(`${agentId}: ${line}`); },
    },
    redactor,
  );

  output.onEvent({ type: 'agent-failed', reviewerId: 'claude', error: `401 for key ${key}` });
  output.onEvent({ type: 'agent-progress', reviewerId: 'claude', elapsedMs: 10, toolCalls: 1, lastTool: `Bash(echo ${key})` });
  output.onLog(`claude: invalid answer quoting ${key}. Running it once more.`);
  output.onAgentStderr('claude', `debug: using ${key}`);

  assert.equal(output.cwd, '/repo');
  assert.deepEqual(events, [
    { type: 'agent-failed', reviewerId: 'claude', error: '401 for key [REDACTED ANTHROPIC_API_KEY]' },
    { type: 'agent-progress', reviewerId: 'claude', elapsedMs: 10, toolCalls: 1, lastTool: 'Bash(echo [REDACTED ANTHROPIC_API_KEY])' },
  ]);
  assert.deepEqual(lines, ['claude: invalid answer quoting [REDACTED ANTHROPIC_API_KEY]. Running it once more.', 'claude: debug: using [REDACTED ANTHROPIC_API_KEY]']);
});

test('callbacks that were not given stay absent', () => {
  const output = withRedactedOutput({ cwd: '/repo', onLog: undefined, onEvent: undefined }, redactor);
  assert.equal(output.onEvent, undefined);
  assert.equal(output.onLog, undefined);
});

test('an error that quotes a secret is redacted, and keeps its code and hint', () => {
  const failure = redactedError(new ReviewError('no-reviewer-succeeded', `No reviewer finished (claude: ${key})`, 'See the log.'), redactor);
  assert.ok(failure instanceof ReviewError);
  assert.equal(failure.code, 'no-reviewer-succeeded');
  assert.equal(failure.userMessage, 'No reviewer finished (claude: [REDACTED ANTHROPIC_API_KEY]) — See the log.');
  const plain = redactedError(new Error(`boom ${key}`), redactor);
  assert.ok(plain instanceof Error);
  assert.equal(plain.message, 'boom [REDACTED ANTHROPIC_API_KEY]');
  const clean = new ReviewError('cancelled', 'The review was cancelled.');
  assert.equal(redactedError(clean, redactor), clean);
});
