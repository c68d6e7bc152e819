import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function post(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

/** The `data:` payloads of an SSE body. */
function sseData(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)) as Record<string, unknown>);
}

test('steps are played in order as Anthropic SSE: tool call, then structured output as a StructuredOutput tool_use', async () => {
  server = await startModelServer({ protocol: 'anthropic', script: [step.tool('Bash', { command: 'git diff' }), step.structured({ ok: true })] });

  const first = sseData(await (await post(server.url, { model: 'm', messages: [] })).text());
  const second = sseData(await (await post(server.url, { model: 'm', messages: [] })).text());

  assert.deepEqual(first.map((event) => event.type), ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  assert.deepEqual(first[1]?.content_block, { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} });
  assert.deepEqual(first[2]?.delta, { type: 'input_json_delta', partial_json: '{"command":"git diff"}' });
  assert.deepEqual(second[2]?.delta, { type: 'input_json_delta', partial_json: '{"ok":true}' });
  assert.equal((second[1]?.content_block as { name?: string }).name, 'StructuredOutput');
});

test('every request is recorded with method, url, headers and parsed body; non-model requests get 404', async () => {
  server = await startModelServer({ protocol: 'anthropic', script: [step.text('hello')] });

  const head = await fetch(`${server.url}/`, { method: 'HEAD' });
  await (await post(server.url, { model: 'claude-x', messages: [{ role: 'user', content: 'hi' }] })).text();

  assert.equal(head.status, 404);
  assert.deepEqual(server.requests.map((request) => [request.method, request.url, request.modelCall]), [
    ['HEAD', '/', false],
    ['POST', '/v1/messages?beta=true', true],
  ]);
  const [request] = server.modelRequests;
  assert.ok(request);
  assert.equal(request.headers['x-api-key'], 'sk-test');
  assert.deepEqual(request.body, { model: 'claude-x', messages: [{ role: 'user', content: 'hi' }] });
});

test('an error step answers with its status and an Anthropic error body; running out of script is a 500 that says so', async () => {
  server = await startModelServer({ protocol: 'anthropic', script: [step.error(401)] });

  const unauthorized = await post(server.url, {});
  const exhausted = await post(server.url, {});

  assert.equal(unauthorized.status, 401);
  assert.deepEqual(await unauthorized.json(), { type: 'error', error: { type: 'authentication_error', message: 'scripted error 401' } });
  assert.equal(exhausted.status, 500);
  assert.match(await exhausted.text(), /script exhausted: request 2 has no step/);
});

test('hang sends nothing, stall sends headers and then nothing, and close() ends both', { timeout: 5_000 }, async () => {
  server = await startModelServer({ protocol: 'anthropic', script: [step.hang(), step.stall()] });

  const hung = post(server.url, {});
  const stalled = await post(server.url, {});
  const settled = await Promise.race([hung.then(() => 'answered'), new Promise((resolve) => setTimeout(() => { resolve('waiting'); }, 300))]);

  assert.equal(settled, 'waiting');
  assert.equal(stalled.status, 200);
  assert.equal(stalled.headers.get('content-type'), 'text/event-stream');
  const closing = server.close();
  server = undefined;
  await assert.rejects(hung);
  await assert.rejects(stalled.text());
  await closing;
});

test('a step delay holds the answer back', async () => {
  server = await startModelServer({ protocol: 'anthropic', script: [step.text('late', 300)] });

  const started = Date.now();
  await (await post(server.url, {})).text();

  assert.ok(Date.now() - started >= 280);
});
