import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { startModelServer, step, type ModelServer, type RecordedRequest } from '../../fixtures/modelServer/modelServer';
import { functionCallOutputs, messageTexts, offeredToolNames, promptText, responseFormat } from '../../fixtures/modelServer/openaiProtocol';

// The scripted server speaking the OpenAI Responses API (what Codex calls).

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' }, body: JSON.stringify(body) });
}

/** `event:` names and `data:` payloads of an SSE body. */
function sse(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

test('a tool step is a function_call item, a structured step a message whose text is the JSON, each with usage', async () => {
  server = await startModelServer({ protocol: 'openai', script: [step.tool('exec_command', { cmd: 'git diff' }), step.structured({ ok: true })] });

  const first = sse(await (await post(server.url, { model: 'gpt-5.5', input: [] })).text());
  const second = sse(await (await post(server.url, { model: 'gpt-5.5', input: [] })).text());

  assert.deepEqual(first.map((entry) => entry.event), ['response.created', 'response.output_item.added', 'response.output_item.done', 'response.completed']);
  assert.ok(first.every((entry) => entry.data.type === entry.event));
  assert.deepEqual(first[2]?.data.item, { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"git diff"}', status: 'completed' });
  const message = second[2]?.data.item as { type: string; role: string; content: Array<{ type: string; text: string }> };
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.deepEqual(message.content.map((part) => [part.type, part.text]), [['output_text', '{"ok":true}']]);
  const usage = (second[3]?.data.response as { usage: { input_tokens: number; output_tokens: number } }).usage;
  assert.deepEqual([usage.input_tokens, usage.output_tokens], [100, 20]);
});

test('an error step answers in OpenAI’s error shape; other requests (e.g. a WebSocket upgrade probe) get 404', async () => {
  server = await startModelServer({ protocol: 'openai', script: [step.error(429)] });

  const probe = await fetch(`${server.url}/v1/responses`);
  const response = await post(server.url, { model: 'gpt-5.5', input: [] });

  assert.equal(probe.status, 404);
  assert.equal(response.status, 429);
  assert.deepEqual(await response.json(), { error: { message: 'scripted error 429', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
  assert.deepEqual(server.requests.map((request) => request.modelCall), [false, true]);
});

test('helpers read the prompt, messages, tool outputs, tools and response format of a recorded request', () => {
  const request: RecordedRequest = {
    method: 'POST',
    url: '/v1/responses',
    headers: {},
    modelCall: true,
    body: {
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'be careful' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>…</environment_context>' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Review feature/x' }] },
        { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls"}', call_id: 'call_1' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Process exited with code 0\nOutput:\na.txt\n' },
      ],
      tools: [{ type: 'function', name: 'exec_command' }, { type: 'web_search' }],
      text: { format: { type: 'json_schema', strict: true, schema: {} } },
    },
  };

  assert.equal(promptText(request), 'Review feature/x');
  assert.deepEqual(messageTexts(request, 'developer'), ['be careful']);
  assert.equal(messageTexts(request, 'user').length, 2);
  assert.deepEqual(functionCallOutputs(request), [{ callId: 'call_1', text: 'Process exited with code 0\nOutput:\na.txt\n' }]);
  assert.deepEqual(offeredToolNames(request), ['exec_command', 'web_search']);
  assert.equal(responseFormat(request)?.strict, true);
});
