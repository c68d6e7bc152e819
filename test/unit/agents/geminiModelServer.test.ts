import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { firstUserContentText, functionResponses, offeredFunctionNames, systemInstructionText, thinkingConfigOf } from '../../fixtures/modelServer/geminiProtocol';
import { startModelServer, step, type ModelServer } from '../../fixtures/modelServer/modelServer';

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
    body: JSON.stringify(body),
  });
}

/** The `data:` payloads of an SSE body, checking there are no `event:` lines (Gemini sends data only). */
function sseData(text: string): Array<{ candidates: Array<{ content: { parts: unknown[] }; finishReason?: string }>; usageMetadata?: unknown }> {
  assert.ok(!text.includes('event:'));
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)) as ReturnType<typeof sseData>[number]);
}

test('text comes in two chunks, the last with finishReason and usage; a tool step is one functionCall part', async () => {
  server = await startModelServer({ protocol: 'gemini', script: [step.text('Hello there'), step.tool('read_file', { file_path: 'a.txt' })] });

  const text = sseData(await (await post(server.url, {})).text());
  const tool = sseData(await (await post(server.url, {})).text());

  assert.deepEqual(text.map((chunk) => chunk.candidates[0]?.content.parts), [[{ text: 'Hello' }], [{ text: ' there' }]]);
  assert.equal(text[1]?.candidates[0]?.finishReason, 'STOP');
  assert.deepEqual(text[1].usageMetadata, { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 120 });
  assert.deepEqual(tool[0]?.candidates[0]?.content.parts, [{ functionCall: { name: 'read_file', args: { file_path: 'a.txt' } } }]);
});

test('a structured step is text ending with the object in a json block; errors use Google’s error shape', async () => {
  server = await startModelServer({ protocol: 'gemini', script: [step.structured({ ok: true }), step.error(429)] });

  const structured = sseData(await (await post(server.url, {})).text());
  const limited = await post(server.url, {});

  const joined = structured.flatMap((chunk) => chunk.candidates[0]?.content.parts ?? []).map((part) => (part as { text: string }).text).join('');
  assert.match(joined, /```json\n\{\n {2}"ok": true\n\}\n```\n$/);
  assert.equal(limited.status, 429);
  assert.deepEqual(await limited.json(), { error: { code: 429, message: 'scripted error 429', status: 'RESOURCE_EXHAUSTED' } });
});

test('only streamGenerateContent calls consume steps; the helpers read prompt, system instruction, tools, function responses and thinking', async () => {
  server = await startModelServer({ protocol: 'gemini', script: [step.text('ok')] });
  const body = {
    contents: [
      { role: 'user', parts: [{ text: '<session_context>' }, { text: 'Review it' }] },
      { role: 'model', parts: [{ functionCall: { name: 'run_shell_command', args: { command: 'touch x' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'run_shell_command', id: '1', response: { error: 'denied by policy' } } }] },
      { role: 'model', parts: [{ functionCall: { name: 'read_file', args: { file_path: 'a' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'read_file', id: '2', response: { output: 'line 1' } } }] },
    ],
    systemInstruction: { parts: [{ text: '# Code review' }] },
    tools: [{ functionDeclarations: [{ name: 'read_file' }, { name: 'glob' }] }],
    generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 } },
  };

  const countTokens = await fetch(`${server.url}/v1beta/models/gemini-2.5-pro:countTokens`, { method: 'POST', body: '{}' });
  await (await post(server.url, body)).text();

  assert.equal(countTokens.status, 404);
  const [request] = server.modelRequests;
  assert.ok(request);
  assert.equal(firstUserContentText(request), '<session_context>\nReview it');
  assert.equal(systemInstructionText(request), '# Code review');
  assert.deepEqual(offeredFunctionNames(request), ['read_file', 'glob']);
  assert.deepEqual(functionResponses(request), [
    { name: 'run_shell_command', text: 'denied by policy', isError: true },
    { name: 'read_file', text: 'line 1', isError: false },
  ]);
  assert.deepEqual(thinkingConfigOf(request), { includeThoughts: true, thinkingBudget: 2048 });
});
