import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractAnswer, type AnswerExtraction } from '../../../src/engine/agents/answerExtraction';
import { reviewerAnswerContract } from '../../../src/engine/agents/reviewerAnswerContract';
import type { ReviewerAnswer, ReviewerFinding } from '../../../src/shared/reviewerAnswer';

const contract = reviewerAnswerContract();

const finding: ReviewerFinding = {
  severity: 'important',
  title: 'Cache never expires',
  body: 'Entries stay forever:\n\n```ts\ncache.set(key, value);\n```',
  file: 'src/cache.ts',
  startLine: 12,
  endLine: 12,
  snippet: '  cache.set(key, value);',
  fix: { description: 'Pass a TTL.', edits: [{ file: 'src/cache.ts', original: '  cache.set(key, value);\n', replacement: '  cache.set(key, value, { ttl });\n' }] },
  tags: ['correctness'],
};

const answer: ReviewerAnswer = {
  summary: 'Adds a cache.',
  findings: [finding],
  designObservations: [{ kind: 'strength', scope: 'in-scope', title: 'Small module', body: 'Easy to follow.' }],
  testingAssessment: 'No tests for expiry.',
  documentationAssessment: 'Fine.',
};

function succeeded(result: AnswerExtraction<ReviewerAnswer>): { answer: ReviewerAnswer; warnings: string[] } {
  if (!result.ok) assert.fail(`expected success, got: ${result.error.message}`);
  return result;
}

function failedWith(result: AnswerExtraction<ReviewerAnswer>): string {
  if (result.ok) assert.fail('expected a failure');
  assert.equal(result.error.code, 'invalid-answer');
  return result.error.message;
}

test('structured output is validated and returned as is', () => {
  const { answer: parsed, warnings } = succeeded(extractAnswer({ structured: answer, text: 'ignored' }, contract));

  assert.deepEqual(parsed, answer);
  assert.deepEqual(warnings, []);
});

test('without structured output, the last fenced json block of the text is the answer', () => {
  const older = { ...answer, summary: 'First draft.' };
  const text = `Draft:\n\`\`\`json\n${JSON.stringify(older)}\n\`\`\`\n\nFinal:\n\`\`\`json\n${JSON.stringify(answer, null, 2)}\n\`\`\`\nThanks.`;

  assert.equal(succeeded(extractAnswer({ text }, contract)).answer.summary, 'Adds a cache.');
});

test('a fence inside a finding body does not end the json block', () => {
  const text = `\`\`\`json\n${JSON.stringify(answer, null, 2)}\n\`\`\``;

  assert.equal(succeeded(extractAnswer({ text }, contract)).answer.findings[0]?.body, finding.body);
});

test('a bare JSON object in prose is found when there is no fenced block', () => {
  const text = `I looked at {the cache} carefully. Result: ${JSON.stringify(answer)} — that is all.`;

  assert.deepEqual(succeeded(extractAnswer({ text }, contract)).answer, answer);
});

test('text without JSON fails as an invalid answer', () => {
  assert.match(failedWith(extractAnswer({ text: 'The branch looks good to me!' }, contract)), /contains no JSON object/);
});

test('an empty answer says the reviewer gave none', () => {
  assert.equal(failedWith(extractAnswer({ text: '   ' }, contract)), 'The reviewer gave no answer.');
});

test('half a JSON answer (cut off) fails as an invalid answer', () => {
  const json = JSON.stringify(answer, null, 2);
  const text = `\`\`\`json\n${json.slice(0, json.length / 2)}`;

  assert.match(failedWith(extractAnswer({ text }, contract)), /contains no JSON object/);
});

test('one invalid finding is dropped with a warning naming why; the valid ones are kept', () => {
  const broken = { ...finding, title: 'Wrong severity', severity: 'blocker' };
  const escaping = { ...finding, title: 'Escapes the repo', file: '../etc/passwd' };
  const structured = { ...answer, findings: [finding, broken, escaping] };

  const { answer: parsed, warnings } = succeeded(extractAnswer({ structured }, contract));

  assert.deepEqual(parsed.findings, [finding]);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0] ?? '', /^Dropped finding 2 "Wrong severity": severity: /);
  assert.match(warnings[1] ?? '', /^Dropped finding 3 "Escapes the repo": file: must be a repository-relative path/);
});

test('an answer that misses required parts fails with the schema issues summarised', () => {
  const message = failedWith(extractAnswer({ structured: { summary: 42, findings: [] } }, contract));

  assert.match(message, /does not match the answer schema/);
  assert.match(message, /summary: /);
  assert.match(message, /designObservations: /);
});

test('structured output that is not an object falls back to the text', () => {
  const { answer: parsed } = succeeded(extractAnswer({ structured: 'not an object', text: JSON.stringify(answer) }, contract));

  assert.equal(parsed.summary, 'Adds a cache.');
});
